"""
The publishing workflow, in one place.

States live in ``Status``; ``TRANSITIONS`` says which steps exist, from which
states, and which permission each needs; ``transition()`` is the only code
that writes ``Article.status``. It checks the permission, the pre-publish
checklist and the embargo, locks the row, saves, and records a revision and
an ``ArticleEvent`` in one transaction. Admin buttons, admin actions and any
API are one-line callers.

A published story's edits wait as a pending revision (``articles.revisions``);
the "publish_changes" step applies them, with the same checks as publishing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import revisions
from .models import DEK_MAX, HEADLINE_MAX, Article, ArticleEvent, RevisionKind, Status

__all__ = [
    "Status", "Transition", "TRANSITIONS", "TransitionNotAllowed", "TransitionRefused",
    "ChecklistFailed", "allowed_transitions", "can_edit", "checklist", "may_discard", "may_share",
    "may_take", "transition",
]  # fmt: skip

PUBLISH = "articles.publish_article"


def _not_yet_live(article):
    # Publish now / reschedule apply to a published story only while it is still scheduled.
    return article.status != Status.PUBLISHED or article.is_scheduled


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    permission: str | None  # None: anyone who may edit the article
    label: str
    when: Callable | None = None  # a further condition on the article for the step to exist
    needs_note: bool = False
    needs_time: bool = False


# The table, as data: name, from which states, to which state, the permission, the button.
# fmt: off
D, R, P, W = Status.DRAFT, Status.REVIEW, Status.PUBLISHED, Status.WITHDRAWN
TRANSITIONS = {t.name: t for t in [
    Transition("submit", (D,), R, None, gettext_lazy("Submit for review")),
    Transition("publish", (D, R, P), P, PUBLISH, gettext_lazy("Publish now"), when=_not_yet_live),
    Transition("schedule", (D, R, P), P, PUBLISH, gettext_lazy("Schedule…"), when=_not_yet_live,
               needs_time=True),
    Transition("publish_changes", (P,), P, PUBLISH, gettext_lazy("Publish changes")),
    Transition("return", (R, P, W), D, PUBLISH, gettext_lazy("Return to writer"), needs_note=True),
    Transition("withdraw", (P,), W, PUBLISH, gettext_lazy("Withdraw")),
    Transition("republish", (W,), P, PUBLISH, gettext_lazy("Republish")),
]}
# fmt: on


class TransitionNotAllowed(PermissionDenied):
    """The user may not take this step, or it does not start from the article's state."""


class TransitionRefused(ValidationError):
    """The step is allowed but not possible now; ``error_list`` says why, each with a code."""

    def __init__(self, problems, *, action=""):
        super().__init__(problems if isinstance(problems, list) else [problems])
        self.action = action

    @property
    def codes(self):
        return [e.code for e in self.error_list]

    def __str__(self):
        items = "; ".join(str(m) for m in self.messages)
        if self.action:
            return _("Cannot %(action)s yet. Still needed: %(items)s.") % {
                "action": self.action,
                "items": items,
            }
        return items


class ChecklistFailed(TransitionRefused):
    """The story is not ready to go live: the pre-publish checklist or the embargo says no."""

    @property
    def problems(self):
        return self.messages


def is_own(article, user):
    """Return whether ``user`` created the article or has a byline on it."""
    if article.pk is None or article.created_by_id == user.pk:
        return True
    cache = getattr(article, "_prefetched_objects_cache", {})
    if "bylines" in cache:
        return any(b.author.user_id == user.pk for b in cache["bylines"])
    return article.bylines.filter(author__user=user).exists()


def can_edit(article, user):
    """Return whether ``user`` may change ``article``'s copy at all (object-level rule).

    Editors edit anything. Writers edit their own stories (created or bylined)
    while in draft, returned ones included; on their own published stories
    they may prepare changes, which wait for an Editor to publish them.
    """
    if not user.is_active or not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    if article.status not in (Status.DRAFT, Status.PUBLISHED):
        return False
    return is_own(article, user)


def may_discard(article, staged, user):
    """Return whether ``user`` may drop the unpublished changes ``staged``.

    Editors may drop anyone's; a writer only changes they saved themselves.
    """
    if staged is None or not can_edit(article, user):
        return False
    return user.has_perm(PUBLISH) or staged.author_id == user.pk


def may_share(article, user):
    """Return whether ``user`` may make a preview link: editors any, writers their own."""
    return user.is_active and (user.has_perm(PUBLISH) or is_own(article, user))


def may_take(article, name, user):
    """Return whether ``user`` may take step ``name`` from the article's current state."""
    t = TRANSITIONS[name]
    if article.status not in t.sources or (t.when and not t.when(article)):
        return False
    if not user.is_active:
        return False
    if t.permission:
        return user.has_perm(t.permission) and can_edit(article, user)
    return can_edit(article, user)


def allowed_transitions(article, user):
    """Return the Transitions ``user`` may take from the article's current state."""
    return [t for name, t in TRANSITIONS.items() if may_take(article, name, user)]


def _problem(message, code):
    return ValidationError(message, code=code)


