from django.urls import path

from newsroom import converters  # noqa: F401  (registers "uslug")

from . import views

app_name = "authors"

urlpatterns = [
    path("<uslug:slug>/", views.author_detail, name="detail"),
]
