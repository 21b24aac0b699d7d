from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .ingest import deleting_files_on_error, prefill_values, prepare_upload, store_original
from .models import Photo
from .validators import ACCEPT_ATTRIBUTE

#: The fields an editor fills in, as the admin groups them.
MAIN_FIELDS = ["file", "title", "caption", "credit", "alt_text", "is_decorative"]
SOURCE_FIELDS = [
    "usage_terms",
    "usage_expires_at",
    "usage_notes",
    "creator",
    "source_agency",
    "agency_reference",
    "copyright_notice",
    "taken_at",
]


class PhotoForm(forms.ModelForm):
    """Check the upload fully, prefill empty fields from its metadata, store it clean.

    All image work happens in ``clean_file``, before anything is stored: a
    refused file leaves nothing behind. Fields the editor left empty take the
    values the file carries (caption, credit, photographer...); what the editor
    typed always wins. ``prefilled`` names the fields that were filled.
    """

    prepared = None
    prefilled = ()

    class Meta:
        model = Photo
        fields = [*MAIN_FIELDS, "focal_point_x", "focal_point_y", *SOURCE_FIELDS]
        # A plain file field: Django's ImageField would open the upload with
        # every Pillow plugin before our checks run.
        field_classes = {"file": forms.FileField}
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
            "caption": forms.Textarea(attrs={"rows": 3}),
            "usage_notes": forms.Textarea(attrs={"rows": 2}),
            "focal_point_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_point_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self.prepared = prepare_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.prepared is not None:
            given = {name: cleaned.get(name) for name in self.fields}
            values = prefill_values(self.prepared, given, decorative=cleaned.get("is_decorative"))
            values = {name: value for name, value in values.items() if name in self.fields}
            cleaned.update(values)
            self.prefilled = list(values)
        if cleaned.get("is_decorative") and (cleaned.get("alt_text") or "").strip():
            # Screen readers skip decorative images, so alt text would never be heard.
            self.add_error(
                "alt_text",
                forms.ValidationError(
                    _(
                        "A decorative image has no alt text: clear the alt text or untick "
                        "“decorative”."
                    ),
                    code="decorative_with_alt",
                ),
            )
        has_x = cleaned.get("focal_point_x") is not None
        has_y = cleaned.get("focal_point_y") is not None
        if has_x != has_y:
            self.add_error(
                "focal_point_x" if not has_x else "focal_point_y",
                forms.ValidationError(
                    _(
                        "Give both coordinates of the focal point, or neither (to crop from "
                        "the centre)."
                    ),
                    code="focal_point_incomplete",
                ),
            )
        return cleaned

    def save(self, commit=True):
        photo = super().save(commit=False)
        photo._prefilled = list(self.prefilled)
        with deleting_files_on_error():
            if self.prepared is not None:
                store_original(photo, self.prepared)
            if commit:
                photo.save()
                self._save_m2m()
        return photo
