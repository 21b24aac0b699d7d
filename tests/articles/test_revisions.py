"""Revisions: every save keeps one; the admin shows, compares and restores them."""

import pytest
from django.urls import reverse

from articles import revisions, workflow
from articles.diff import body_text, compare, inline_diff
from articles.models import Article, ArticleEvent, RevisionKind, Status
from tests.factories import AuthorFactory, TopicFactory, ready_article
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, article, **changes):
    data = form_data(client.get(change(article)))
    response = client.post(change(article), {**data, **changes})
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    return response


def test_every_save_keeps_a_revision_with_bylines_topics_and_who(editor_client):
    article = ready_article(headline="Tide tables revised")
    article.tags.set(["tides"])
    save(editor_client, article, headline="Tide tables revised for winter")
    save(editor_client, article, dek="Harbour pilots get new charts.")
    numbers = list(article.revisions.order_by("number").values_list("number", "kind"))
    # The story predates revisions: its stored copy is recorded first, then each save.
    assert numbers == [(1, RevisionKind.BASELINE), (2, RevisionKind.SAVED), (3, RevisionKind.SAVED)]
    latest = article.revisions.get(number=3)
    assert latest.author == editor_client.user
    assert latest.content["headline"] == "Tide tables revised for winter"
    assert latest.content["dek"] == "Harbour pilots get new charts."
    byline = article.bylines.get()
    assert latest.content["bylines"] == [
        {"author": byline.author_id, "role": "reporter", "position": byline.position}
    ]
    assert latest.content["topics"] == [article.primary_topic_id] and latest.content["tags"] == [
        "tides"
    ]


def test_a_save_that_changes_nothing_adds_no_revision(editor_client):
    article = ready_article()
    save(editor_client, article)
    count = article.revisions.count()
    save(editor_client, article)
    assert article.revisions.count() == count


def test_adding_a_story_records_its_first_revision(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add"))
    data = {
        **form_data(page),
        "headline": "Night market returns",
        "slug": "night-market-returns",
        "body": "<p>Stalls are back.</p>",
    }
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="night-market-returns")
    assert [r.kind for r in article.revisions.all()] == [RevisionKind.CREATED]
    assert ArticleEvent.objects.filter(
        article=article, kind="article.create", actor=editor_client.user
    ).exists()


def test_history_page_lists_revisions_and_the_trail(writer_client, editor_client):
    article = ready_article(created_by=writer_client.user)
    save(writer_client, article, headline="Ferry timetable changes")
    workflow.transition(article, "submit", user=writer_client.user)
    page = writer_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert page.status_code == 200
    assert [r.number for r in page.context["revisions"]] == [3, 2, 1]
    assert "Submitted for review" in page.text
    assert not page.context["can_restore"]  # in review: the writer may look, not restore


def test_compare_shows_a_readable_diff_between_any_two_revisions(editor_client):
    author = AuthorFactory(name="Ji-woo Han")
    article = ready_article(body="<p>Fishing boats stayed in port.</p>")
    save(
        editor_client,
        article,
        body="<p>Fishing boats stayed in port on Tuesday.</p><p>Markets closed.</p>",
    )
    data = form_data(editor_client.get(change(article)))
    data.update(
        {
            "bylines-1-author": str(author.pk),
            "bylines-1-role": "photographer",
            "bylines-1-position": "1",
        }
    )
    editor_client.post(change(article), data)
    url = reverse("admin:articles_article_compare", args=[article.pk])
    page = editor_client.get(url, {"a": 1, "b": 3})
    changes = {c.name: c for c in page.context["changes"]}
    assert set(changes) == {"body", "bylines"}
    inline = str(changes["body"].inline)
    assert inline.startswith("Fishing boats stayed in port") and "<ins> on Tuesday" in inline
    assert "Markets closed" in inline.split("<ins>")[-1]
    assert "Ji-woo Han (Photographer)" in changes["bylines"].after
    # Default: the latest revision against the one before.
    assert editor_client.get(url).context["old"].number == 2
    assert editor_client.get(url, {"a": "x"}).status_code == 404
    assert editor_client.get(url, {"a": 99}).status_code == 404


def test_restoring_a_draft_revision_is_a_new_revision_and_loses_nothing(editor_client):
    article = ready_article(headline="First headline")
    save(editor_client, article, headline="Second headline")
    restore = reverse("admin:articles_article_restore", args=[article.pk, 1])
    confirm = editor_client.get(restore)
    assert [c.name for c in confirm.context["changes"]] == ["headline"]
    editor_client.post(restore)
    article.refresh_from_db()
    assert article.headline == "First headline"
    kinds = [(r.number, r.kind) for r in article.revisions.order_by("number")]
    assert kinds[-1] == (3, RevisionKind.RESTORED)
    assert article.revisions.get(number=2).content["headline"] == "Second headline"  # still there
    assert ArticleEvent.objects.get(article=article, kind="article.restore").data["restored"] == 1


def test_restoring_on_a_live_story_stages_the_old_copy(editor_client):
    article = ready_article(headline="Live headline")
    workflow.transition(article, "publish", user=editor_client.user)
    save(editor_client, article, headline="Rewritten headline", _transition="publish_changes")
    assert Article.objects.get(pk=article.pk).headline == "Rewritten headline"
    first = article.revisions.order_by("number").first()
    editor_client.post(reverse("admin:articles_article_restore", args=[article.pk, first.number]))
    row = Article.objects.get(pk=article.pk)
    assert (
        row.headline == "Rewritten headline" and row.status == Status.PUBLISHED
    )  # readers unaffected
    staged = revisions.pending(row)
    assert staged.kind == RevisionKind.RESTORED and staged.content["headline"] == "Live headline"


def test_restore_brings_back_bylines_and_drops_deleted_references(editor_client):
    article = ready_article()
    original_author = article.bylines.get().author
    save(editor_client, article, **{"bylines-0-author": str(AuthorFactory().pk)})
    topic = TopicFactory()
    article.primary_topic = topic
    article.save()
    revision = article.revisions.order_by("number").first()
    revision.content["topics"].append(987654)  # a topic deleted since
    revision.save()
    _new, warnings = revisions.restore(article, revision, user=editor_client.user)
    assert [b.author for b in article.bylines.all()] == [original_author]
    assert warnings == ["a topic that no longer exists was left out"]


def test_writers_cannot_restore_stories_they_may_not_edit(writer_client, other_writer_client):
    theirs = ready_article(created_by=other_writer_client.user, headline="Not yours")
    url = reverse("admin:articles_article_restore", args=[theirs.pk, 1])
    revisions.ensure_baseline(theirs)
    assert writer_client.get(url).status_code == 403
    assert writer_client.post(url).status_code == 403


def test_body_is_compared_as_text_block_by_block():
    assert (
        body_text("<p>One &amp; two</p><h2>Sub</h2><ul><li>a</li><li>b</li></ul>")
        == "One & two\nSub\na\nb"
    )
    assert str(inline_diff("a <b>", "a <i>")) == "a &lt;<del>b</del><ins>i</ins>&gt;"  # escaped
    changed = compare({"body": "<p>Same</p>"}, {"body": "<p><strong>Same</strong></p>"})
    assert changed[0].after.endswith("(formatting changed)")
