"""
The Jinja2 environment of the public pages.

Readers' pages (home, article, topic, author, tag, archives, search, sitemaps,
404 and 500) are rendered by Django's Jinja2 backend: the same templates/
directory and names, compiled to Python once per process, in about half the
Django template language's time for an article page and two-fifths for the
home page (docs/PERFORMANCE.md). The
editorial admin stays on the Django template language: ``PublicLoader``
leaves ``admin/`` to it.

The globals and filters are the template tags the Django templates had, under
the same names, calling the same functions: a photo is still rendered only by
``photo_img``, structured data is still built in articles.structured_data.
Output is escaped by Jinja2's own autoescaping (markupsafe, in C): the five
characters Django's escape() replaces, with the quotes written ``&#34;`` and
``&#39;`` where Django writes ``&quot;`` and ``&#x27;``. Writing Django's
entities cost a Python call per output: a fifth of an article page's
rendering (docs/PERFORMANCE.md). Django's safe strings pass unescaped, as
they carry ``__html__``.
"""

from functools import cached_property, lru_cache
from types import SimpleNamespace

from django.template import defaultfilters, defaulttags
from django.utils import timezone
from django.utils.csp import nonce_attr
from django.utils.timezone import template_localtime
from jinja2 import (
    ChainableUndefined,
    Environment,
    FileSystemLoader,
    Template,
    TemplateNotFound,
    pass_context,
)

from articles import structured_data
from articles.templatetags.article_meta import json_ld
from photos.templatetags.photos import photo_img, photo_url

from . import pagescope
from .reversing import address, static

#: Template folders written in the Django template language, found by Django's engine.
DJANGO_TEMPLATE_FOLDERS = ("admin/",)


class PublicLoader(FileSystemLoader):
    """Load the public templates; leave the admin's to the Django template engine."""

    def get_source(self, environment, template):
        if template.startswith(DJANGO_TEMPLATE_FOLDERS):
            raise TemplateNotFound(template)
        return super().get_source(environment, template)

    def list_templates(self):
        return [t for t in super().list_templates() if not t.startswith(DJANGO_TEMPLATE_FOLDERS)]


class PublicTemplate(Template):
    """A public template: rendered with its addresses' and dates' settings held (pagescope.py)."""

    def render(self, *args, **kwargs):
        with pagescope.held():
            return super().render(*args, **kwargs)

    def _get_default_module(self, ctx=None):
        # On each {% from ... import %}, Jinja2 checks whether the importing
        # context has globals this template lacks, through a ChainMap's keys: 50
        # µs, for an answer that is the same on every request. The same check
        # against this template's global names, remembered, costs half a µs.
        if ctx is not None and not ctx.globals_keys - self._global_names:
            ctx = None  # no new globals: Jinja2's cached module serves
        return super()._get_default_module(ctx)

    @cached_property
    def _global_names(self):
        return frozenset(self.globals)


def url(name, *args, **kwargs):
    """``{{ url("articles:tag", tag.slug) }}``: Django's {% url %}, remembered (reversing.py)."""
    return address(name, *args, **kwargs)


def date(value, arg=None):
    """Django's |date filter, in the newsroom's time zone, as the Django language shows it.

    Formatting is a pure function of the moment, the format, the time zone and
    the language, and costs some 25 µs (a home page has forty dates), so the
    answers are remembered.
    """
    if value in (None, ""):
        return ""
    return _date(value, arg, pagescope.zone(), pagescope.language())


@lru_cache(maxsize=8192)
def _date(value, arg, zone, language):
    return defaultfilters.date(template_localtime(value), arg)


def iso_datetime(value):
    """ISO 8601 in the newsroom's time zone, for <time datetime> and meta tags.

    The same text as |date("Y-m-d\\TH:i:sO"), at a tenth of the cost (remembered as date() is).
    """
    if value in (None, ""):
        return ""
    return _iso_datetime(value, pagescope.zone())


@lru_cache(maxsize=8192)
def _iso_datetime(value, zone):
    return template_localtime(value).strftime("%Y-%m-%dT%H:%M:%S%z")


@pass_context
def querystring(context, **kwargs):
    """``{{ querystring(page=2) }}``: the request's query string with ``kwargs`` set."""
    return defaulttags.querystring(SimpleNamespace(request=context["request"]), **kwargs)


@pass_context
def csp_nonce_attr(context):
    """``nonce="..."`` for an inline element, when the request has a CSP nonce."""
    return nonce_attr(context)


def local_now():
    return timezone.localtime()


def environment(**options):
    options["loader"] = PublicLoader(options["loader"].searchpath)
    # As in the Django template language, a missing name or attribute is empty, at any depth.
    options["undefined"] = ChainableUndefined
    env = Environment(**options)
    env.template_class = PublicTemplate
    env.globals.update(
        url=url,
        static=static,
        querystring=querystring,
        csp_nonce_attr=csp_nonce_attr,
        now=local_now,
        photo_img=photo_img,
        photo_url=photo_url,
        json_ld=pass_context(json_ld),
        news_article_data=structured_data.news_article,
        breadcrumb_data=structured_data.breadcrumbs,
        article_trail=structured_data.article_trail,
        topic_trail=structured_data.topic_trail,
        social_image=structured_data.social_image,
        profile_page_data=structured_data.profile_page,
        website_data=structured_data.website,
    )
    env.filters.update(
        date=date,
        iso_datetime=iso_datetime,
        truncatechars=defaultfilters.truncatechars,
    )
    return env
