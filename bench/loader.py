"""
Write many rows of a model fast: COPY on PostgreSQL, bulk_create elsewhere.

Columns come from the model's ``_meta``: the generator supplies values for the
fields it knows by name, and any other field is filled from its default (NULL
when nullable, "" for an optional text field, as Django would save them). So
a field another change adds with a default or ``null=True`` needs nothing
here; one that is required and has no default stops the load with a message
naming it. Derived columns (a tsvector, a
denormalised count) are better left NULL here and filled by a step in
``bench.postload``.
"""

from django.db import connection, models
from django.utils import timezone


class UnfillableField(Exception):
    pass


class TableWriter:
    """Collect rows for ``model`` as dicts of attname -> value and flush them."""

    def __init__(self, model, supplied):
        self.model = model
        self.supplied = list(supplied)
        self.fill = {}
        now = timezone.now()
        for field in model._meta.local_concrete_fields:
            if field.attname in self.supplied:
                continue
            if field.primary_key and isinstance(field, models.AutoField):
                continue  # an unsupplied auto primary key is left to the database
            if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
                self.fill[field.attname] = now
            elif field.has_default():
                self.fill[field.attname] = field.get_default()
            elif field.null:
                self.fill[field.attname] = None
            elif field.blank and field.empty_strings_allowed:
                self.fill[field.attname] = ""  # what Django saves for an optional text field
            else:
                raise UnfillableField(
                    f"bench cannot fill {model._meta.label}.{field.name}: it is required and has no "
                    "default. Give it a default or null=True, or supply it in bench/generate.py."
                )
        self.columns = self.supplied + list(self.fill)
        fields = {f.attname: f for f in model._meta.local_concrete_fields}
        # Prepare defaults once (JSON, enums...) the way Django would save them.
        self.fill_prepped = tuple(fields[a].get_db_prep_save(v, connection) for a, v in self.fill.items())
        self.db_columns = [fields[a].column for a in self.columns]
        self.rows = []
        self.written = 0

    def add(self, *values):
        """Add one row: values in the order of ``supplied``."""
        self.rows.append(values)

    def flush(self):
        if not self.rows:
            return 0
        if connection.vendor == "postgresql":
            self._copy()
        else:
            extra = tuple(self.fill.values())
            objs = [self.model(**dict(zip(self.columns, row + extra, strict=True))) for row in self.rows]
            self.model.objects.bulk_create(objs, batch_size=500)
        count = len(self.rows)
        self.written += count
        self.rows = []
        return count

    def _copy(self):
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.model._meta.db_table),
            sql.SQL(", ").join(sql.Identifier(c) for c in self.db_columns),
        )
        extra = self.fill_prepped
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in self.rows:
                copy.write_row(row + extra)
