"""Cached public pages never keep naming renditions that were replaced."""

import pytest

from newsroom import pagecache
from photos.models import Photo
from photos.renditions import make_renditions
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_new_crops_made_later_reach_the_cached_article_page(client, settings, monkeypatch):
    settings.PAGE_CACHE = True
    monkeypatch.setattr(pagecache.local_tier, "seconds", 0)
    photo = PhotoFactory(width=1600, height=900)
    article = ArticleFactory(live=True, lead_photo=photo)
    assert "-c-16x9-" in client.get(article.get_absolute_url()).text  # now cached

    # A worker moves the focal point's renditions along after the save has committed.
    Photo.objects.filter(pk=photo.pk).update(focal_point_x=0.3, focal_point_y=0.4)
    make_renditions(Photo.objects.get(pk=photo.pk))

    html = client.get(article.get_absolute_url()).text
    assert "-30-40-16x9-" in html and "-c-16x9-" not in html


def test_a_recropped_headshot_reaches_the_cached_author_page(client, settings, monkeypatch):
    settings.PAGE_CACHE = True
    monkeypatch.setattr(pagecache.local_tier, "seconds", 0)
    photo = PhotoFactory(width=900, height=1200)
    author = AuthorFactory(headshot=photo)
    assert "-c-1x1-" in client.get(author.get_absolute_url()).text  # now cached

    Photo.objects.filter(pk=photo.pk).update(focal_point_x=0.5, focal_point_y=0.2)
    make_renditions(Photo.objects.get(pk=photo.pk))

    html = client.get(author.get_absolute_url()).text
    assert "-50-20-1x1-" in html and "-c-1x1-" not in html
