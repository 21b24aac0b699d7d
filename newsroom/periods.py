"""Which periods of time hold rows, in one query: for archives and the desk's date hierarchy."""

from django.db.models import Exists


def periods_with_rows(queryset, field_name, boundaries):
    """Return each n for which ``queryset`` has a row in [boundaries[n], boundaries[n + 1]).

    One EXISTS per period, each answered by an index on ``field_name``, rather
    than a DISTINCT over every row the periods cover.
    """
    checks = {
        f"p{n}": Exists(queryset.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end}))
        for n, (start, end) in enumerate(zip(boundaries[:-1], boundaries[1:], strict=True))
    }
    if not checks:
        return []
    found = queryset.model._base_manager.using(queryset.db).annotate(**checks).values(*checks)[:1]
    row = found[0] if found else {}
    return [n for n in range(len(checks)) if row.get(f"p{n}")]
