"""An editor files the brief's typical story in the admin; a reader opens it."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, Status
from tests.e2e.conftest import login, pick_autocomplete
from tests.factories import AuthorFactory, TopicFactory, UserFactory, image_file

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_creates_and_publishes_a_wire_story_and_a_reader_reads_it(live_server, new_page, tmp_path):
    UserFactory(username="desk-editor", role="Editor")
    AuthorFactory(name="Mina Cho", slug="mina-cho")
    AuthorFactory(name="Daniel Okafor", slug="daniel-okafor")
    for name in ["World", "Asia", "Business"]:
        TopicFactory(name=name, slug=name.lower())
    photo_path = tmp_path / "busan.jpg"
    photo_path.write_bytes(image_file(1600, 1000).getvalue())

    page = new_page()
    login(page, live_server, "desk-editor")

    # Upload the agency photo.
    page.goto(f"{live_server.url}/admin/photos/photo/add/")
    page.set_input_files("#id_file", str(photo_path))
    page.fill("#id_caption", "Gantry cranes stand idle at a Busan terminal.")
    page.fill("#id_credit", "PHOTO: HANBIT NEWS AGENCY")
    page.fill("#id_alt_text", "Idle container cranes at dusk")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # Write the story.
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_kicker", "Shipping")
    page.fill("#id_headline", "Busan dock strike enters second week")
    page.fill("#id_dek", "Crane operators say automation will cut jobs.")
    page.fill("#id_dateline", "SEOUL")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("A strike at the port entered its second week on Monday.")
    page.keyboard.press("Enter")
    page.keyboard.type("## Ships diverted")  # the editor's Markdown shortcut for a subheading
    page.keyboard.press("Enter")
    page.keyboard.type("Shipping lines sent vessels to rival ports.")
    pick_autocomplete(page, "lead_photo", "Gantry cranes")
    pick_autocomplete(page, "primary_topic", "Asia")
    for topic in ["World", "Business"]:
        page.locator("#id_topics + .select2 .select2-selection").click()
        page.keyboard.type(topic)
        page.locator(".select2-results__option", has_text=topic).first.click()
    page.fill("#id_tags", "Busan, strikes")
    # Two bylines, in order.
    pick_autocomplete(page, "bylines-0-author", "Mina Cho")
    page.click(".add-row a")
    pick_autocomplete(page, "bylines-1-author", "Daniel Okafor")
    page.select_option("#id_bylines-1-role", "additional")
    page.fill("#id_bylines-1-position", "1")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.click("button[value=publish]")
    expect(page.locator(".messagelist")).to_contain_text("is now published")
    article = Article.objects.get(slug="busan-dock-strike-enters-second-week")
    assert article.status == Status.PUBLISHED
    assert "<h2>Ships diverted</h2>" in article.body
    assert page.errors == []

    # A reader, not logged in, opens it from the home page.
    reader = new_page()
    reader.goto(live_server.url + "/")
    reader.get_by_role("link", name="Busan dock strike enters second week").first.click()
    expect(reader.locator("h1")).to_have_text("Busan dock strike enters second week")
    expect(reader.locator(".byline")).to_contain_text("By Mina Cho")
    expect(reader.locator(".byline")).to_contain_text("Additional reporting by Daniel Okafor")
    expect(reader.locator("figcaption")).to_contain_text("Gantry cranes stand idle at a Busan terminal.")
    expect(reader.locator("figcaption .credit")).to_have_text("PHOTO: HANBIT NEWS AGENCY")
    expect(reader.locator(".dateline")).to_have_text("SEOUL")
    expect(reader.locator(".story__body h2")).to_have_text("Ships diverted")
    expect(reader.locator(".chips[aria-label=Topics] li")).to_have_count(3)
    img = reader.locator(".story__photo img")
    expect(img).to_have_attribute("alt", "Idle container cranes at dusk")
    expect(img).to_have_attribute("srcset", re.compile(r"320w"))
    assert reader.errors == []
