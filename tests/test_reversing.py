"""address(): Django's reverse(), remembered, following the script prefix and the URLconf."""

import pytest
from django.templatetags.static import static as django_static
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from newsroom.reversing import _reverse, _static, address, static
from tests.factories import AuthorFactory, TopicFactory


def test_it_answers_as_reverse_does():
    assert address("articles:tag", "harbour") == reverse("articles:tag", args=["harbour"])
    assert address("articles:archive_year", year=2026) == "/2026/"
    assert address("home") == "/"


def test_a_second_call_is_answered_from_memory():
    _reverse.cache_clear()
    address("topics:detail", slug="weather")
    address("topics:detail", slug="weather")
    info = _reverse.cache_info()
    assert (info.hits, info.misses) == (1, 1)


def test_the_script_prefix_is_part_of_the_answer():
    assert address("articles:tag", "harbour") == "/tags/harbour/"
    set_script_prefix("/news/")
    try:
        assert address("articles:tag", "harbour") == "/news/tags/harbour/"
    finally:
        clear_script_prefix()
    assert address("articles:tag", "harbour") == "/tags/harbour/"


def test_another_urlconf_gets_its_own_answers_and_the_memory_is_forgotten():
    assert address("topics:detail", slug="weather") == "/topics/weather/"
    with override_settings(ROOT_URLCONF="tests.reversing_urls"):
        assert _reverse.cache_info().currsize == 0
        assert address("topics:detail", slug="weather") == "/sections/weather/"
    assert address("topics:detail", slug="weather") == "/topics/weather/"


def test_what_cannot_be_reversed_still_raises_every_time():
    with pytest.raises(NoReverseMatch):
        address("topics:detail", slug="not a slug")
    with pytest.raises(NoReverseMatch):
        address("topics:detail", slug="not a slug")


@pytest.mark.django_db
def test_models_addresses_come_from_it():
    topic, author = TopicFactory(name="Harbour", slug="harbour"), AuthorFactory(name="Ana Kim")
    set_script_prefix("/news/")
    try:
        assert topic.get_absolute_url() == "/news/topics/harbour/"
        assert author.get_absolute_url() == f"/news/authors/{author.slug}/"
    finally:
        clear_script_prefix()


def test_static_addresses_are_djangos_remembered_for_each_script_prefix():
    _static.cache_clear()
    assert static("css/site.css") == django_static("css/site.css")
    static("css/site.css")
    assert _static.cache_info().hits == 1
    with override_settings(STATIC_URL="/assets/"):
        assert static("css/site.css") == django_static("css/site.css")
        assert static("css/site.css").startswith("/assets/")
