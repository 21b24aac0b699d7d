"""WSGI entry point for gunicorn: ``gunicorn newsroom.wsgi``."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, their models, the URLconf) lives as
# long as the worker. Python's cycle collector would look through all of it
# again at every full collection: a pause of tens of milliseconds, some of
# them in the middle of a page, and a tenth of an uncached home page's time on
# average. Frozen, it is left out of collections (as Python's documentation
# advises for servers that fork workers); what pages make is collected as usual.
get_resolver().url_patterns  # noqa: B018 - the URLconf loaded now, frozen with the rest
gc.freeze()
