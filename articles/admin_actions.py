"""Workflow steps from the admin: the change form's buttons and the list's bulk actions.

Both are thin callers of ``workflow.transition()``, which re-checks every
permission, so a crafted POST gets no further than a button would.
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import workflow
from .models import ArticleEvent

DONE = {
    "submit": gettext_lazy("“%(h)s” was submitted for review."),
    "publish": gettext_lazy("“%(h)s” is now published."),
    "schedule": gettext_lazy("“%(h)s” is scheduled for %(t)s."),
    "publish_changes": gettext_lazy("The changes to “%(h)s” are published."),
    "return": gettext_lazy("“%(h)s” was returned to the writer."),
    "withdraw": gettext_lazy("“%(h)s” was withdrawn."),
    "republish": gettext_lazy("“%(h)s” is published again."),
}


def _refusal(article, exc):
    return _("“%(h)s”: %(why)s") % {"h": article.headline, "why": exc}


def run_transition(model_admin, request, article, name, *, note="", publish_at=None):
    """Take one step and tell the user how it went; return whether it was taken."""
    try:
        workflow.transition(article, name, user=request.user, note=note, publish_at=publish_at)
    except (workflow.TransitionRefused, workflow.TransitionNotAllowed) as exc:
        model_admin.message_user(request, _refusal(article, exc), messages.ERROR)
        return False
    when = (
        timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M:%S %Z")
        if article.published_at
        else ""
    )
    model_admin.message_user(
        request, DONE[name] % {"h": article.headline, "t": when}, messages.SUCCESS
    )
    for warning in getattr(article, "transition_warnings", []):
        model_admin.message_user(request, warning, messages.WARNING)
    return True


def bulk(name, description, permission):
    """Return an admin action taking step ``name`` for each selected article."""

    @admin.action(description=description, permissions=[permission])
    def action(model_admin, request, queryset):
        done, refused = 0, []
        for article in queryset.order_by("pk"):
            try:
                workflow.transition(article, name, user=request.user)
            except (workflow.TransitionRefused, workflow.TransitionNotAllowed) as exc:
                refused.append(_refusal(article, exc))
            else:
                done += 1
        if done:
            model_admin.message_user(
                request,
                ngettext(
                    "%(n)d story: %(step)s done.",
                    "%(n)d stories: %(step)s done.",
                    done,
                )
                % {"n": done, "step": str(workflow.TRANSITIONS[name].label).lower()},
                messages.SUCCESS,
            )
        if refused:
            model_admin.message_user(request, " ".join(refused), messages.ERROR)

    action.__name__ = f"{name}_selected"
    return action


ACTIONS = [
    bulk("submit", gettext_lazy("Submit selected stories for review"), "change"),
    bulk("publish", gettext_lazy("Publish selected stories now"), "publish"),
    bulk("withdraw", gettext_lazy("Withdraw selected stories"), "publish"),
    bulk("republish", gettext_lazy("Republish selected stories"), "publish"),
]


def record_deletion(request, articles):
    """Put deleted stories on the audit trail (the event keeps the headline)."""
    ArticleEvent.objects.bulk_create(
        [
            ArticleEvent(
                article=a,
                actor=request.user,
                kind="article.delete",
                from_status=a.status,
                data={"headline": a.headline, "slug": a.slug},
            )
            for a in articles
        ]
    )
