"""Public article pages: the story, tags, search and the date archives."""

from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe
from taggit.models import Tag

from newsroom.cache import article_key, depends_on, tag_key
from newsroom.context_processors import read_with_navigation
from newsroom.pagination import paginate
from newsroom.periods import periods_with_rows

from .models import Article, ArticleSlug
from .page_fetch import published_article
from .related import PageLinks
from .search import Searched, highlight, search_articles
from .search_form import MAX_YEAR, MIN_YEAR, SearchForm, day_start

#: What search results and archives show: live stories and their cards.
LISTING = ("articles", "home")


@require_safe
def article_detail(request, year, month, day, slug):
    """Show a published article; a wrong date or a retired slug redirects to its address now."""
    # The site navigation's topics and the links are read in the same round trip as the story.
    links = PageLinks(slug)
    article = published_article(slug, read=links.reading(partial(read_with_navigation, request)))
    if article is None:
        live = Article.objects.published()
        old = (
            ArticleSlug.objects.filter(slug=slug, article__in=live)
            .select_related("article")
            .first()
        )
        if old is None:
            raise Http404("No published article has this address.")
        return redirect(old.article, permanent=True)
    depends_on(request, article_key(article.pk), last_modified=article.modified_at)
    local = timezone.localtime(article.published_at)
    if (local.year, local.month, local.day) != (year, month, day):
        return redirect(article, permanent=True)
    return render(
        request, "articles/article_detail.html", {"article": article, "links": links.of(article)}
    )


@require_safe
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    depends_on(request, tag_key(tag.pk), listing=True)
    articles = Article.objects.published().filter(tags__id=tag.pk).for_listing()
    page = paginate(request, articles, settings.PAGINATE_BY)
    if not page:
        # A tag used only on unpublished stories must not reveal itself.
        raise Http404("No published stories carry this tag.")
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})


@require_safe
def search(request):
    """Search live stories; filters that do not make sense are reported and ignored."""
    depends_on(request, *LISTING, listing=True)
    form = SearchForm(request.GET or None)
    page, query, searched = None, "", Searched()
    if form.is_bound:
        form.is_valid()  # errors are shown; the valid parts still search
        query = form.cleaned_data.get("q", "")
        if query:
            found = search_articles(
                query,
                queryset=form.filtered(Article.objects.published()),
                # A reader who set dates has bounded the search already.
                budget_ms=None if form.has_dates() else settings.SEARCH_TIME_BUDGET_MS,
                searched=searched,
            )
            page = highlight(paginate(request, found.for_listing(), settings.PAGINATE_BY), query)
    return render(
        request,
        "articles/search.html",
        {"form": form, "query": query, "page": page, "searched": searched},
    )


def _local_range(first_day, next_day):
    """Return the aware [start, end) of whole local days, in the newsroom's time zone."""
    return day_start(first_day), day_start(next_day)


def _archive(request, *, start, end, level, when):
    depends_on(request, *LISTING, listing=True)
    live = Article.objects.published()
    articles = live.filter(published_at__gte=start, published_at__lt=end)
    page = paginate(request, articles.for_listing(), settings.PAGINATE_BY)
    if not page and not start <= timezone.now() < end:
        # Past periods without stories are 404, or crawlers would walk through empty centuries.
        raise Http404("No stories were published then.")
    periods = _periods_with_stories(live, level, when) if page and page.number == 1 else []
    return render(
        request,
        "articles/archive.html",
        {
            "page": page,
            "level": level,
            "when": when,
            "periods": periods,
        },
    )


def _periods_with_stories(live, level, when):
    """Return the months of a year, or days of a month, that have stories, in one query.

    One EXISTS per period, each answered from the (status, published_at) index,
    rather than a DISTINCT over every story of the year.
    """
    if level == "year":
        periods = [date(when.year, month, 1) for month in range(1, 13)]
        final = date(when.year + 1, 1, 1)
    elif level == "month":
        final = date(when.year + when.month // 12, when.month % 12 + 1, 1)
        periods = [when + timedelta(days=n) for n in range((final - when).days)]
    else:
        return []
    boundaries = [day_start(day) for day in [*periods, final]]
    return [periods[n] for n in periods_with_rows(live, "published_at", boundaries)]


def _checked_date(year, month=1, day=1):
    """Return the date, or raise Http404 for one that does not exist or lies outside 1900-2200."""
    try:
        when = date(year, month, day)
    except ValueError:
        raise Http404("No such date.") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("No stories were published then.")
    return when


@require_safe
def archive_year(request, year):
    when = _checked_date(year)
    start, end = _local_range(when, date(year + 1, 1, 1))
    return _archive(request, start=start, end=end, level="year", when=when)


@require_safe
def archive_month(request, year, month):
    when = _checked_date(year, month)
    start, end = _local_range(when, date(year + month // 12, month % 12 + 1, 1))
    return _archive(request, start=start, end=end, level="month", when=when)


@require_safe
def archive_day(request, year, month, day):
    when = _checked_date(year, month, day)
    start, end = _local_range(when, when + timedelta(days=1))
    return _archive(request, start=start, end=end, level="day", when=when)
