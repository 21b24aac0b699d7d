"""The editorial admin: creating stories with bylines, sanitizing, and who may edit what."""

import pytest
from django.urls import reverse

from articles.models import Article, ArticleEvent, Status
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, TopicFactory, ready_article
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def article_post(**overrides):
    """Return POST data for the article change form, bylines and corrections included."""
    data = {
        "headline": "Busan dock strike enters second week",
        "slug": "busan-dock-strike-second-week",
        "kicker": "Shipping", "dek": "Talks stall over automation.", "dateline": "SEOUL",
        "body": "<p>Crane operators walked out.</p><h2>Ships diverted</h2><p>Lines go elsewhere.</p>",
        "byline_override": "", "lead_photo": "", "lead_photo_caption": "", "primary_topic": "",
        "tags": "Busan, strikes", "language": "en", "published_at_0": "", "published_at_1": "",
        "updated_at_0": "", "updated_at_1": "", "embargo_until_0": "", "embargo_until_1": "",
        "source": "", "original_url": "", "meta_title": "", "meta_description": "",
        "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def with_bylines(data, *authors):
    data["bylines-TOTAL_FORMS"] = str(len(authors))
    for i, (author, role) in enumerate(authors):
        data[f"bylines-{i}-author"] = str(author.pk)
        data[f"bylines-{i}-role"] = role
        data[f"bylines-{i}-position"] = str(i)
    return data


def test_editor_creates_article_with_ordered_bylines_and_topics(editor_client):
    asia, business = TopicFactory(), TopicFactory()
    photo = PhotoFactory()
    mina, daniel = AuthorFactory(name="Mina Cho"), AuthorFactory(name="Daniel Okafor")
    data = with_bylines(
        article_post(primary_topic=asia.pk, topics=[business.pk], lead_photo=photo.pk),
        (mina, "reporter"), (daniel, "additional"),
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors

    article = Article.objects.get(slug="busan-dock-strike-second-week")
    assert [(b.author.name, b.role) for b in article.ordered_bylines()] == [
        ("Mina Cho", "reporter"), ("Daniel Okafor", "additional")]
    assert set(article.topics.all()) == {asia, business}  # primary topic filed too
    assert sorted(article.tags.names()) == ["Busan", "strikes"]
    assert article.created_by == editor_client.user and article.status == Status.DRAFT


def test_pasted_html_is_sanitized(editor_client):
    dirty = ('<p onclick="steal()">Hi <a href="javascript:alert(1)">x</a></p><script>alert(1)</script>'
             '<iframe src="https://evil.example"></iframe><h1>Big</h1><h2>Sub</h2>'
             '<p><a href="https://ok.example">ok</a></p><img src=x onerror=alert(1)>')
    editor_client.post(ADD_URL, article_post(body=dirty))
    body = Article.objects.get().body
    for bad in ["<script", "onclick", "javascript:", "<iframe", "onerror", "<img", "<h1"]:
        assert bad not in body
    assert "<h2>Sub</h2>" in body and 'href="https://ok.example"' in body


def test_bad_input_is_refused_and_nothing_is_saved(editor_client):
    response = editor_client.post(ADD_URL, article_post(headline="", canonical_to_original="on"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert errors["headline"][0].code == "required"
    assert errors["original_url"][0].code == "canonical_without_url"
    assert not Article.objects.exists()


def test_writer_edits_own_draft_but_not_others(writer_client, other_writer_client):
    own = ArticleFactory(created_by=writer_client.user)
    theirs = ArticleFactory(created_by=other_writer_client.user)
    assert writer_client.get(change(own)).status_code == 200
    page = writer_client.get(change(theirs))
    assert page.status_code == 200 and not page.context["has_change_permission"]  # view only
    response = writer_client.post(change(theirs), {**form_data(page), "headline": "Hijacked"})
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.headline != "Hijacked"


def change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_publish_button_runs_the_workflow(editor_client):
    article = ready_article()
    data = form_data(editor_client.get(change(article)))
    response = editor_client.post(change(article), {**data, "_transition": "publish"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.published_at is not None
    assert ArticleEvent.objects.filter(article=article, kind="article.publish").count() == 1
    assert article.bylines.count() == 1 and article.lead_photo is not None  # the save kept everything


def test_writer_cannot_publish_with_a_crafted_post(writer_client):
    article = ready_article(created_by=writer_client.user)
    data = form_data(writer_client.get(change(article)))
    response = writer_client.post(change(article), {**data, "_transition": "publish"}, follow=True)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert any("may not" in str(m) for m in response.context["messages"])


def test_publish_refused_with_the_checklist(editor_client):
    article = ArticleFactory(dek="", lead_photo=None)
    data = form_data(editor_client.get(change(article)))
    response = editor_client.post(change(article), {**data, "_transition": "publish"}, follow=True)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    message = " ".join(str(m) for m in response.context["messages"])
    assert "a dek" in message and "a lead photo" in message and "at least one byline" in message


def test_article_list_shows_desk_columns_in_constant_queries(editor_client, django_assert_max_num_queries):
    for _ in range(5):
        ready_article()
    with django_assert_max_num_queries(12):
        response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    assert "Reporter" in response.text  # bylines column
