"""An editor uploads an agency photo, checks what its file filled in, and clicks its focal point."""

import re

import pytest
from playwright.sync_api import expect

from photos.models import Photo
from tests.factories import UserFactory
from tests.photos.conftest import FIXTURES

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_uploads_an_agency_photo_and_sets_its_focal_point(live_server, new_page):
    if not FIXTURES.is_dir():
        pytest.skip(f"the shared photo fixtures are not at {FIXTURES}")
    UserFactory(username="photo-editor", role="Editor")
    page = new_page()
    login(page, live_server, "photo-editor")

    page.goto(f"{live_server.url}/admin/photos/photo/add/")
    page.set_input_files("#id_file", str(FIXTURES / "agency-photo.jpg"))
    page.fill("#id_alt_text", "A delegation leader at a lectern facing reporters")
    page.click("input[name=_save]")

    # The change page: the file's caption and credit are in the form, ready to check.
    expect(page.locator(".messagelist")).to_contain_text("Filled in from the file's metadata")
    expect(page.locator("#id_caption")).to_have_value(
        "A delegation leader speaks to reporters at a hotel in Busan on March 3, 2026, "
        "as talks ended."
    )
    expect(page.locator("#id_credit")).to_have_value("PHOTO: EXAMPLE NEWS AGENCY")

    # Click the subject, right of centre and high up: the fields follow, the crops are drawn.
    picture = page.locator(".nr-focal img")
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.3})
    assert abs(float(page.input_value("#id_focal_point_x")) - 0.8) < 0.02
    assert abs(float(page.input_value("#id_focal_point_y")) - 0.3) < 0.02
    expect(page.locator(".nr-focal__marker")).to_be_visible()
    expect(page.locator(".nr-focal__crop")).to_have_count(3)
    page.locator(".nr-focal").press("ArrowLeft")
    assert abs(float(page.input_value("#id_focal_point_x")) - 0.79) < 0.02
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    photo = Photo.objects.get()
    assert abs(photo.focal_point_x - 0.79) < 0.02 and abs(photo.focal_point_y - 0.3) < 0.02
    assert set(photo.renditions.values_list("focal_point_key", flat=True)) == {
        photo.focal_point_key
    }

    # The library shows it as a card in the grid.
    page.goto(f"{live_server.url}/admin/photos/photo/")
    expect(page.locator(".nr-photo-card")).to_have_count(1)
    expect(page.locator(".nr-photo-card img")).to_have_attribute("srcset", re.compile(r"320w"))
    assert page.errors == []  # no script errors, no CSP refusals
