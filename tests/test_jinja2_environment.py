"""The public pages' Jinja2 environment: what it finds, how it escapes, its helpers."""

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.template.defaultfilters import date as django_date
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from newsroom.jinja2 import iso_datetime, url


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def test_public_templates_are_jinja2_and_the_admins_stay_django():
    assert get_template("articles/article_detail.html").backend.name == "jinja2"
    assert get_template("base.html").backend.name == "jinja2"
    assert get_template("admin/base_site.html").backend.name == "django"


def test_output_is_escaped_where_django_escapes_it():
    assert render("{{ x }}", x="\"O'Hara\" & <b>") == "&#34;O&#39;Hara&#34; &amp; &lt;b&gt;"
    assert render("{{ x|safe }}", x="<b>bold</b>") == "<b>bold</b>"
    assert render("{{ x }}", x=mark_safe("<b>bold</b>")) == "<b>bold</b>"  # Django's safe strings
    assert render("{{ x }}", x=None) == "None"  # as Django shows it


def test_a_missing_name_or_attribute_is_empty_at_any_depth_as_in_django():
    assert render("[{{ nothing }}|{{ nothing.deeper.still }}]") == "[|]"
    assert render("{% if page.number is defined and page.number > 1 %}x{% endif %}") == ""


@pytest.mark.parametrize(
    "moment",
    [datetime(2026, 3, 1, 15, 4, 5, tzinfo=UTC), datetime(2026, 7, 31, 23, 59, 59, tzinfo=UTC)],
)
def test_iso_datetime_writes_what_the_date_filter_writes(moment):
    assert iso_datetime(moment) == django_date(template_localtime(moment), "Y-m-d\\TH:i:sO")
    assert iso_datetime(None) == ""


def test_url_is_djangos_reverse():
    assert url("articles:tag", "harbour") == "/tags/harbour/"
    assert url("articles:archive_year", year=2026) == "/2026/"


def test_dates_are_remembered_per_time_zone_and_language():
    from django.utils import timezone, translation

    from newsroom.jinja2 import date

    moment = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    with timezone.override("Asia/Seoul"):
        assert date(moment, "j M Y, H:i") == "2 Mar 2026, 08:30"
        assert iso_datetime(moment) == "2026-03-02T08:30:00+0900"
    with timezone.override("America/New_York"):
        assert date(moment, "j M Y, H:i") == "1 Mar 2026, 18:30"
        assert iso_datetime(moment) == "2026-03-01T18:30:00-0500"
    with timezone.override("UTC"), translation.override("fr"):
        assert date(moment, "j F Y") == "1 mars 2026"
    with timezone.override("UTC"), translation.override("en"):
        assert date(moment, "j F Y") == "1 March 2026"
    assert date(None, "j F Y") == date("", "j F Y") == ""


def test_an_imported_template_is_made_once_unless_its_importer_brings_new_globals():
    env = engines["jinja2"].env
    partial = env.get_template("_partials/byline.html")
    page = env.get_template("articles/article_detail.html")
    assert partial._get_default_module(page.new_context({})) is partial.module
    context = page.new_context({})
    context.globals_keys.add("edition")
    context.parent["edition"] = "morning"
    assert partial._get_default_module(context) is not partial.module
