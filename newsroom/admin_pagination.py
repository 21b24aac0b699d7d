"""
Admin pagination that never counts a million rows.

Django's changelist counts the (filtered) queryset on every page view. At a
million articles that COUNT(*) is the slowest query on the desk; editors never
page past the first few hundred stories anyway — they filter, search or drill
into dates. Counting stops at ``cap``: beyond it the list says "more than".
"""

from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    cap = 10_000

    @cached_property
    def count(self):
        # COUNT(*) over a LIMITed subquery: bounded work, whatever the table size.
        found = self.object_list[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False


class CappedChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        self.count_capped = getattr(self.paginator, "capped", False)


class CappedCountAdminMixin:
    """Use in a ModelAdmin whose table can grow to millions of rows."""

    paginator = CappedCountPaginator
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return CappedChangeList
