"""A second URLconf for tests/test_reversing.py: the topics' pages at another address."""

from django.urls import include, path
from django.views.generic import View

sections = ([path("sections/<slug:slug>/", View.as_view(), name="detail")], "topics")
urlpatterns = [path("", include(sections))]
