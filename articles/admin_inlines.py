"""Inline bylines and corrections that edit the working copy, not their rows.

The rows are shown from the working copy (``revisions.working_copy``) and
saved with the article as a whole (``revisions.apply`` or ``revisions.stage``),
so a published story's bylines and corrections can change without readers
seeing it until the changes are published.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import revisions
from .models import Byline, Correction


class WorkingCopyInlineForm(forms.ModelForm):
    def validate_constraints(self):
        # Rows are saved as a set with the article (revisions.apply), so a row
        # matching one already stored is not a duplicate; duplicates among the
        # submitted rows are still caught by the formset.
        pass


class WorkingCopyInline:
    """Show related rows from the working copy; save them through the article."""

    form = WorkingCopyInlineForm
    snapshot_key = ""

    def rows(self, obj):
        if obj is None or obj.pk is None:
            return []
        if getattr(obj, "_working_copy", None) is None:
            obj._working_copy = revisions.working_copy(obj)  # read once per request, not per inline
        return [self.initial_row(row) for row in obj._working_copy.get(self.snapshot_key, [])]

    def initial_row(self, row):
        return dict(row)

    def get_extra(self, request, obj=None, **kwargs):
        return len(self.rows(obj)) + self.extra if request.method == "GET" else self.extra


class BylineInline(WorkingCopyInline, admin.TabularInline):
    model = Byline
    extra = 1
    snapshot_key = "bylines"
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name_plural = _("Bylines (in order)")


class CorrectionInline(WorkingCopyInline, admin.StackedInline):
    model = Correction
    extra = 0
    snapshot_key = "corrections"
    fields = ["kind", "text", "created_at"]

    def initial_row(self, row):
        return {
            **row,
            "created_at": Correction._meta.get_field("created_at").to_python(row["created_at"]),
        }
