import os

import pytest
from django.db import connection
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Give each test its own media folder, plain static storage and an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
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
