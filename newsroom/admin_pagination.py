"""
Admin lists that stay fast at a million rows.

Django's changelist counts the (filtered) queryset on every page view. At a
million articles that COUNT(*) is the slowest query on the desk; editors never
page past the first few hundred stories anyway — they filter, search or drill
into dates. Counting stops at ``cap``: beyond it the list says "more than".

The date hierarchy's years (or months, or days) come from a DISTINCT over every
row in Django; here they are found by one indexed EXISTS per period between the
first and the last date (see ``IndexedDatesQuerySet``).
"""

import datetime

from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.functional import cached_property

from .periods import periods_with_rows

MAX_PERIODS = 400  # more years than any archive has; more days than a month has


def _period_starts(first, last, kind):
    """Return the local starts of the ``kind`` periods from ``first`` to ``last``, then the end."""
    first, last = timezone.localtime(first), timezone.localtime(last)
    if kind == "year":
        days = [datetime.date(y, 1, 1) for y in range(first.year, last.year + 2)]
    elif kind == "month":
        months = (last.year - first.year) * 12 + last.month - first.month + 2
        counted = [first.month - 1 + n for n in range(months)]  # months since January of first.year
        days = [datetime.date(first.year + m // 12, m % 12 + 1, 1) for m in counted]
    else:
        count = (last.date() - first.date()).days + 2
        days = [first.date() + datetime.timedelta(days=n) for n in range(count)]
    return [timezone.make_aware(datetime.datetime.combine(d, datetime.time.min)) for d in days]


class IndexedDatesQuerySet:
    """Mixed into a changelist's queryset: ``datetimes()`` without a DISTINCT over every row."""

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        if kind not in ("year", "month", "day"):
            return super().datetimes(field_name, kind, order, tzinfo)
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        starts = _period_starts(bounds["first"], bounds["last"], kind)[: MAX_PERIODS + 1]
        periods = [starts[n] for n in periods_with_rows(self, field_name, starts)]
        return periods if order == "ASC" else periods[::-1]


def with_indexed_dates(queryset):
    """Return ``queryset`` with the fast ``datetimes()`` (its class gains the mixin)."""
    cls = queryset.__class__
    clone = queryset._chain()
    clone.__class__ = type(f"IndexedDates{cls.__name__}", (IndexedDatesQuerySet, cls), {})
    return clone


class CappedCountPaginator(Paginator):
    cap = 10_000

    @cached_property
    def count(self):
        # COUNT(*) over a LIMITed subquery: bounded work, whatever the table size.
        # Only the keys: the list's annotations need not be computed to be counted.
        found = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False


class CappedChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        return with_indexed_dates(super().get_queryset(request, exclude_parameters))

    def get_results(self, request):
        super().get_results(request)
        self.count_capped = getattr(self.paginator, "capped", False)


class CappedCountAdminMixin:
    """Use in a ModelAdmin whose table can grow to millions of rows."""

    paginator = CappedCountPaginator
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return CappedChangeList
