"""
Rows of the statements written without the ORM (articles/page_fetch.py, articles/related.py),
made into the values the ORM would give.
"""

import weakref

_converters = weakref.WeakKeyDictionary()  # connection: {name: [(index, converter, col)]}


def converted(connection, name, values, fields):
    """Return ``values`` (of ``fields``) through the converters the ORM applies to them.

    On SQLite, for instance, text becomes aware datetimes, as ``values()`` gives.
    The converters are looked up once per connection for each ``name``d set of
    fields (each caller names its own, any hashable: "bylines", "links", ...): the
    looking up costs more than the converting.
    """
    known = _converters.setdefault(connection, {})
    if name not in known:
        known[name] = [
            (i, convert, col)
            for i, field in enumerate(fields)
            for col in [field.get_col(field.model._meta.db_table)]
            for convert in connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        ]
    for i, convert, col in known[name]:
        values[i] = convert(values[i], col, connection)
    return values
