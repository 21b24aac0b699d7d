from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Article


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "dek": forms.Textarea(attrs={"rows": 3}),
            "lead_photo_caption": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("canonical_to_original") and not cleaned.get("original_url"):
            self.add_error("original_url", forms.ValidationError(
                _("Give the original URL to point search engines at it."), code="canonical_without_url"))
        if cleaned.get("original_url") and not cleaned.get("source"):
            self.add_error("source", forms.ValidationError(
                _("Name the source publication of syndicated copy."), code="original_without_source"))
        return cleaned
