from django import forms
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from . import revisions
from .models import Article

PREVIEW_HOURS_CHOICES = [
    (1, _("1 hour")),
    (24, _("24 hours")),
    (48, _("48 hours")),
    (168, _("7 days")),
]


class ArticleAdminForm(forms.ModelForm):
    # The version the editor opened; a save against a newer one is refused (optimistic locking).
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "dek": forms.Textarea(attrs={"rows": 3}),
            "lead_photo_caption": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk and "opened_version" in self.fields:
            self.fields["opened_version"].initial = self.instance.version
        working = getattr(self.instance, "_working_copy", None)
        if working is not None and not self.is_bound:
            # Unpublished changes to a live story: show their topics and tags, not the row's.
            if "topics" in self.fields:
                self.initial["topics"] = working.get("topics", [])
            if "tags" in self.fields:
                self.initial["tags"] = [Tag(name=n) for n in working.get("tags", [])]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("canonical_to_original") and not cleaned.get("original_url"):
            self.add_error(
                "original_url",
                forms.ValidationError(
                    _("Give the original URL to point search engines at it."),
                    code="canonical_without_url",
                ),
            )
        if cleaned.get("original_url") and not cleaned.get("source"):
            self.add_error(
                "source",
                forms.ValidationError(
                    _("Name the source publication of syndicated copy."),
                    code="original_without_source",
                ),
            )
        published_at, embargo = cleaned.get("published_at"), cleaned.get("embargo_until")
        if published_at and embargo and published_at < embargo:
            self.add_error(
                "published_at",
                forms.ValidationError(
                    _("The embargo lifts at %(t)s: the publication time cannot be earlier."),
                    code="before_embargo",
                    params={"t": timezone.localtime(embargo).strftime("%d %b %Y %H:%M")},
                ),
            )
        if self.instance.pk and "opened_version" in self.fields:
            self.check_version(cleaned.get("opened_version"))
        return cleaned

    def check_version(self, opened):
        """Refuse the save if someone saved the article after this form was opened."""
        queryset = Article.objects.filter(pk=self.instance.pk)
        if connection.in_atomic_block:
            # Hold the row until the save commits, so two saves cannot both pass this check.
            queryset = queryset.select_for_update()
        current = queryset.values_list("version", flat=True).first()
        if current is None or opened == current:
            return
        article = Article.objects.get(pk=self.instance.pk)
        latest = revisions.latest(article)
        base = revisions.revision_at(article, opened) if opened is not None else None
        if base is not None:
            from .diff import compare

            changes = compare(base.content, revisions.working_copy(article))
        else:
            changes = []
        self.conflict = {
            "by": latest.author if latest else article.modified_by,
            "at": latest.created_at if latest else article.modified_at,
            "changes": changes,
        }
        who = self.conflict["by"]
        # Take the new version, so that saving again (after reading the changes) goes through.
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = str(current)
        raise forms.ValidationError(
            _(
                "%(who)s saved this story at %(when)s, after you opened it. Nothing of yours was "
                "saved: your text is still in the form. Compare it with the changes listed below, "
                "then save again to keep your version."
            ),
            code="conflict",
            params={
                "who": (who.get_full_name() or who.get_username()) if who else _("Someone"),
                "when": timezone.localtime(self.conflict["at"]).strftime("%H:%M:%S on %d %b"),
            },
        )


class ScheduleForm(forms.Form):
    """The time picked for "Schedule…" in the change form's workflow panel."""

    publish_at = forms.DateTimeField(
        required=False,
        input_formats=[
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ],
        error_messages={
            "invalid": _("Enter the publication time as a date and time, e.g. 2026-12-01 09:00.")
        },
    )


class SharePreviewForm(forms.Form):
    hours = forms.TypedChoiceField(
        label=_("Link works for"),
        coerce=int,
        help_text=_("After that the link shows a page saying it has expired."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = settings.PREVIEW_LINK_HOURS
        choices = dict(PREVIEW_HOURS_CHOICES)
        choices.setdefault(default, _("%(n)d hours") % {"n": default})
        self.fields["hours"].choices = sorted(choices.items())
        self.fields["hours"].initial = default
