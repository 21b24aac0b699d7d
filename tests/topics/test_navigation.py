"""The site navigation: the topics marked for it, in the desk's order, on every public page."""

import pytest

from newsroom.context_processors import navigation_topics
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_only_navigation_topics_in_position_then_name_order():
    TopicFactory(name="Weather", slug="weather", in_navigation=True, position=2)
    TopicFactory(name="Business", slug="business", in_navigation=True, position=1)
    TopicFactory(name="Arts", slug="arts", in_navigation=True, position=1)
    TopicFactory(name="Hidden", slug="hidden", in_navigation=False, position=0)
    assert navigation_topics() == [
        {"name": "Arts", "slug": "arts"},
        {"name": "Business", "slug": "business"},
        {"name": "Weather", "slug": "weather"},
    ]


def test_a_change_to_the_topics_shows_at_once(client, django_capture_on_commit_callbacks):
    topic = TopicFactory(name="Ports", slug="ports", in_navigation=True)
    assert 'href="/topics/ports/"' in client.get("/").text
    topic.name, topic.in_navigation = "Harbours", False
    with django_capture_on_commit_callbacks(execute=True):
        topic.save()
    assert navigation_topics() == []
    assert 'href="/topics/ports/"' not in client.get("/").text


@pytest.fixture
def sent(monkeypatch, settings):
    """How many statements each read of a page sent together, the navigation's cache cold."""
    from django.core.cache import cache

    from newsroom import context_processors

    settings.PAGE_CACHE = False
    TopicFactory(name="Ports", slug="ports", in_navigation=True)
    counts = []
    read = context_processors.read_together

    def spy(db, statements):
        counts.append(len(statements))
        return read(db, statements)

    monkeypatch.setattr(context_processors, "read_together", spy)
    cache.clear()
    return counts


def test_the_article_page_reads_the_navigation_along_with_its_story(client, sent):
    from django.db import connection

    from tests.factories import ArticleFactory

    story = ArticleFactory(live=True)
    # The story, its parts and the navigation: one round trip. On PostgreSQL the
    # related stories go along too (articles/related.py).
    together = 4 if connection.vendor == "postgresql" else 3
    assert 'href="/topics/ports/"' in client.get(story.get_absolute_url()).text
    assert sent == [together]
    assert 'href="/topics/ports/"' in client.get(story.get_absolute_url()).text
    assert sent == [together, 2]  # the navigation and the links were cached: not read again


def test_the_home_page_reads_the_navigation_along_with_its_stories(client, sent):
    assert 'href="/topics/ports/"' in client.get("/").text
    assert sent == [2]  # the stories' cards and the navigation: one round trip
