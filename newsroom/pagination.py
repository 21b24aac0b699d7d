"""
Pagination without COUNT(*): fetch one row more than a page to know if there is a next.

Counting a topic's hundred thousand stories on every page view is the costliest
query a listing page can make, and readers never need the total.
"""

from django.http import Http404

MAX_PAGE = 1000


class Page(list):
    def __init__(self, rows, number, per_page):
        super().__init__(rows[:per_page])
        self.number = number
        self.has_next = len(rows) > per_page
        self.has_previous = number > 1
        self.next_page_number = number + 1 if self.has_next else None
        self.previous_page_number = number - 1 if self.has_previous else None


def page_number(request):
    """Return the ?page= number, or raise Http404 for anything but 1..MAX_PAGE."""
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 4:
        raise Http404("Page numbers are whole numbers.")
    number = int(raw)
    if not 1 <= number <= MAX_PAGE:
        raise Http404("No such page.")
    return number


def paginate(request, queryset, per_page):
    """Return the requested Page of ``queryset``; Http404 past the last page."""
    number = page_number(request)
    offset = (number - 1) * per_page
    page = Page(list(queryset[offset:offset + per_page + 1]), number, per_page)
    if number > 1 and not page:
        raise Http404("No such page.")
    return page
