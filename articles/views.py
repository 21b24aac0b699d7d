from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from taggit.models import Tag

from newsroom.cache import article_key, depends_on, tag_key
from newsroom.pagination import paginate

from .models import Article


def article_detail(request, year, month, day, slug):
    """Show a published article; a wrong date in the URL redirects to the right one."""
    article = get_object_or_404(Article.objects.published().for_page(), slug=slug)
    depends_on(request, article_key(article.pk), last_modified=article.modified_at)
    local = timezone.localtime(article.published_at)
    if (local.year, local.month, local.day) != (year, month, day):
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    depends_on(request, tag_key(tag.pk), listing=True)
    articles = Article.objects.published().filter(tags__id=tag.pk).for_listing()
    page = paginate(request, articles, settings.PAGINATE_BY)
    if not page:
        # A tag used only on unpublished stories must not reveal itself.
        raise Http404("No published stories carry this tag.")
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})
