import os

import pytest
from django.db import connection
from django.template.backends import jinja2 as jinja2_backend
from django.test import Client
from django.test.signals import template_rendered

from tests.factories import UserFactory


@pytest.fixture(autouse=True, scope="session")
def _jinja2_templates_report_their_context():
    """Give ``response.context`` for the public (Jinja2) pages.

    Django's test runner does this for its own engine only.
    """
    render = jinja2_backend.Template.render

    def instrumented(self, context=None, request=None):
        context = dict(context or {})
        html = render(self, context, request)
        template_rendered.send(sender=self, template=self, context=context)
        return html

    jinja2_backend.Template.render = instrumented
    yield
    jinja2_backend.Template.render = render


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Give each test its own media folder, plain static storage, fast password hashing and an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Password hashing is deliberately slow (seconds on a busy machine); its strength is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The page cache has its own tests (tests/test_page_cache.py); elsewhere
    # every request should reach its view.
    settings.PAGE_CACHE = False
    from django.core.cache import cache

    from newsroom.pagecache import local_tier

    cache.clear()
    local_tier.clear()
    yield
    cache.clear()
    local_tier.clear()


@pytest.fixture
def roles_after_flush(transactional_db):
    """Recreate the role groups: transactional tests flush the tables a data migration filled."""
    from django.apps import apps

    from articles.roles import sync_roles

    sync_roles(apps)


@pytest.fixture
def user_factory(db):
    return UserFactory


def _client_for(role, username):
    user = UserFactory(username=username, role=role)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def writer_client(db):
    return _client_for("Writer", "writer")


@pytest.fixture
def other_writer_client(db):
    return _client_for("Writer", "writer2")


@pytest.fixture
def editor_client(db):
    return _client_for("Editor", "editor")


@pytest.fixture
def admin_user_client(db):
    return _client_for("Admin", "chief")


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on SQLite, unless CI says PostgreSQL is required."""
    if connection.vendor == "postgresql":
        return
    if os.environ.get("NEWSROOM_REQUIRE_POSTGRES") and any("postgres" in i.keywords for i in items):
        raise pytest.UsageError("NEWSROOM_REQUIRE_POSTGRES is set but DATABASE_URL is not PostgreSQL.")
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
