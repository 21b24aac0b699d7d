"""
The photo library: a thumbnail grid (or a list), search by caption, credit
and agency reference, filters by credit, agency, rights and date; a change
page with the focal point picker, rights warnings and where the photo is used.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.admin_pagination import CappedCountAdminMixin

from .filters import CreditFilter, RightsFilter
from .forms import MAIN_FIELDS, SOURCE_FIELDS, PhotoForm
from .ingest import deleting_files_on_error
from .models import Photo, Rendition
from .templatetags.photos import photo_img

VIEW_PARAM = "view"
VIEW_SESSION_KEY = "photos_library_view"


@admin.register(Photo)
class PhotoAdmin(CappedCountAdminMixin, admin.ModelAdmin):
    form = PhotoForm
    list_display = [
        "thumbnail",
        "__str__",
        "credit",
        "source_agency",
        "usage_terms",
        "rights",
        "created_at",
    ]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [
        CreditFilter,
        "source_agency",
        RightsFilter,
        "usage_terms",
        "is_decorative",
        "created_at",
        "taken_at",
    ]
    list_select_related = ["uploaded_by"]
    search_fields = [
        "title",
        "caption",
        "credit",
        "agency_reference",
        "source_agency",
        "creator",
        "alt_text",
    ]
    search_help_text = _("Search captions, credits, photographers and agency references.")
    date_hierarchy = "created_at"
    list_per_page = 48
    view_on_site = False  # photos have no public page of their own
    readonly_fields = [
        "focal_point_picker",
        "rights_status",
        "used_in",
        "dimensions",
        "uploaded_by",
        "created_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": MAIN_FIELDS,
                "description": _(
                    "Fields you leave empty are filled from the file's own caption, credit "
                    "and copyright data when you save."
                ),
            },
        ),
        (
            _("Focal point"),
            {
                "fields": ["focal_point_picker", ("focal_point_x", "focal_point_y")],
                "description": _(
                    "Click the subject: every crop (16:9 lead, square headshot, social card) "
                    "keeps it in frame."
                ),
            },
        ),
        (
            _("Source and rights"),
            {"fields": ["rights_status", *SOURCE_FIELDS]},
        ),
        (_("Used in"), {"fields": ["used_in"]}),
        (
            _("Record"),
            {"fields": ["dimensions", "uploaded_by", "created_at"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        css = {"all": ["admin-extra/photos.css"]}
        js = ["admin-extra/photo-focal-point.js"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # the picker and the lists need a stored image
            return [self.fieldsets[0], (_("Source and rights"), {"fields": SOURCE_FIELDS})]
        return self.fieldsets

    # Library views ------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        view = request.GET.get(VIEW_PARAM)
        if view in ("grid", "list"):
            request.session[VIEW_SESSION_KEY] = view
        if VIEW_PARAM in request.GET:  # not a field lookup: keep it from the changelist
            request.GET = request.GET.copy()
            del request.GET[VIEW_PARAM]
        query = request.GET.copy()
        links = {}
        for name in ("grid", "list"):
            query[VIEW_PARAM] = name
            links[name] = f"?{query.urlencode()}"
        popup = IS_POPUP_VAR in request.GET  # pickers need the list's select links
        context = {
            "photo_view": "list" if popup else request.session.get(VIEW_SESSION_KEY, "grid"),
            "photo_view_links": links,
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    @admin.display(description=_("Photo"))
    def thumbnail(self, photo):
        return photo_img(photo, crop="orig", sizes="10rem", alt="", css_class="nr-thumb")

    @admin.display(description=_("Rights"))
    def rights(self, photo):
        return _rights_badges(photo)

    # Change page ----------------------------------------------------------------

    @admin.display(description=_("Focal point"))
    def focal_point_picker(self, photo):
        return format_html(
            '<div class="nr-focal" data-focal-picker '
            'data-x="id_focal_point_x" data-y="id_focal_point_y" '
            'data-width="{}" data-height="{}" tabindex="0" role="application" aria-label="{}">'
            '{}<span class="nr-focal__marker" hidden></span></div>'
            '<p class="help">{}</p>',
            photo.width,
            photo.height,
            _("Focal point picker: click the subject, or use the arrow keys"),
            photo_img(
                photo,
                crop="orig",
                sizes="(min-width: 60rem) 40rem, 90vw",
                lead=True,
                alt=_("The photo: click to set its focal point"),
            ),
            _(
                "The boxes show the 16:9, square and social-card crops. Clear both numbers to crop "
                "from the centre."
            ),
        )

    @admin.display(description=_("Rights"))
    def rights_status(self, photo):
        warnings = photo.rights_warnings()
        if not warnings:
            return _rights_badges(photo) or _("No restrictions recorded.")
        return format_html(
            '{}<ul class="nr-warnings">{}</ul>',
            _rights_badges(photo),
            format_html_join("", "<li>{}</li>", ((w,) for w in warnings)),
        )

    @admin.display(description=_("Used in"))
    def used_in(self, photo):
        usages = photo.get_usages()
        if not usages:
            return _("Not used yet.")
        return format_html(
            '<ul class="nr-usages">{}</ul>',
            format_html_join("", "<li>{}</li>", ((_usage_link(usage),) for usage in usages)),
        )

    @admin.display(description=_("Size"))
    def dimensions(self, photo):
        return format_html(
            "{} × {} px · {} renditions", photo.width, photo.height, photo.renditions.count()
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            photo = self.get_object(request, object_id)
            for warning in photo.rights_warnings() if photo else []:
                self.message_user(request, warning, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A failure anywhere in the save (row, related rows, log) removes the stored file.
        with deleting_files_on_error():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        self._report_upload(request, obj)
        if (
            IS_POPUP_VAR in request.POST
            or "_addanother" in request.POST
            or not self.has_change_permission(request, obj)
        ):
            return super().response_add(request, obj, post_url_continue)
        # A new photo wants a second look: its focal point, and the fields its file filled in.
        self.message_user(
            request,
            format_html(
                _(
                    "The photo “{}” was added successfully. Check its details and click its "
                    "subject to set the focal point."
                ),
                obj,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:photos_photo_change", args=[obj.pk]))

    def response_change(self, request, obj):
        self._report_upload(request, obj)
        return super().response_change(request, obj)

    def _report_upload(self, request, photo):
        prefilled = getattr(photo, "_prefilled", [])
        if prefilled:
            names = ", ".join(str(Photo._meta.get_field(name).verbose_name) for name in prefilled)
            self.message_user(
                request,
                _("Filled in from the file's metadata: %(fields)s. Check them.")
                % {"fields": names},
                messages.INFO,
            )
        twins = (
            Photo.objects.filter(file_hash=photo.file_hash).exclude(pk=photo.pk)[:3]
            if photo.file_hash
            else []
        )
        for twin in twins:
            self.message_user(
                request,
                format_html(
                    _('The same image is already in the library: <a href="{}">{}</a>.'),
                    reverse("admin:photos_photo_change", args=[twin.pk]),
                    twin,
                ),
                messages.WARNING,
            )

    # Deleting ---------------------------------------------------------------------

    def get_deleted_objects(self, objs, request):
        """Refuse to delete photos in use, listing where (shown by the delete page)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = [_usage_link(usage, photo) for photo in objs for usage in photo.get_usages()]
        return _without_renditions(deleted), counts, perms_needed, in_use or protected


def _without_renditions(items):
    """Say "39 renditions" once instead of listing every resized copy."""
    prefix = f"{capfirst(Rendition._meta.verbose_name)}:"
    kept, renditions = [], 0
    for item in items:
        if isinstance(item, list):
            kept.append(_without_renditions(item))
        elif str(item).startswith(prefix):
            renditions += 1
        else:
            kept.append(item)
    if renditions:
        kept.append(
            ngettext(
                "%(n)d rendition (a resized copy)", "%(n)d renditions (resized copies)", renditions
            )
            % {"n": renditions}
        )
    return kept


def _usage_link(usage, photo=None):
    label = str(usage) if photo is None else format_html("{} — {}", photo, usage)
    if usage.admin_url:
        return format_html('<a href="{}">{}</a>', usage.admin_url, label)
    return label


def _rights_badges(photo):
    badges = []
    if photo.is_usage_expired():
        badges.append(("expired", _("Expired")))
    elif photo.usage_expires_at:
        badges.append(("expires", _("Expires")))
    if photo.is_single_use:
        badges.append(("single", _("Single use")))
    return format_html_join(
        " ",
        '<span class="nr-badge nr-badge--{}">{}</span>',
        ((kind, capfirst(label)) for kind, label in badges),
    )
