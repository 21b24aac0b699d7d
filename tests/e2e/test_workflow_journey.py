"""The desk at work, in three browsers: a writer, an editor and a reader.

Writer drafts and submits; the editor returns it with a note; the writer fixes
and resubmits; the editor schedules it a few seconds ahead; a reader sees it
appear at that time (real time, no clock tricks); the editor stages a change to
the live story that the reader does not see until it is published.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Status
from tests.e2e.conftest import login, pick_autocomplete
from tests.factories import AuthorFactory, PhotoFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCHEDULE_AHEAD = timedelta(seconds=20)


def wait_for_status(reader, url, status, timeout=40):
    """Reload ``url`` as a reader until it answers ``status``; return the response."""
    deadline = time.monotonic() + timeout
    while True:
        response = reader.goto(url)
        if response.status == status or time.monotonic() > deadline:
            return response
        time.sleep(1)


def test_a_story_goes_from_draft_through_review_to_a_scheduled_live_story(live_server, new_page):
    writer_user = UserFactory(username="mina", role="Writer", first_name="Mina", last_name="Cho")
    AuthorFactory(name="Mina Cho", slug="mina-cho", user=writer_user)
    UserFactory(username="desk-editor", role="Editor", first_name="Daniel", last_name="Okafor")
    TopicFactory(name="Coast", slug="coast")
    PhotoFactory(caption="Fishing boats moored in Sokcho harbour.", title="Sokcho harbour boats")

    # The writer drafts a story and submits it.
    writer = new_page()
    login(writer, live_server, "mina")
    writer.goto(f"{live_server.url}/admin/articles/article/add/")
    writer.fill("#id_headline", "Squid catch falls to a record low")
    writer.fill("#id_dek", "Warmer water pushes the shoals north.")
    writer.locator(".ProseMirror[contenteditable=true]").click()
    writer.keyboard.type("Boats in Sokcho landed the smallest squid catch on record this season.")
    pick_autocomplete(writer, "lead_photo", "Sokcho harbour")
    pick_autocomplete(writer, "primary_topic", "Coast")
    pick_autocomplete(writer, "bylines-0-author", "Mina Cho")
    writer.click("input[name=_continue]")
    expect(writer.locator(".messagelist")).to_contain_text("was added successfully")
    expect(writer.locator("button[value=publish]")).to_have_count(0)  # not a writer's button
    writer.click("button[value=submit]")
    expect(writer.locator(".messagelist")).to_contain_text("was submitted for review")
    article = Article.objects.get(slug="squid-catch-falls-to-a-record-low")
    assert article.status == Status.REVIEW

    # The editor finds it on the desk and returns it with a note.
    editor = new_page()
    login(editor, live_server, "desk-editor")
    expect(editor.locator("#desk-review")).to_contain_text("Squid catch falls to a record low")
    editor.locator("#desk-review a", has_text="Squid catch").click()
    editor.fill("#nr-note", "Say how far north the shoals moved.")
    editor.click("button[value=return]")
    expect(editor.locator(".messagelist")).to_contain_text("was returned to the writer")

    # The writer sees it returned, with the note, fixes it and resubmits.
    writer.goto(f"{live_server.url}/admin/")
    returned = writer.locator("#desk-returned")
    expect(returned).to_contain_text("Squid catch falls to a record low")
    expect(returned).to_contain_text("Say how far north the shoals moved.")
    returned.locator("a", has_text="Squid catch").click()
    expect(writer.locator(".nr-notice--returned")).to_contain_text(
        "Say how far north the shoals moved."
    )
    writer.fill("#id_dek", "Warmer water pushes the shoals 200 km north.")
    writer.click("button[value=submit]")
    expect(writer.locator(".messagelist")).to_contain_text("was submitted for review")

    # The editor schedules it a few seconds ahead.
    editor.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    at = timezone.localtime(timezone.now() + SCHEDULE_AHEAD).replace(microsecond=0)
    editor.fill("#nr-publish-at", at.strftime("%Y-%m-%dT%H:%M:%S"))
    editor.click("button[value=schedule]")
    expect(editor.locator(".messagelist")).to_contain_text("is scheduled for")
    article.refresh_from_db()
    assert article.is_scheduled and article.published_at == at
    editor.goto(f"{live_server.url}/admin/")
    expect(editor.locator("#desk-scheduled")).to_contain_text("Squid catch falls to a record low")

    # A reader: nothing before the time, the story at its time.
    reader = new_page()
    url = live_server.url + article.get_absolute_url()
    if timezone.now() < at - timedelta(seconds=2):
        assert reader.goto(url).status == 404
    response = wait_for_status(reader, url, 200)
    assert response.status == 200 and timezone.now() >= at
    expect(reader.locator("h1")).to_have_text("Squid catch falls to a record low")
    expect(reader.locator(".story__dek")).to_have_text(
        "Warmer water pushes the shoals 200 km north."
    )

    # The editor stages a change to the live story; readers do not see it until it is published.
    editor.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(editor.locator(".nr-notice--live")).to_be_visible()
    editor.fill("#id_headline", "Squid catch falls to its lowest in forty years")
    editor.click("input[name=_continue]")
    expect(editor.locator(".messagelist")).to_contain_text("unpublished changes")
    expect(editor.locator("#nr-pending ins").first).to_be_visible()
    expect(editor.locator("#nr-pending")).to_contain_text("forty years")
    reader.reload()
    expect(reader.locator("h1")).to_have_text("Squid catch falls to a record low")

    editor.click("button[value=publish_changes]")
    expect(editor.locator(".messagelist")).to_contain_text("are published")
    reader.reload()
    expect(reader.locator("h1")).to_have_text("Squid catch falls to its lowest in forty years")
    assert writer.errors == [] and editor.errors == []
    assert [e for e in reader.errors if "404" not in e] == []  # the 404s are the reader waiting


def test_autosave_brings_work_back_after_the_tab_is_closed(live_server, new_page):
    UserFactory(username="desk-editor", role="Editor")
    page = new_page()
    login(page, live_server, "desk-editor")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "Lighthouse keeper retires after forty years")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The last keeper of the island light packed his bags on Sunday.")
    expect(page.locator("#nr-autosave")).to_contain_text("Autosaved at", timeout=20_000)
    page.context.close()  # the tab (and the browser session) is gone without saving

    again = new_page()
    login(again, live_server, "desk-editor")
    again.goto(f"{live_server.url}/admin/articles/article/add/")
    expect(again.locator(".nr-notice--recover")).to_contain_text("You have unsaved work")
    again.click("text=Restore it into the form")
    expect(again.locator("#id_headline")).to_have_value(
        "Lighthouse keeper retires after forty years"
    )
    expect(again.locator(".ProseMirror[contenteditable=true]")).to_contain_text(
        "The last keeper of the island light"
    )
    assert again.errors == []
