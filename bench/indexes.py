"""
Build secondary indexes after a bulk load instead of row by row during it.

PostgreSQL builds an index from sorted data far faster than it maintains one
through a million single inserts. ``deferred_indexes`` drops the plain
indexes of the given tables (not primary keys or unique constraints, which
guard the data) and recreates them, with their original definitions, when the
block ends, whether or not it succeeded. Elsewhere it does nothing.
"""

import contextlib
import time

from django.db import connection

LIST_SQL = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
ORDER BY i.tablename, i.indexname
"""


@contextlib.contextmanager
def deferred_indexes(tables, log=print):
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(LIST_SQL, [list(tables)])
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    finally:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem TO '512MB'")
            for _, definition in indexes:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
        log(f"  rebuilt {len(indexes)} indexes: {time.monotonic() - started:.1f} s")
