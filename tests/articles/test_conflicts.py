"""Edit conflicts: a stale save is refused, shows what changed, and loses nobody's text."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import revisions, workflow
from articles.models import Article, Status
from tests.factories import UserFactory, ready_article
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def second_editor(db):
    user = UserFactory(username="night-editor", role="Editor", first_name="Hana", last_name="Seo")
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def form_errors(response):
    return response.context["adminform"].form.non_field_errors().as_data()


def test_the_second_save_is_refused_with_the_changes_and_keeps_its_input(
    editor_client, second_editor
):
    article = ready_article(headline="Rain delays harvest", dek="Farmers wait for dry weather.")
    mine = form_data(editor_client.get(change(article)))
    theirs = form_data(second_editor.get(change(article)))

    second_editor.post(change(article), {**theirs, "headline": "Rain delays rice harvest"})
    response = editor_client.post(change(article), {**mine, "dek": "Farmers fear a late crop."})

    assert response.status_code == 200
    assert [e.code for e in form_errors(response)] == ["conflict"]
    assert "Hana Seo saved this story at" in response.text
    changes = response.context["conflict"]["changes"]
    assert [(c.name, c.before, c.after) for c in changes] == [
        ("headline", "Rain delays harvest", "Rain delays rice harvest")
    ]
    kept = form_data(response)
    assert kept["dek"] == "Farmers fear a late crop."  # my text is still in the form
    row = Article.objects.get(pk=article.pk)
    assert row.headline == "Rain delays rice harvest" and row.dek == "Farmers wait for dry weather."

    # Having read the changes, saving again goes through (and is itself checked next time).
    kept["headline"] = "Rain delays rice harvest"
    assert editor_client.post(change(article), kept).status_code == 302
    row.refresh_from_db()
    assert (row.headline, row.dek) == ("Rain delays rice harvest", "Farmers fear a late crop.")


def test_a_stale_publish_is_refused_before_anything_is_published(editor_client, second_editor):
    article = ready_article()
    stale = form_data(editor_client.get(change(article)))
    second_editor.post(
        change(article), {**form_data(second_editor.get(change(article))), "dek": "New dek."}
    )
    response = editor_client.post(change(article), {**stale, "_transition": "publish"})
    assert response.status_code == 200 and [e.code for e in form_errors(response)] == ["conflict"]
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_conflicts_on_a_live_story_compare_the_unpublished_changes(editor_client, second_editor):
    article = ready_article(headline="Bridge reopens")
    workflow.transition(article, "publish", user=editor_client.user)
    mine = form_data(editor_client.get(change(article)))
    second_editor.post(
        change(article),
        {**form_data(second_editor.get(change(article))), "headline": "Bridge reopens to traffic"},
    )
    response = editor_client.post(change(article), {**mine, "dek": "Buses return on Monday."})
    assert [e.code for e in form_errors(response)] == ["conflict"]
    assert [c.name for c in response.context["conflict"]["changes"]] == ["headline"]
    assert revisions.pending(article).content["headline"] == "Bridge reopens to traffic"


def test_a_post_without_the_opened_version_is_refused(editor_client):
    article = ready_article()
    data = form_data(editor_client.get(change(article)))
    del data["opened_version"]
    response = editor_client.post(change(article), {**data, "headline": "Sneaky"})
    assert [e.code for e in form_errors(response)] == ["conflict"]
    assert Article.objects.get(pk=article.pk).headline != "Sneaky"


def test_the_form_says_who_saved_last_and_when(editor_client, second_editor):
    article = ready_article()
    second_editor.post(
        change(article), {**form_data(second_editor.get(change(article))), "dek": "Fresh dek."}
    )
    page = editor_client.get(change(article))
    assert "Last saved by Hana Seo at" in page.text
    assert page.context["last_revision"].author == second_editor.user
