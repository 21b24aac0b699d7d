from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from . import csp, views

admin.site.site_header = f"{settings.SITE_NAME} — editorial desk"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Desk"
handler500 = "newsroom.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("csp-report", csp.csp_report, name="csp_report"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("topics/", include("topics.urls")),
    path("authors/", include("authors.urls")),
    path("preview/", include("articles.preview_urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # For make run and small installs; production lets the proxy or S3 serve media.
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
