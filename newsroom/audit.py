"""The audit log: editorial and account events as structured log lines.

Events go to the ``newsroom.audit`` logger with a dotted ``event`` name
("article.publish", "auth.login_failed", "otp.reset"…) and ids, never content:
drafts' headlines, notes to editors and anything naming a source stay in the
database, where permissions guard them, and out of log pipelines.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save

logger = logging.getLogger("newsroom.audit")


def audit(event, message, *args, **fields):
    """Log ``event`` at INFO with ``fields`` as structured data."""
    logger.info(message, *args, extra={"event": event, **fields})


def log_article_event(sender, instance, created, raw=False, **kwargs):
    """Log each ArticleEvent the workflow records, once its transaction commits."""
    if not created or raw:
        return
    fields = {
        "article_id": instance.article_id,
        "actor_id": instance.actor_id,
        "from_status": instance.from_status or None,
        "to_status": instance.to_status or None,
        "has_note": bool(instance.note),
        "article_event_id": instance.pk,
    }
    kind = instance.kind
    transaction.on_commit(
        lambda: audit(
            kind,
            "%s: article %s by user %s",
            kind,
            fields["article_id"],
            fields["actor_id"],
            **fields,
        )
    )


def connect():
    # A lazy sender: newsroom need not import articles to listen to it.
    post_save.connect(
        log_article_event, sender="articles.ArticleEvent", dispatch_uid="audit-article-event"
    )
