"""
Steps run after a dataset is loaded: the hook for derived columns.

COPY writes rows without calling ``save()`` or signals, so anything the app
derives on save must be filled here, in SQL, in one pass. Each step is a
function registered with ``@step``; it checks for itself whether it applies
(a column another change adds may not exist yet) and returns quickly when it
does not. Add a step when a change adds a derived column, e.g.::

    @step("fill word counts")
    def word_counts(log):
        if has_field(Article, "word_count"):
            batched_update("UPDATE articles_article SET word_count = ..."
                           " WHERE id BETWEEN %s AND %s")

``run_all`` runs them in order (``run_steps``), then resets sequences and runs
VACUUM ANALYZE (``finish``). A fresh dataset runs the steps before its indexes
are rebuilt, so that filling a derived column maintains no index row by row.
``python -m bench.generate --post-load-only`` runs them on an existing dataset
(``bench.run`` does so when ``migrate`` applied new migrations to one).
"""

import time

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

STEPS = []
UPDATE_BATCH = 50_000


def step(name):
    def register(func):
        STEPS.append((name, func))
        return func

    return register


def has_field(model, name):
    return any(f.name == name for f in model._meta.concrete_fields)


def batched_update(sql, table="articles_article", batch=UPDATE_BATCH):
    """Run ``sql`` (with two %s placeholders for an id range) over ``table`` in slices."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM {table}")  # noqa: S608
        low, high = cursor.fetchone()
        for start in range(low, high + 1, batch):
            cursor.execute(sql, [start, start + batch - 1])


@step("fill search vectors")
def search_vectors(log):
    """Fill ``Article.search_vector`` when the model has one (it is derived on save)."""
    Article = apps.get_model("articles", "Article")
    if not has_field(Article, "search_vector") or connection.vendor != "postgresql":
        return "skipped (no search_vector column)"
    try:  # prefer the app's own definition of the vector, when it offers one
        from articles.search import search_vector_expression
    except ImportError:
        search_vector_expression = None
    if search_vector_expression is not None:
        last = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for start in range(0, last, UPDATE_BATCH):
            Article.objects.filter(pk__gt=start, pk__lte=start + UPDATE_BATCH).update(
                search_vector=search_vector_expression())
        return "filled with articles.search.search_vector_expression()"
    batched_update(
        "UPDATE articles_article SET search_vector ="
        " setweight(to_tsvector('simple', coalesce(headline, '')), 'A')"
        " || setweight(to_tsvector('simple', coalesce(dek, '')), 'B')"
        " || setweight(to_tsvector('simple',"
        " regexp_replace(coalesce(body, ''), '<[^>]+>', ' ', 'g')), 'C')"
        " WHERE id BETWEEN %s AND %s"
    )
    return "filled with a default weighted vector (headline A, dek B, body C)"


@step("fill the search lexicon")
def search_lexicon(log):
    """Refill the words search falls back on for typos and CJK (``articles.lexicon``)."""
    try:
        from articles import lexicon
    except ImportError:
        return "skipped (no search lexicon)"
    if connection.vendor != "postgresql":
        return "skipped (not PostgreSQL)"
    return f"{lexicon.rebuild():,} words"


@step("fill rendition indexes")
def rendition_indexes(log):
    """Rebuild ``Photo.rendition_index`` from the Rendition rows the library copied in."""
    try:
        from photos.rendition_index import refresh_rendition_index
    except ImportError:
        return "skipped (no rendition index)"
    photos = list(apps.get_model("photos", "Photo").objects.order_by("pk"))  # a few hundred
    for photo in photos:
        refresh_rendition_index(photo)
    return f"{len(photos):,} photos"


def reset_sequences():
    models = [m for m in apps.get_models() if m._meta.app_label in
              {"articles", "authors", "photos", "topics", "taggit"}]
    models += [f.remote_field.through for m in models for f in m._meta.local_many_to_many]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def analyze():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # VACUUM also sets the visibility map, as autovacuum would on a live site.
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")


def run_steps(log=print):
    """Run every step in order; return {step: seconds}."""
    timings = {}
    for name, func in STEPS:
        started = time.monotonic()
        outcome = func(log)
        timings[name] = round(time.monotonic() - started, 2)
        log(f"  {name}: {outcome or 'done'} ({timings[name]:.1f} s)")
    return timings


def finish(log=print):
    """Reset sequences and run VACUUM ANALYZE; return {"vacuum analyze": seconds}."""
    started = time.monotonic()
    reset_sequences()
    analyze()
    seconds = round(time.monotonic() - started, 2)
    log(f"  vacuum analyze: {seconds:.1f} s")
    return {"vacuum analyze": seconds}


def run_all(log=print):
    """Run every step, reset sequences and analyze; return {step: seconds}."""
    return {**run_steps(log), **finish(log)}
