"""
The editorial record: the audit trail (ArticleEvent), revisions (JSON
snapshots of an article) and autosaves.

Kept apart from ``models`` to keep each module readable; ``models`` imports
these classes, so ``from articles.models import Revision`` works as usual.
``articles.revisions`` reads and writes them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# articles.models imports this module at its end, once Status exists there.
from .models import Status


class ArticleEvent(models.Model):
    """An entry in the audit trail: who did what, to which article or account, when.

    Editorial events name an article ("article.publish"); account events name
    the user whose roles changed ("user.groups_changed") and have no article.
    """

    # SET_NULL: the trail outlives a deleted article or account (names stay in data).
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        related_name="events",
        null=True,
        blank=True,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For account events: the user whose roles or flags changed."),
    )
    kind = models.CharField(
        _("event"), max_length=40, db_index=True
    )  # dotted, e.g. "article.publish"
    from_status = models.CharField(
        _("previous status"), max_length=12, blank=True, choices=Status.choices
    )
    to_status = models.CharField(_("new status"), max_length=12, blank=True, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.kind} by {self.actor} at {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls, article, actor, kind, note="", **data):
        """Record ``kind`` on ``article`` where its status stays as it is (restore, share…)."""
        return cls.objects.create(
            article=article, actor=actor, kind=kind, from_status=article.status,
            to_status=article.status, note=note, data={"headline": article.headline, **data},
        )

    @property
    def label(self):
        return EVENT_LABELS.get(self.kind, self.kind)


EVENT_LABELS = {
    "article.create": _("Created"),
    "article.submit": _("Submitted for review"),
    "article.return": _("Returned to the writer"),
    "article.publish": _("Published"),
    "article.schedule": _("Scheduled"),
    "article.publish_changes": _("Published changes"),
    "article.withdraw": _("Withdrawn"),
    "article.republish": _("Republished"),
    "article.restore": _("Restored a revision"),
    "article.discard_changes": _("Discarded unpublished changes"),
    "article.share_preview": _("Shared a preview link"),
    "article.delete": _("Deleted"),
    "user.created": _("Account created"),
    "user.deleted": _("Account deleted"),
    "user.groups_changed": _("Roles changed"),
    "user.flags_changed": _("Staff, superuser or active flag changed"),
    "user.permissions_changed": _("Account permissions changed"),
    "group.permissions_changed": _("Role permissions changed"),
}


class RevisionKind(models.TextChoices):
    CREATED = "created", _("Created")
    SAVED = "saved", _("Saved")
    STAGED = "staged", _("Change to the live story, not yet published")
    TRANSITION = "transition", _("Status changed")
    RESTORED = "restored", _("Restored from an earlier revision")
    BASELINE = "baseline", _("Copy on record before revisions were kept")


class Revision(models.Model):
    """A JSON snapshot of everything an editor can change on an article.

    Every save and every status change adds one; on a published story a save
    adds a *pending* revision instead of touching the row readers see, and
    "Publish changes" applies it. ``articles.revisions`` reads and writes them.
    """

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=RevisionKind.choices)
    content = models.JSONField(_("content"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)
    article_version = models.PositiveIntegerField(
        _("article version"),
        help_text=_("The article's version number right after this revision."),
    )
    is_pending = models.BooleanField(
        _("waiting to be published"),
        default=False,
        help_text=_("A change to a published story that readers do not see yet."),
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number"),
            # At most one set of unpublished changes per story.
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(is_pending=True),
                name="one_pending_revision",
            ),
        ]
        indexes = [models.Index(fields=["article", "article_version"], name="revision_version_idx")]

    def __str__(self):
        return f"{self.article_id} r{self.number} ({self.kind})"


class Autosave(models.Model):
    """The working copy of one person's open change form, overwritten every few seconds.

    Not a revision: it holds raw form input (possibly invalid) so that it can
    be offered back after a crash or a closed tab. ``article`` is empty for a
    story that was never saved.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="autosaves",
    )
    data = models.JSONField(_("form input"))
    opened_version = models.PositiveIntegerField(_("version when opened"), null=True, blank=True)
    saved_at = models.DateTimeField(_("autosaved at"), default=timezone.now)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_autosave_per_article"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="one_autosave_per_new_article",
            ),
        ]

    def __str__(self):
        return f"autosave of {self.article_id or 'a new article'} by {self.user_id}"
