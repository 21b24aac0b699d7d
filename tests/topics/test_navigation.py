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
