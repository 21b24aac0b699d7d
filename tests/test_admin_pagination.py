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
