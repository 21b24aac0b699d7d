from django.urls import path

from newsroom import converters  # noqa: F401  (registers "uslug")

from . import views

app_name = "topics"

urlpatterns = [
    path("<uslug:slug>/", views.topic_detail, name="detail"),
]
