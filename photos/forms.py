from django import forms
from django.core.files.uploadedfile import UploadedFile

from .ingest import clean_original
from .models import Photo
from .validators import validate_image_file


class PhotoForm(forms.ModelForm):
    """Admin form: validate the upload fully, then store a metadata-free original."""

    class Meta:
        model = Photo
        fields = "__all__"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self._format = validate_image_file(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_decorative") and cleaned.get("alt_text"):
            # Decorative images are skipped by screen readers; alt text would be ignored.
            self.add_error("alt_text", forms.ValidationError(
                "A decorative image has no alt text: clear one or the other.", code="decorative_with_alt"))
        return cleaned

    def save(self, commit=True):
        photo = super().save(commit=False)
        fmt = getattr(self, "_format", None)
        if fmt:
            content, ext, digest, (photo.width, photo.height) = clean_original(self.cleaned_data["file"], fmt)
            photo.file_hash = digest
            photo.file.save(f"upload.{ext}", content, save=False)
        if commit:
            photo.save()
            self.save_m2m()
        return photo
