"""Date archives and stable addresses (301 after a slug change)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import ArticleSlug, Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def at(*args):
    return datetime(*args, tzinfo=SEOUL)


@pytest.fixture
def archive(settings):
    settings.TIME_ZONE = "Asia/Seoul"
    # 00:30 in Seoul on 2 March is still 1 March in UTC: the archive follows the newsroom.
    early = ArticleFactory(live=True, headline="Early edition", published_at=at(2025, 3, 2, 0, 30))
    late = ArticleFactory(live=True, headline="Late edition", published_at=at(2025, 3, 1, 23, 59))
    other = ArticleFactory(live=True, headline="Spring budget", published_at=at(2025, 4, 10, 9))
    ArticleFactory(headline="Draft from March", published_at=at(2025, 3, 2, 9))
    return early, late, other


def listed(response):
    return [a.headline for a in response.context["page"]]


def test_day_month_and_year_archives_follow_the_newsroom_time_zone(client, archive):
    assert listed(client.get("/2025/03/02/")) == ["Early edition"]
    assert listed(client.get("/2025/03/01/")) == ["Late edition"]
    month = client.get("/2025/03/")
    assert listed(month) == ["Early edition", "Late edition"]
    assert 'href="/2025/03/01/"' in month.text and 'href="/2025/03/02/"' in month.text
    year = client.get("/2025/")
    assert listed(year) == ["Spring budget", "Early edition", "Late edition"]
    assert 'href="/2025/03/"' in year.text and 'href="/2025/04/"' in year.text
    assert "Draft from March" not in year.text


@pytest.mark.parametrize(
    "url", ["/2025/02/", "/1999/", "/2025/02/30/", "/2025/13/", "/0000/", "/2025/00/01/"]
)
def test_empty_or_impossible_dates_are_404(client, archive, url):
    assert client.get(url).status_code == 404


def test_current_period_answers_even_before_the_first_story(client):
    today = timezone.localdate()
    response = client.get(f"/{today:%Y}/{today:%m}/{today:%d}/")
    assert response.status_code == 200 and "No stories have been published" in response.text


def test_archives_paginate(client, archive, settings):
    settings.PAGINATE_BY = 1
    assert listed(client.get("/2025/03/", {"page": 2})) == ["Late edition"]
    assert client.get("/2025/03/", {"page": 3}).status_code == 404


def test_old_slug_of_a_published_article_answers_301(client):
    article = ArticleFactory(live=True, slug="dock-strike-enters-day-3")
    old_url = article.get_absolute_url()
    article.slug = "dock-strike-enters-second-week"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_renaming_twice_keeps_every_old_address_and_drafts_record_nothing(client):
    article = ArticleFactory(live=True, slug="first")
    for slug in ["second", "third"]:
        article.slug = slug
        article.save()
    assert set(ArticleSlug.objects.values_list("slug", flat=True)) == {"first", "second"}
    assert client.get(article.get_absolute_url().replace("third", "first")).status_code == 301

    draft = ArticleFactory(slug="draft-slug")
    draft.slug = "draft-slug-2"
    draft.save()
    assert not ArticleSlug.objects.filter(slug="draft-slug").exists()


def test_a_new_article_may_take_a_retired_slug_and_wins_it(client):
    old = ArticleFactory(live=True, slug="budget")
    old.slug = "budget-2025"
    old.save()
    new = ArticleFactory(live=True, slug="budget")
    assert client.get(new.get_absolute_url()).status_code == 200
    new.slug = "budget-2026"
    new.save()  # the retired address now leads to the newer story
    assert (
        client.get(old.get_absolute_url().replace("budget-2025", "budget"))["Location"]
        == new.get_absolute_url()
    )


def test_old_slug_of_a_withdrawn_article_is_404(client):
    article = ArticleFactory(live=True, slug="gone")
    url = article.get_absolute_url()
    article.slug = "gone-2"
    article.save()
    article.status = Status.WITHDRAWN
    article.save()
    assert client.get(url).status_code == 404
