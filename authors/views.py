from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from newsroom.cache import author_key, depends_on
from newsroom.pagination import paginate

from .models import Author


@require_safe
def author_detail(request, slug):
    author = get_object_or_404(Author.objects.select_related("headshot"), slug=slug)
    depends_on(request, author_key(author.pk), listing=True)
    # ``author.articles`` is the reverse relation: authors never import articles.
    articles = author.articles.published().for_listing().distinct()
    page = paginate(request, articles, settings.PAGINATE_BY)
    return render(request, "authors/author_detail.html", {"author": author, "page": page})
