"""
Reversing URL names (and finding static files' addresses), remembered.

A page asks for the same addresses on every request (the sections and feeds in
its navigation, its topics and authors, the stories it links to), and Django's
``reverse()`` costs about 18 µs each: some thirty of them were half a
millisecond of every article page. Reversing is a pure function of the
URLconf, the script prefix and the arguments, so ``address()`` remembers the
answers, the most recent few thousand (the URLconf and the prefix are read
once a page, newsroom/pagescope.py). A changed URLconf setting (tests'
``override_settings``) forgets them, as Django's own URL caches are cleared.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static as django_static
from django.urls import reverse

from . import pagescope

MAX = 8192


def address(name, *args, **kwargs):
    """Return ``reverse(name, args=args, kwargs=kwargs)``, remembered."""
    urlconf, prefix = pagescope.routing()
    named = tuple(sorted(kwargs.items())) if kwargs else ()
    return _reverse(urlconf, prefix, name, args, named)


@lru_cache(maxsize=MAX)
def _reverse(urlconf, prefix, name, args, kwargs):
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


def static(path):
    """Return ``{% static path %}``, remembered.

    For a script prefix, the answer is fixed while the settings are (the
    manifest of hashed names is read once, when the storage is made), and the
    lookup cost some 60 µs: a quarter of a millisecond on every page for its
    four files.
    """
    return _static(path, pagescope.routing()[1])


@lru_cache(maxsize=256)
def _static(path, prefix):
    return django_static(path)


@receiver(setting_changed)
def forget(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _reverse.cache_clear()
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "FORCE_SCRIPT_NAME"}:
        _static.cache_clear()
