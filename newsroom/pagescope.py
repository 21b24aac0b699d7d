"""
What a page's addresses and dates depend on, read once while the page is made.

Django keeps the URLconf, the script prefix, the time zone and the language
of the current request in asgiref ``Local`` objects. One read costs 0.6 to 4
µs; the dearer reads are the settings left at their defaults, where the read
raises and catches AttributeError. An article page made some 160 of them for
its fifty addresses and forty dates. That was a tenth of its Python time.

``held()`` reads the four once and keeps them in a ContextVar until the block
ends. A read there costs 0.03 µs. ``address()`` and the date filters of the
public templates ask ``routing()``, ``zone()`` and ``language()``, which give
the held values inside ``held()`` and read Django's own outside it. The public
templates render inside ``held()`` (newsroom/jinja2.py), and so do the article
page's story links. Nothing in either block changes what it holds: a template does not
activate a time zone or a language.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation


class Scope(NamedTuple):
    urlconf: str
    prefix: str
    zone: object
    language: str


_held = ContextVar("newsroom_page_scope", default=None)


def routing():
    """Return (URLconf, script prefix): held, or read from Django now."""
    held = _held.get()
    return _read_routing() if held is None else (held.urlconf, held.prefix)


def zone():
    """Return the current time zone: held, or read from Django now."""
    held = _held.get()
    return timezone.get_current_timezone() if held is None else held.zone


def language():
    """Return the current language: held, or read from Django now."""
    held = _held.get()
    return translation.get_language() if held is None else held.language


def _read_routing():
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


def _read():
    return Scope(*_read_routing(), timezone.get_current_timezone(), translation.get_language())


@contextmanager
def held():
    """Hold the current Scope until the block ends (nested blocks keep the outer one)."""
    if _held.get() is not None:
        yield
        return
    token = _held.set(_read())
    try:
        yield
    finally:
        _held.reset(token)


def localtime(moment):
    """``timezone.localtime(moment)`` in the current Scope's time zone."""
    return timezone.localtime(moment, zone())
