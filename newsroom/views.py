"""Site-wide views: home, robots.txt, the health check and the 500 page."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from articles.models import Article

from .cache import depends_on

HOME_LATEST = 20


@require_safe
def home(request):
    """Show the lead story (newest featured, else newest) and the latest stories.

    One query finds the featured lead, one fetches it with the latest stories,
    whatever the size of the archive.
    """
    depends_on(request, "home", listing=True)
    published = Article.objects.published()
    lead_pk = published.filter(is_featured=True).values_list("pk", flat=True).first()
    latest_ids = published.values("pk")[: HOME_LATEST + 1]
    stories = list(
        Article.objects.filter(Q(pk__in=latest_ids) | Q(pk=lead_pk))
        .order_by("-published_at", "-pk").for_listing()
    )
    lead = next((a for a in stories if a.pk == lead_pk), stories[0] if stories else None)
    latest = [a for a in stories if a is not lead][:HOME_LATEST]
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
@require_GET
def healthz(request):
    """Report whether the database and the cache answer; 503 when either does not."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        cache.set("healthz", "ok", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "error: no round trip"
    except Exception as exc:  # noqa: BLE001
        checks["cache"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def server_error(request):
    """Render the branded 500 page from settings alone: the database may be what failed."""
    try:
        html = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    except Exception:  # noqa: BLE001 - even a broken template must not hide the error page
        html = "<!DOCTYPE html><title>Server error</title><h1>Something went wrong</h1>"
    return HttpResponseServerError(html)
