"""The desk's lists stop counting at a cap, so a million stories cost no COUNT(*) scan."""

import pytest
from django.urls import reverse

from newsroom.admin_pagination import CappedCountPaginator
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_count_stops_at_the_cap_and_the_list_says_more_than(editor_client, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    for _ in range(5):
        ArticleFactory()
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    assert "More than 3 articles" in response.text
    assert response.context["cl"].result_count == 3


def test_under_the_cap_the_exact_count_is_shown(editor_client):
    ArticleFactory()
    ArticleFactory()
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert "2 articles" in response.text and "More than" not in response.text


def test_the_count_query_is_bounded(editor_client, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 2)
    for _ in range(4):
        ArticleFactory()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        editor_client.get(reverse("admin:articles_article_changelist"))
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 3" in sql for sql in counts), counts


def test_the_date_hierarchy_finds_its_periods_without_a_distinct_over_every_row(editor_client):
    from datetime import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    for when in [(2019, 3, 2), (2021, 7, 9), (2021, 7, 30), (2021, 11, 1)]:
        ArticleFactory(live=True, published_at=timezone.make_aware(datetime(*when, 12)))
    url = reverse("admin:articles_article_changelist")
    with CaptureQueriesContext(connection) as ctx:
        years = editor_client.get(url).text
    assert 'published_at__year=2019"' in years and 'published_at__year=2021"' in years
    assert 'published_at__year=2020"' not in years  # no story that year
    assert not any("DISTINCT" in q["sql"] and "published_at" in q["sql"] for q in ctx.captured_queries)
    months = editor_client.get(url + "?published_at__year=2021").text
    assert "July 2021" in months and "November 2021" in months and "August 2021" not in months
    days = editor_client.get(url + "?published_at__year=2021&published_at__month=7").text
    assert "July 9" in days and "July 30" in days and "July 10" not in days
