from django.urls import path

from newsroom import converters  # noqa: F401  (registers "uslug" and "dd")

from . import views

app_name = "articles"

urlpatterns = [
    path("<int:year>/<dd:month>/<dd:day>/<uslug:slug>/", views.article_detail, name="detail"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag"),
]
