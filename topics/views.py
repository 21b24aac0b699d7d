from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from newsroom.cache import depends_on, topic_key
from newsroom.pagination import paginate

from .models import Topic


@require_safe
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.select_related("parent__parent"), slug=slug)
    depends_on(request, topic_key(topic.pk), listing=True)
    # ``topic.articles`` is the reverse relation: topics never import articles.
    articles = topic.articles.published().for_listing()
    page = paginate(request, articles, settings.PAGINATE_BY)
    return render(request, "topics/topic_detail.html", {"topic": topic, "page": page})
