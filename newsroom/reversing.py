"""
Reversing URL names, remembered.

A page asks for the same addresses on every request (the sections and feeds in
its navigation, its topics and authors, the stories it links to), and Django's
``reverse()`` costs about 18 µs each: some thirty of them were half a
millisecond of every article page. Reversing is a pure function of the
URLconf, the script prefix and the arguments, so ``address()`` remembers the
answers, the most recent few thousand. A changed URLconf setting (tests'
``override_settings``) forgets them, as Django's own URL caches are cleared.
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

MAX = 8192


def address(name, *args, **kwargs):
    """Return ``reverse(name, args=args, kwargs=kwargs)``, remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(urlconf, get_script_prefix(), name, args, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=MAX)
def _reverse(urlconf, prefix, name, args, kwargs):
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


@receiver(setting_changed)
def forget(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _reverse.cache_clear()