def checklist(article):
    """Return what is missing before ``article`` may go live, as coded ValidationErrors."""
    problems = []
    if not article.headline.strip():
        problems.append(_problem(_("a headline"), "headline_missing"))
    elif len(article.headline) > HEADLINE_MAX:
        problems.append(
            _problem(
                _("a headline of at most %(n)d characters (it has %(has)d)")
                % {"n": HEADLINE_MAX, "has": len(article.headline)},
                "headline_too_long",
            )
        )
    if not article.dek.strip():
        problems.append(_problem(_("a dek"), "dek_missing"))
    elif len(article.dek) > DEK_MAX:
        problems.append(
            _problem(
                _("a dek of at most %(n)d characters (it has %(has)d)")
                % {"n": DEK_MAX, "has": len(article.dek)},
                "dek_too_long",
            )
        )
    if not article.get_body_excerpt(5, "").strip():
        problems.append(_problem(_("a body"), "body_missing"))
    if not article.byline_override and not article.bylines.exists():
        problems.append(_problem(_("at least one byline"), "byline_missing"))
    if article.primary_topic_id is None:
        problems.append(_problem(_("a primary topic"), "primary_topic_missing"))
    photo = article.lead_photo
    if photo is None:
        problems.append(_problem(_("a lead photo"), "lead_photo_missing"))
    else:
        if not photo.has_alt_text:
            problems.append(
                _problem(
                    _("alt text on the lead photo (or mark it decorative)"), "alt_text_missing"
                )
            )
        if not photo.credit.strip():
            problems.append(_problem(_("a credit on the lead photo"), "credit_missing"))
        if photo.is_usage_expired():
            problems.append(
                _problem(
                    _("a lead photo whose usage rights have not expired"), "photo_rights_expired"
                )
            )
    return problems


def _local(moment):
    return timezone.localtime(moment).strftime("%d %b %Y %H:%M:%S %Z")


def timing_problems(article, name, when, now):
    """Return what is wrong with going live at ``when`` (schedule time, embargo)."""
    problems = []
    if name == "publish" and when > now:
        problems.append(
            _problem(
                _("“Schedule…” rather than “Publish now” for a time in the future"),
                "time_in_future",
            )
        )
    if name == "schedule":
        if when is None:
            return [_problem(_("a publication time"), "time_required")]
        if when <= now:
            problems.append(
                _problem(
                    _("a publication time in the future (%(t)s has passed)") % {"t": _local(when)},
                    "time_in_past",
                )
            )
    if article.embargo_until and when and when < article.embargo_until:
        problems.append(
            _problem(
                _("a publication time at or after the embargo lifts (%(t)s)")
                % {"t": _local(article.embargo_until)},
                "embargo",
            )
        )
    return problems


def transition(article, name, *, user, note="", publish_at=None):
    """Move ``article`` along step ``name`` on behalf of ``user``.

    ``publish_at`` is the time for "schedule" (or a past time for "publish",
    when importing archive copy). Raises TransitionNotAllowed or
    TransitionRefused (ChecklistFailed when the story is not ready); on
    success the article row, a revision and an ArticleEvent are saved together.
    """
    if name not in TRANSITIONS:
        raise TransitionNotAllowed(_("There is no “%(name)s” step.") % {"name": name})
    t = TRANSITIONS[name]
    note = (note or "").strip()
    if publish_at is not None:
        publish_at = publish_at.replace(microsecond=0)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if not may_take(locked, name, user):
            raise TransitionNotAllowed(
                _("You may not “%(label)s” an article that is %(status)s.")
                % {"label": str(t.label).rstrip("…"), "status": locked.get_status_display().lower()}
            )
        if t.needs_note and not note:
            raise TransitionRefused(
                _problem(_("a note telling the writer what to fix"), "note_required"),
                action=str(t.label).lower(),
            )
        revisions.ensure_baseline(locked)
        now = timezone.now().replace(microsecond=0)  # publication times are kept to the second
        from_status = locked.status
        applied = None
        warnings = []
        if name == "publish_changes":
            applied = revisions.pending(locked)
            if applied is None:
                raise TransitionRefused(
                    _problem(_("There are no unpublished changes to publish."), "no_changes")
                )
            try:
                warnings = revisions.apply(locked, applied.content)
            except ValidationError as exc:
                raise TransitionRefused(
                    [_problem(m, "invalid") for m in exc.messages], action=_("publish the changes")
                ) from exc
        if t.target == Status.PUBLISHED:
            when = {
                "publish": publish_at or now,
                "schedule": publish_at,
                "republish": locked.published_at or now,
                "publish_changes": locked.published_at or now,
            }[name]
            problems = checklist(locked) + timing_problems(locked, name, when, now)
            if problems:
                raise ChecklistFailed(
                    problems, action=_("publish") if name != "schedule" else _("schedule")
                )
            if name in ("publish", "schedule") or locked.published_at is None:
                locked.published_at = when
        locked.status = t.target
        locked.modified_by = user
        locked.version += 1
        locked.save(
            update_fields=["status", "published_at", "modified_by", "modified_at", "version"]
        )
        if applied is not None:
            revisions.clear_pending(locked)
        label = str(t.label).rstrip("…")
        revision = revisions.record(
            locked,
            user=user,
            kind=RevisionKind.TRANSITION,
            note=f"{label}: {note}" if note else label,
        )
        ArticleEvent.objects.create(
            article=locked,
            actor=user,
            kind=f"article.{name}",
            from_status=from_status,
            to_status=t.target,
            note=note,
            data={
                "headline": locked.headline,
                "published_at": locked.published_at.isoformat() if locked.published_at else None,
                "revision": revision.number if revision else None,
                **({"applied_revision": applied.number} if applied else {}),
                **({"warnings": warnings} if warnings else {}),
            },
        )
    article.refresh_from_db()
    article.transition_warnings = warnings
    return article
