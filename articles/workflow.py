"""
The publishing workflow, in one place.

States live in ``Status``; ``TRANSITIONS`` says which moves exist and which
permission each needs; ``transition()`` is the only code that writes
``Article.status``. It checks the permission, the embargo and the pre-publish
checklist, locks the row, saves, and records an ``ArticleEvent`` in one
transaction. Admin buttons, admin actions and any API are one-line callers.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DEK_MAX, HEADLINE_MAX, Article, ArticleEvent, Status

__all__ = [
    "Status", "Transition", "TRANSITIONS", "TransitionNotAllowed", "ChecklistFailed",
    "allowed_transitions", "checklist", "transition",
]


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple
    target: str
    permission: str | None  # None: any user who may edit the article
    label: str


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", (Status.DRAFT,), Status.REVIEW, None, "Submit for review"),
        Transition("return", (Status.REVIEW, Status.PUBLISHED, Status.WITHDRAWN), Status.DRAFT,
                   "articles.publish_article", "Return to writer"),
        Transition("publish", (Status.DRAFT, Status.REVIEW), Status.PUBLISHED,
                   "articles.publish_article", "Publish"),
        Transition("withdraw", (Status.PUBLISHED,), Status.WITHDRAWN, "articles.publish_article", "Withdraw"),
        Transition("republish", (Status.WITHDRAWN,), Status.PUBLISHED, "articles.publish_article", "Republish"),
    ]
}


class TransitionNotAllowed(PermissionDenied):
    """The user may not take this transition, or it does not start from here."""


class ChecklistFailed(Exception):
    """The article is not ready to go live; ``problems`` lists what is missing."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(_("Not ready to publish: ") + "; ".join(problems))


def can_edit(article, user):
    """Return whether ``user`` may edit ``article`` at all (object-level rule)."""
    if not user.is_active or not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    # Writers: their own stories (created or bylined), only while in draft.
    if article.status != Status.DRAFT:
        return False
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


def may_take(article, name, user):
    t = TRANSITIONS[name]
    if article.status not in t.source:
        return False
    if t.permission:
        return user.is_active and user.has_perm(t.permission)
    if name == "submit":
        return can_edit(article, user)
    return False


def allowed_transitions(article, user):
    """Return the Transitions ``user`` may take from the article's current state."""
    return [t for name, t in TRANSITIONS.items() if may_take(article, name, user)]


def checklist(article):
    """Return what is missing before ``article`` may go live (empty when ready)."""
    problems = []
    if not article.headline.strip():
        problems.append(_("a headline"))
    elif len(article.headline) > HEADLINE_MAX:
        problems.append(_("a headline of at most %(n)d characters") % {"n": HEADLINE_MAX})
    if not article.dek.strip():
        problems.append(_("a dek"))
    elif len(article.dek) > DEK_MAX:
        problems.append(_("a dek of at most %(n)d characters") % {"n": DEK_MAX})
    if not article.get_body_excerpt(5, "").strip():
        problems.append(_("a body"))
    if not article.byline_override and not article.bylines.exists():
        problems.append(_("at least one byline"))
    if article.primary_topic_id is None:
        problems.append(_("a primary topic"))
    photo = article.lead_photo
    if photo is None:
        problems.append(_("a lead photo"))
    else:
        if not photo.has_alt_text:
            problems.append(_("alt text on the lead photo (or mark it decorative)"))
        if not photo.credit.strip():
            problems.append(_("a credit on the lead photo"))
        if photo.is_usage_expired():
            problems.append(_("a lead photo whose usage rights have not expired"))
    return problems


def transition(article, name, *, user, note="", publish_at=None):
    """Move ``article`` along transition ``name`` on behalf of ``user``.

    ``publish_at`` schedules a publish for a later time. Raises
    TransitionNotAllowed or ChecklistFailed; on success the article, its new
    status and an ArticleEvent are saved together.
    """
    if name not in TRANSITIONS:
        raise TransitionNotAllowed(_("There is no “%(name)s” step.") % {"name": name})
    t = TRANSITIONS[name]
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if not may_take(locked, name, user):
            raise TransitionNotAllowed(
                _("You may not %(label)s an article that is %(status)s.")
                % {"label": t.label.lower(), "status": locked.get_status_display().lower()}
            )
        now = timezone.now()
        from_status = locked.status
        if t.target == Status.PUBLISHED:
            problems = checklist(locked)
            when = publish_at or (locked.published_at if name == "republish" else None) or now
            if locked.embargo_until and when < locked.embargo_until:
                problems.append(
                    _("a publication time after the embargo (%(t)s)")
                    % {"t": timezone.localtime(locked.embargo_until).strftime("%Y-%m-%d %H:%M %Z")}
                )
            if problems:
                raise ChecklistFailed(problems)
            if name == "publish":
                locked.published_at = publish_at or now
        locked.status = t.target
        locked.modified_by = user
        locked.version += 1
        locked.save(update_fields=["status", "published_at", "modified_by", "modified_at", "version"])
        ArticleEvent.objects.create(
            article=locked, actor=user, kind=f"article.{name}", from_status=from_status,
            to_status=t.target, note=note,
            data={"headline": locked.headline, "published_at": locked.published_at.isoformat()
                  if locked.published_at else None},
        )
    article.refresh_from_db()
    return article
