"""Autosave: the working copy is kept on the server while people type and offered back later."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import Article, Autosave
from tests.factories import ready_article
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def as_lists(data):
    return {k: v if isinstance(v, list) else [v] for k, v in data.items()}


def autosave(client, article, data):
    return client.post(
        autosave_url(article),
        {"data": json.dumps(as_lists(data)), "version": data.get("opened_version", "")},
    )


def test_autosave_keeps_one_overwritten_copy_and_no_revisions(writer_client):
    article = ready_article(created_by=writer_client.user, headline="Snow closes mountain roads")
    data = form_data(writer_client.get(change(article)))
    revisions_before = article.revisions.count()

    first = autosave(writer_client, article, {**data, "headline": "Snow closes mountain ro"})
    assert first.status_code == 200 and first.json()["message"].startswith("Autosaved at")
    autosave(writer_client, article, {**data, "headline": "Snow closes mountain roads in Gangwon"})

    saved = Autosave.objects.get(user=writer_client.user, article=article)
    assert saved.data["headline"] == ["Snow closes mountain roads in Gangwon"]
    assert "csrfmiddlewaretoken" not in saved.data
    assert saved.opened_version == article.version
    assert article.revisions.count() == revisions_before
    assert Article.objects.get(pk=article.pk).headline == "Snow closes mountain roads"


def test_reopening_the_form_offers_the_autosave_and_restores_it_unsaved(writer_client):
    article = ready_article(created_by=writer_client.user, headline="Snow closes mountain roads")
    data = form_data(writer_client.get(change(article)))
    autosave(
        writer_client,
        article,
        {**data, "headline": "Snow closes roads", "body": "<p>Half a thought</p>"},
    )

    # The tab was closed; later the writer opens the story again.
    page = writer_client.get(change(article))
    assert "You have unsaved work on this story" in page.text
    recovered = writer_client.get(change(article) + "?recover=1")
    restored = form_data(recovered)
    assert (
        restored["headline"] == "Snow closes roads" and restored["body"] == "<p>Half a thought</p>"
    )
    assert "not saved yet" in recovered.text
    assert Article.objects.get(pk=article.pk).headline == "Snow closes mountain roads"

    # Saving the restored form keeps the work and clears the autosave.
    assert writer_client.post(change(article), restored).status_code == 302
    assert Article.objects.get(pk=article.pk).body == "<p>Half a thought</p>"
    assert not Autosave.objects.exists()


def test_recovered_work_on_a_story_changed_since_shows_the_conflict(writer_client, editor_client):
    article = ready_article(created_by=writer_client.user, headline="Old headline")
    data = form_data(writer_client.get(change(article)))
    autosave(writer_client, article, {**data, "dek": "The writer's new dek."})
    editor_client.post(
        change(article),
        {**form_data(editor_client.get(change(article))), "headline": "Desk headline"},
    )

    recovered = writer_client.get(change(article) + "?recover=1")
    form = recovered.context["adminform"].form
    assert [e.code for e in form.non_field_errors().as_data()] == ["conflict"]
    assert [c.name for c in recovered.context["conflict"]["changes"]] == ["headline"]
    assert form_data(recovered)["dek"] == "The writer's new dek."


def test_a_new_story_is_autosaved_and_offered_on_the_add_form(editor_client):
    add = reverse("admin:articles_article_add")
    data = form_data(editor_client.get(add))
    autosave(editor_client, None, {**data, "headline": "Typhoon nears the coast"})
    page = editor_client.get(add)
    assert "You have unsaved work" in page.text
    assert form_data(editor_client.get(add + "?recover=1"))["headline"] == "Typhoon nears the coast"
    response = editor_client.post(
        add,
        {
            **data,
            "headline": "Typhoon nears the coast",
            "slug": "typhoon-nears",
            "body": "<p>Winds rise.</p>",
        },
    )
    assert response.status_code == 302 and not Autosave.objects.exists()


def test_discarding_the_autosave(writer_client):
    article = ready_article(created_by=writer_client.user)
    data = form_data(writer_client.get(change(article)))
    autosave(writer_client, article, {**data, "headline": "Scrap this"})
    response = writer_client.post(autosave_url(article), {**data, "discard": "1"})
    assert response.status_code == 302 and response["Location"] == change(article)
    assert not Autosave.objects.exists()


def test_autosave_is_refused_where_the_user_may_not_edit(
    writer_client, other_writer_client, editor_client
):
    theirs = ready_article(created_by=other_writer_client.user)
    assert autosave(writer_client, theirs, {"headline": "x"}).status_code == 403
    submitted = ready_article(created_by=writer_client.user)
    workflow.transition(submitted, "submit", user=writer_client.user)
    assert autosave(writer_client, submitted, {"headline": "x"}).status_code == 403
    assert writer_client.get(autosave_url(submitted)).status_code == 405
    anonymous = Client().post(autosave_url(theirs), {"data": "{}"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "payload", ["", "not json", "[1, 2]", '{"headline": "no list"}', '{"a": [1]}']
)
def test_malformed_autosaves_are_refused(writer_client, payload):
    article = ready_article(created_by=writer_client.user)
    response = writer_client.post(autosave_url(article), {"data": payload})
    assert response.status_code == 400 and "error" in response.json()
    assert not Autosave.objects.exists()


def test_an_autosave_arriving_after_its_own_save_is_dropped(writer_client, editor_client):
    article = ready_article(created_by=writer_client.user)
    data = form_data(writer_client.get(change(article)))
    writer_client.post(change(article), {**data, "headline": "Saved headline"})
    late = autosave(writer_client, article, {**data, "headline": "Saved headl"})
    assert late.status_code == 200 and not Autosave.objects.exists()

    # Work typed after someone else saved is still kept.
    data = form_data(writer_client.get(change(article)))
    editor_client.post(
        change(article), {**form_data(editor_client.get(change(article))), "dek": "x"}
    )
    autosave(writer_client, article, {**data, "headline": "Writer keeps typing"})
    assert Autosave.objects.get().data["headline"] == ["Writer keeps typing"]


def test_a_late_autosave_of_a_new_story_is_dropped_once_it_is_created(editor_client):
    add = reverse("admin:articles_article_add")
    data = {
        **form_data(editor_client.get(add)),
        "headline": "Quake drill",
        "slug": "quake-drill",
        "body": "<p>Sirens at noon.</p>",
    }
    assert editor_client.post(add, data).status_code == 302
    autosave(editor_client, None, data)
    assert not Autosave.objects.exists()
