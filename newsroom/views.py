"""Site-wide views: home, robots.txt, the health check and the 500 page."""

import logging
import uuid
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from articles.page_fetch import home_stories

from .cache import depends_on
from .context_processors import read_with_navigation

HOME_LATEST = 20

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    """Show the lead story (newest featured, else newest) and the latest stories.

    One statement finds the keys with two index scans (the featured lead from
    a partial index, the latest from the live index) and reads those stories,
    a second their bylines: a fixed cost however large the archive.
    """
    depends_on(request, "home", listing=True)
    # The site navigation's topics are read in the same round trip as the stories.
    lead, latest = home_stories(HOME_LATEST, read=partial(read_with_navigation, request))
    return render(request, "home.html", {"lead": lead, "latest": latest})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('articles:sitemap_index')}",
        f"Sitemap: {settings.SITE_URL}{reverse('articles:sitemap_section', args=['news'])}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


@never_cache
@require_safe
def healthz(request):
    """Report whether the database and the cache answer; 503 when either does not.

    The body says only which check failed; the reason goes to the log, not to
    whoever can reach the endpoint.
    """
    checks = {"database": _check(_database_answers), "cache": _check(_cache_round_trips)}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"}
    body.update({name: "ok" if passed else "error" for name, passed in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


def _check(probe):
    try:
        return probe()
    except Exception:  # noqa: BLE001 - any failure is the answer
        logger.exception("Health check %s failed", probe.__name__, extra={"event": "health.failed"})
        return False


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_round_trips():
    # A key of its own: probes reaching several workers at once must not race.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    found = cache.get(key)
    cache.delete(key)
    if found == "ok":
        return True
    logger.error("Health check: the cache lost what was stored", extra={"event": "health.failed"})
    return False


def server_error(request):
    """Render the branded 500 page from settings alone: the database may be what failed."""
    try:
        # The CSP nonce lets the page's inline style through (no context processors here).
        context = {"SITE_NAME": settings.SITE_NAME, "csp_nonce": getattr(request, "_csp_nonce", None)}
        html = loader.get_template("500.html").render(context)
    except Exception:  # noqa: BLE001 - even a broken template must not hide the error page
        html = "<!DOCTYPE html><title>Server error</title><h1>Something went wrong</h1>"
    return HttpResponseServerError(html)
