"""{% photo_img %} and {% photo_url %}: the markup, and no image work in a reader's request."""

import re

import pytest
from django.template import Context, Template

from photos import renditions as pipeline
from photos.ingest import ingest_photo
from photos.models import Photo
from tests.factories import PhotoFactory, image_file

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load photos %}" + source).render(Context(context))


def attrs(tag_html, tag):
    match = re.search(rf"<{tag}\b([^>]*)>", tag_html)
    assert match, f"no <{tag}> in {tag_html}"
    return dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))


def test_picture_has_a_webp_source_and_a_jpeg_img_with_everything_a_browser_needs():
    photo = PhotoFactory(width=2400, height=1600, alt_text="Cranes over the terminal")
    html = render(
        '{% photo_img photo crop="16x9" sizes="(min-width: 64rem) 48rem, 100vw" %}', photo=photo
    )
    assert html.startswith("<picture>") and html.endswith("</picture>")
    source, img = attrs(html, "source"), attrs(html, "img")
    assert source["type"] == "image/webp" and source["sizes"] == "(min-width: 64rem) 48rem, 100vw"
    webp_widths = [int(w) for w in re.findall(r"\.webp (\d+)w", source["srcset"])]
    jpeg_widths = [int(w) for w in re.findall(r"\.jpeg (\d+)w", img["srcset"])]
    assert webp_widths == jpeg_widths == [320, 480, 640, 800, 1024, 1280, 1600, 2048]
    assert img["src"].endswith("-16x9-800.jpeg") and img["sizes"] == source["sizes"]
    assert (img["width"], img["height"]) == ("2048", "1152")  # the ratio, so no layout shift
    assert img["alt"] == "Cranes over the terminal"
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert "fetchpriority" not in img and "class" not in img


def test_lead_photo_loads_eagerly_with_high_priority_and_classes_are_optional():
    photo = PhotoFactory(width=1600, height=900)
    img = attrs(
        render('{% photo_img photo crop="16x9" lead=True css_class="story__img" %}', photo=photo),
        "img",
    )
    assert img["loading"] == "eager" and img["fetchpriority"] == "high" and "decoding" not in img
    assert img["class"] == "story__img"


def test_alt_text_is_empty_for_decorative_photos_and_can_be_overridden():
    photo = PhotoFactory(alt_text="", is_decorative=True)
    assert attrs(render("{% photo_img photo %}", photo=photo), "img")["alt"] == ""
    photo = PhotoFactory(alt_text="A <b>bold</b> claim")
    assert attrs(render('{% photo_img photo alt="" %}', photo=photo), "img")["alt"] == ""
    html = render("{% photo_img photo %}", photo=photo)
    assert 'alt="A &lt;b&gt;bold&lt;/b&gt; claim"' in html


def test_headshot_and_social_card_crops():
    photo = PhotoFactory(width=1800, height=1200)
    square = attrs(render('{% photo_img photo crop="1x1" sizes="8rem" %}', photo=photo), "img")
    assert square["width"] == square["height"] == "640"
    assert render("{% photo_url photo %}", photo=photo).endswith("-191x100-1200.jpeg")
    assert render('{% photo_url photo "16x9" 700 %}', photo=photo).endswith("-16x9-800.jpeg")
    assert render("{% photo_url photo %}{% photo_img photo %}", photo=None) == ""


def test_rendering_makes_no_image_and_no_query(django_assert_num_queries, monkeypatch):
    photos = [PhotoFactory(width=1200, height=800) for _ in range(3)]

    def forbidden(*args, **kwargs):
        raise AssertionError("a reader's request touched Pillow")

    monkeypatch.setattr(pipeline, "load_original", forbidden)
    monkeypatch.setattr(pipeline, "make_renditions", forbidden)
    monkeypatch.setattr("PIL.Image.open", forbidden)
    template = '{% for p in photos %}{% photo_img p crop="16x9" %}{% photo_url p %}{% endfor %}'
    fresh = list(Photo.objects.filter(pk__in=[p.pk for p in photos]))  # nothing prefetched
    with django_assert_num_queries(0):  # the renditions are listed on the photo row
        html = render(template, photos=fresh)
    assert html.count("<picture>") == 3
    for photo in photos:
        assert photo.renditions.get(spec="16x9-800.jpeg").url in html


def test_a_photo_without_renditions_yet_shows_its_clean_original(django_assert_num_queries):
    photo = ingest_photo(image_file(1000, 600), make_renditions_now=False, alt_text="A harbour")
    assert photo.rendition_index == {}
    with django_assert_num_queries(0):
        html = render('{% photo_img photo crop="16x9" %}', photo=photo)
        url = render('{% photo_url photo "16x9" 800 %}', photo=photo)
    img = attrs(html, "img")
    assert img["src"] == photo.file.url == url and (img["width"], img["height"]) == ("1000", "600")
    assert "<picture>" not in html and not photo.renditions.exists()  # still none: nothing was made


def test_an_empty_index_shows_the_clean_original_even_if_rows_exist():
    photo = PhotoFactory(width=1000, height=600)
    Photo.objects.filter(pk=photo.pk).update(rendition_index={})  # as before the migration ran
    html = render('{% photo_img photo crop="16x9" %}', photo=Photo.objects.get(pk=photo.pk))
    assert "<picture>" not in html and attrs(html, "img")["src"] == photo.file.url


def test_while_a_new_focal_point_renders_the_previous_crops_stand_in():
    photo = PhotoFactory(width=1600, height=900)
    Photo.objects.filter(pk=photo.pk).update(focal_point_x=0.2, focal_point_y=0.3)  # no task runs
    moved = Photo.objects.get(pk=photo.pk)
    assert moved.rendition_index == photo.rendition_index  # still the centred crops
    img = attrs(render('{% photo_img photo crop="1x1" %}', photo=moved), "img")
    assert "-c-1x1-" in img["src"]

    pipeline.make_renditions(moved)  # what the task does once the save commits
    stored = Photo.objects.get(pk=photo.pk)
    img = attrs(render('{% photo_img photo crop="1x1" %}', photo=stored), "img")
    assert "-20-30-1x1-" in img["src"] and "-c-" not in img["srcset"]
    assert stored.rendition_index == moved.rendition_index
