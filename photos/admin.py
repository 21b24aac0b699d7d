from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import PhotoForm
from .models import Photo


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = ["thumbnail", "__str__", "credit", "usage_terms", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["usage_terms", "source_agency", "is_decorative", "created_at"]
    search_fields = ["title", "caption", "credit", "agency_reference", "alt_text", "creator"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "width", "height", "uploaded_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "title", "caption", "credit", "alt_text", "is_decorative"]}),
        (_("Source and rights"), {"fields": [
            "creator", "source_agency", "agency_reference", "copyright_notice",
            "usage_terms", "usage_notes", "usage_expires_at", "taken_at",
        ]}),
        (_("Crop"), {"fields": ["focal_point_x", "focal_point_y"], "classes": ["collapse"]}),
        (_("Record"), {"fields": ["width", "height", "uploaded_by", "created_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_renditions()

    @admin.display(description=_("Photo"))
    def thumbnail(self, photo):
        return self._img(photo, 160, 90)

    @admin.display(description=_("Preview"))
    def preview(self, photo):
        return self._img(photo, 480, 270) if photo.pk else "—"

    def _img(self, photo, width, height):
        from .templatetags.photos import best_rendition

        rendition = best_rendition(photo, "orig", width, "jpeg")
        url = rendition.url if rendition else photo.file.url
        return format_html(
            # A class, not a style attribute: the Content-Security-Policy allows no inline style.
            '<img src="{}" alt="" class="nr-photo-{}x{}">', url, width, height,
        )

    def save_model(self, request, obj, form, change):
        if not change and obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
