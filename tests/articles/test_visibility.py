"""Article.objects.published() is the one visibility rule; public pages follow it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_includes_live_and_excludes_every_other_state():
    live = ArticleFactory(live=True)
    draft = ArticleFactory()
    review = ArticleFactory(status=Status.REVIEW)
    withdrawn = ArticleFactory(status=Status.WITHDRAWN, published_at=timezone.now() - timedelta(days=1))
    scheduled = ArticleFactory(status=Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=1))

    assert list(Article.objects.published()) == [live]
    assert set(Article.objects.not_published()) == {draft, review, withdrawn, scheduled}
    assert list(Article.objects.scheduled()) == [scheduled]


def test_scheduled_article_goes_live_at_its_second_without_any_job():
    at = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    article = ArticleFactory(status=Status.PUBLISHED, published_at=at)

    assert not Article.objects.published(now=at - timedelta(microseconds=1)).filter(pk=article.pk).exists()
    assert Article.objects.published(now=at).filter(pk=article.pk).exists()


@pytest.mark.parametrize("state", ["draft", "review", "withdrawn", "scheduled"])
def test_unpublished_article_is_404_everywhere_public(client, state):
    kwargs = {
        "draft": {},
        "review": {"status": Status.REVIEW},
        "withdrawn": {"status": Status.WITHDRAWN, "published_at": timezone.now() - timedelta(days=1)},
        "scheduled": {"status": Status.PUBLISHED, "published_at": timezone.now() + timedelta(hours=2)},
    }[state]
    article = ArticleFactory(headline="Secret merger talks", **kwargs)
    article.tags.add("merger-secret")

    assert client.get(article.get_absolute_url()).status_code == 404
    for url in ["/", article.primary_topic.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Secret merger talks" not in response.text
    # A tag used only on unpublished copy does not reveal itself.
    assert client.get("/tags/merger-secret/").status_code == 404
