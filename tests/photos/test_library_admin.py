"""The photo library in the admin: grid, search, filters, where used, deleting, focal point."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from photos.admin import PhotoAdmin
from photos.models import Photo
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

from .conftest import admin_photo_post, encoded, stored_files, upload

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:photos_photo_changelist")


def change_url(photo):
    return reverse("admin:photos_photo_change", args=[photo.pk])


def listed(response):
    return {photo.pk for photo in response.context["cl"].result_list}


def test_library_opens_as_a_thumbnail_grid_and_remembers_the_list_view(editor_client):
    photos = [PhotoFactory(caption=f"Harbour scene {i}") for i in range(3)]
    html = editor_client.get(LIST_URL).content.decode()
    assert html.count('class="nr-photo-card"') == 3 and html.count("<picture>") == 3
    grid = html[html.index('<ul class="nr-photo-grid"') :]
    assert 'class=""' not in grid[: grid.index("</ul>")]
    for photo in photos:
        assert change_url(photo) in html
    response = editor_client.get(LIST_URL, {"view": "list"})
    assert response.status_code == 200 and "nr-photo-grid" not in response.content.decode()
    assert 'id="result_list"' in editor_client.get(LIST_URL).content.decode()  # remembered
    assert "nr-photo-grid" in editor_client.get(LIST_URL, {"view": "grid"}).content.decode()


def test_search_by_caption_credit_and_agency_reference(editor_client):
    port = PhotoFactory(caption="Gantry cranes at Busan port", credit="PHOTO: STAFF")
    wire = PhotoFactory(
        caption="Summit handshake",
        credit="PHOTO: HANBIT NEWS AGENCY",
        agency_reference="HNA-2026-0412",
    )
    assert listed(editor_client.get(LIST_URL, {"q": "gantry"})) == {port.pk}
    assert listed(editor_client.get(LIST_URL, {"q": "hanbit"})) == {wire.pk}
    assert listed(editor_client.get(LIST_URL, {"q": "HNA-2026-0412"})) == {wire.pk}


def test_filters_by_credit_agency_rights_and_date(editor_client):
    staff = PhotoFactory(credit="PHOTO: STAFF")
    wire = PhotoFactory(
        credit="PHOTO: HANBIT NEWS AGENCY",
        source_agency="Hanbit",
        usage_expires_at=timezone.now() - timedelta(days=1),
    )
    Photo.objects.filter(pk=staff.pk).update(created_at=timezone.now() - timedelta(days=40))
    response = editor_client.get(LIST_URL)
    credit_filter = next(
        spec for spec in response.context["cl"].filter_specs if spec.parameter_name == "credit"
    )
    assert [value for value, _ in credit_filter.lookup_choices] == [
        "PHOTO: HANBIT NEWS AGENCY",
        "PHOTO: STAFF",
    ]
    assert listed(editor_client.get(LIST_URL, {"credit": "PHOTO: STAFF"})) == {staff.pk}
    assert listed(editor_client.get(LIST_URL, {"source_agency": "Hanbit"})) == {wire.pk}
    assert listed(editor_client.get(LIST_URL, {"rights": "expired"})) == {wire.pk}
    since = (timezone.now() - timedelta(days=7)).isoformat()
    assert listed(editor_client.get(LIST_URL, {"created_at__gte": since})) == {wire.pk}


def test_change_page_lists_where_the_photo_is_used(editor_client):
    photo = PhotoFactory()
    story = ArticleFactory(headline="Port strike talks resume", lead_photo=photo)
    author = AuthorFactory(name="Mina Cho", headshot=photo)
    html = editor_client.get(change_url(photo)).content.decode()
    assert reverse("admin:articles_article_change", args=[story.pk]) in html
    assert "Port strike talks resume" in html and "lead photo" in html
    assert reverse("admin:authors_author_change", args=[author.pk]) in html and "headshot" in html
    assert "Not used yet." in editor_client.get(change_url(PhotoFactory())).content.decode()


def test_focal_point_picker_is_drawn_with_a_static_script_and_no_inline_code(editor_client):
    photo = PhotoFactory(width=1200, height=800)
    response = editor_client.get(change_url(photo))
    html = response.content.decode()
    assert "data-focal-picker" in html and 'data-width="1200" data-height="800"' in html
    assert re.search(r'<script src="/static/admin-extra/photo-focal-point\.js"', html)
    picker = html[html.index("data-focal-picker") : html.index("nr-focal__marker")]
    assert "<script" not in picker and "onclick" not in picker
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]


def test_focal_point_is_saved_and_half_a_point_is_refused(
    editor_client, django_capture_on_commit_callbacks
):
    photo = PhotoFactory(width=1200, height=800)
    data = admin_photo_post(caption=photo.caption, credit=photo.credit, alt_text=photo.alt_text)
    response = editor_client.post(
        change_url(photo), {**data, "focal_point_x": "0.25", "focal_point_y": ""}
    )
    assert (
        response.context["adminform"].form.errors.as_data()["focal_point_y"][0].code
        == "focal_point_incomplete"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            change_url(photo), {**data, "focal_point_x": "0.25", "focal_point_y": "0.4"}
        )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.focal_point == (0.25, 0.4)
    assert set(photo.renditions.values_list("focal_point_key", flat=True)) == {"25-40"}


def test_deleting_a_photo_in_use_is_refused_with_the_list(editor_client):
    photo = PhotoFactory()
    ArticleFactory(headline="Port strike talks resume", lead_photo=photo)
    AuthorFactory(name="Mina Cho", headshot=photo)
    delete_url = reverse("admin:photos_photo_delete", args=[photo.pk])
    html = editor_client.get(delete_url).content.decode()
    assert "is in use, so it cannot be deleted" in html
    assert "Port strike talks resume" in html and "Mina Cho" in html
    response = editor_client.post(delete_url, {"post": "yes"})
    assert response.status_code == 200 and Photo.objects.filter(pk=photo.pk).exists()
    response = editor_client.post(
        LIST_URL, {"action": "delete_selected", "_selected_action": [photo.pk], "post": "yes"}
    )
    assert Photo.objects.filter(pk=photo.pk).exists()
    assert "Mina Cho" in response.content.decode()


def test_deleting_an_unused_photo_removes_its_files(
    editor_client, django_capture_on_commit_callbacks
):
    photo = PhotoFactory()
    delete_url = reverse("admin:photos_photo_delete", args=[photo.pk])
    page = editor_client.get(delete_url).content.decode()
    assert (
        f"{photo.renditions.count()} renditions (resized copies)" in page
        and "Rendition:" not in page
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(delete_url, {"post": "yes"})
    assert response.status_code == 302 and not Photo.objects.exists()
    assert stored_files() == []


def test_writers_upload_and_edit_photos_but_may_not_delete_them(writer_client):
    photo = PhotoFactory()
    assert writer_client.get(LIST_URL).status_code == 200
    assert writer_client.get(change_url(photo)).status_code == 200
    assert (
        writer_client.post(
            reverse("admin:photos_photo_delete", args=[photo.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_a_save_that_fails_late_leaves_no_file_behind(editor_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(PhotoAdmin, "log_addition", broken)
    data = encoded(Image.new("RGB", (900, 600), (120, 30, 30)), "JPEG")
    with pytest.raises(RuntimeError):
        editor_client.post(
            reverse("admin:photos_photo_add"), admin_photo_post(file=upload(data), credit="X")
        )
    assert not Photo.objects.exists()
    assert stored_files() == []


def test_the_same_image_uploaded_twice_is_pointed_out(editor_client):
    data = encoded(Image.new("RGB", (900, 600), (10, 60, 90)), "JPEG")
    first = editor_client.post(
        reverse("admin:photos_photo_add"), admin_photo_post(file=upload(data))
    )
    assert first.status_code == 302
    response = editor_client.post(
        reverse("admin:photos_photo_add"), admin_photo_post(file=upload(data)), follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("already in the library" in m for m in messages)


@pytest.mark.parametrize("view", ["grid", "list"])
def test_library_queries_do_not_grow_with_the_photos(
    editor_client, django_assert_num_queries, view
):
    PhotoFactory(credit="PHOTO: STAFF")
    editor_client.get(LIST_URL, {"view": view})
    # session, user, permissions (2), credit filter, count, the photos (thumbnails from their
    # rendition index), agency filter, date hierarchy (3)
    with django_assert_num_queries(11):
        editor_client.get(LIST_URL)
    for i in range(6):
        PhotoFactory(credit=f"PHOTO: AGENCY {i}", usage_terms="agency_single")
    with django_assert_num_queries(11):
        html = editor_client.get(LIST_URL).content.decode()
    assert html.count("<picture>") == 7
