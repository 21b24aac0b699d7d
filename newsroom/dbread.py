"""
Several read statements in one round trip to the database.

A page that knows what it will read (the article page: the story and its
bylines, topics, tags and corrections) sends its statements together in
psycopg's pipeline mode and then reads the answers: one round trip where there
were one per statement. On other databases (SQLite) they run one after another.

The round trip saved is also Django's health check. With CONN_HEALTH_CHECKS, a
request's first statement on a reused connection is preceded by a ``SELECT 1``,
so that a connection the server has dropped is replaced instead of failing the
request. ``read_together()`` checks the connection by using it: when a reused
connection fails the read, it is replaced and the read sent once more, which a
read can safely be. Statements are counted, logged and have their errors
wrapped by Django as any other.
"""

from django.db import DatabaseError, connections

try:
    from psycopg import Pipeline
except ImportError:  # psycopg2, or no PostgreSQL driver at all
    Pipeline = None


def read_together(db, statements):
    """Return the rows of each ``(sql, params)`` of ``statements``, read in one round trip."""
    connection = connections[db]
    if not _pipelines(connection):
        with connection.cursor() as cursor:
            return [_fetched(cursor, sql, params) for sql, params in statements]
    # Django's check of a reused connection, due before this request's first statement.
    checking = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if checking:
        connection.health_check_done = True  # checked below, by the read itself
    try:
        return _pipelined(connection, statements)
    except DatabaseError:
        if not checking or connection.is_usable():
            raise  # the statements failed, not the connection
    connection.close()  # dropped by the server: read again on a new connection
    return _pipelined(connection, statements)


def _pipelines(connection):
    return connection.vendor == "postgresql" and Pipeline is not None and Pipeline.is_supported()


def _pipelined(connection, statements):
    cursors = [connection.cursor() for _ in statements]
    try:
        with connection.wrap_database_errors, connection.connection.pipeline():
            for cursor, (sql, params) in zip(cursors, statements, strict=True):
                cursor.execute(sql, params)  # sent; the answers are read below
            return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def _fetched(cursor, sql, params):
    cursor.execute(sql, params)
    return cursor.fetchall()
