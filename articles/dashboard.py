"""
The desk on the admin index: what each person should look at next.

Each list is one query however many stories there are (the last workflow
event and the pending revision come in as subqueries), so the index page
costs the same on a quiet day and on election night.
"""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from .models import Article, ArticleEvent, Byline, Revision, Status

LIMIT = 10
WORKFLOW_KINDS = [
    "article.submit",
    "article.return",
    "article.publish",
    "article.schedule",
    "article.withdraw",
    "article.republish",
    "article.create",
]


def _with_last_event(queryset):
    last = ArticleEvent.objects.filter(article=OuterRef("pk"), kind__in=WORKFLOW_KINDS).order_by(
        "-created_at", "-pk"
    )
    return queryset.annotate(
        last_kind=Subquery(last.values("kind")[:1]),
        last_note=Subquery(last.values("note")[:1]),
        last_at=Subquery(last.values("created_at")[:1]),
        last_actor=Subquery(last.values("actor__username")[:1]),
    )


def mine_q(user):
    """Return the Q of stories ``user`` created or has a byline on."""
    return Q(created_by=user) | Exists(
        Byline.objects.filter(article=OuterRef("pk"), author__user=user)
    )


def desk(user, now=None):
    """Return the dashboard's lists for ``user``: one query each."""
    now = now or timezone.now()
    articles = Article.objects.select_related("primary_topic", "modified_by")
    drafts = _with_last_event(articles.filter(mine_q(user), status=Status.DRAFT)).order_by(
        "-modified_at"
    )
    pending = Revision.objects.filter(article=OuterRef("pk"), is_pending=True)
    return {
        "returned": list(drafts.filter(last_kind="article.return")[:LIMIT]),
        # NULL-safe: a draft with no workflow event yet is still a draft.
        "drafts": list(
            drafts.filter(Q(last_kind__isnull=True) | ~Q(last_kind="article.return"))[:LIMIT]
        ),
        "review": list(
            _with_last_event(articles.filter(status=Status.REVIEW)).order_by("modified_at")[:LIMIT]
        ),
        "changes": list(
            articles.filter(Exists(pending), status=Status.PUBLISHED)
            .annotate(
                staged_at=Subquery(pending.values("created_at")[:1]),
                staged_by=Subquery(pending.values("author__username")[:1]),
            )
            .order_by("staged_at")[:LIMIT]
        ),
        "scheduled": list(articles.scheduled(now)[:LIMIT]),
        "published": list(articles.published(now)[:LIMIT]),
        "now": now,
    }
