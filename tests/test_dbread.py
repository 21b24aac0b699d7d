"""newsroom.dbread: statements read together (one round trip on PostgreSQL), a connection lost."""

import psycopg
import pytest
from django.db import ProgrammingError, connection

from newsroom.dbread import read_together
from tests.factories import ArticleFactory

STATEMENTS = [("SELECT %s + 1", [1]), ("SELECT %s || 'b'", ["a"]), ("SELECT 3 WHERE 1 = 0", [])]


@pytest.mark.django_db
def test_each_statements_rows_come_back_in_order_and_each_is_counted(django_assert_num_queries):
    with django_assert_num_queries(3):
        assert read_together("default", STATEMENTS) == [[(2,)], [("ab",)], []]


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_they_are_sent_in_one_pipeline(monkeypatch):
    entered = []
    real = psycopg.Connection.pipeline

    def pipeline(self):
        entered.append(self)
        return real(self)

    monkeypatch.setattr(psycopg.Connection, "pipeline", pipeline)
    assert read_together("default", STATEMENTS) == [[(2,)], [("ab",)], []]
    assert entered == [connection.connection]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_failing_statement_raises_djangos_error_and_the_connection_goes_on():
    with pytest.raises(ProgrammingError):
        read_together("default", [("SELECT 1", []), ("SELECT * FROM no_such_table", [])])
    assert read_together("default", [("SELECT 1", [])]) == [[(1,)]]


def terminate(pid):
    """Drop ``pid``'s connection from the server side, as a restart or an idle timeout would."""
    with psycopg.connect(connection.connection.info.dsn, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_by_the_server_is_replaced_without_a_separate_health_check(
    monkeypatch,
):
    connection.ensure_connection()
    connection.health_check_enabled = True
    dropped = connection.connection.info.backend_pid
    terminate(dropped)
    connection.health_check_done = False  # as at the start of a request on a reused connection
    checks = []
    real = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or real())

    assert read_together("default", STATEMENTS) == [[(2,)], [("ab",)], []]
    assert connection.connection.info.backend_pid != dropped
    assert checks == [1]  # asked once, after the read failed: no SELECT 1 ahead of it

    connection.health_check_done = False  # the next request, on the healthy connection
    assert read_together("default", STATEMENTS)[0] == [(2,)]
    assert checks == [1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_article_page_answers_after_the_server_dropped_its_connection(client):
    story = ArticleFactory(live=True, headline="Night ferry resumes")
    assert client.get(story.get_absolute_url()).status_code == 200
    connection.ensure_connection()
    connection.health_check_enabled = True
    terminate(connection.connection.info.backend_pid)
    connection.health_check_done = False  # a new request (the test client keeps connections)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Night ferry resumes" in response.text
