from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .operations import focal_point_key


def original_upload_to(photo, filename):
    # Keep the agency's name out of the URL: it goes in agency_reference.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    stamp = timezone.now()
    return f"photos/original/{stamp:%Y/%m}/{photo.file_hash[:16] or 'upload'}.{ext}"


def rendition_upload_to(rendition, filename):
    return f"photos/renditions/{rendition.photo_id}/{filename}"


class UsageTerms(models.TextChoices):
    STAFF = "staff", _("Staff photo")
    AGENCY = "agency", _("Agency, subscription")
    AGENCY_SINGLE = "agency_single", _("Agency, single use")
    HANDOUT = "handout", _("Handout")
    POOL = "pool", _("Pool")
    PARTNER = "partner", _("Partner publication")
    LICENSED = "licensed", _("Licensed, restricted")
    CREATIVE_COMMONS = "cc", _("Creative Commons")


#: Terms under which a photo may be used once only.
SINGLE_USE_TERMS = {UsageTerms.AGENCY_SINGLE, UsageTerms.LICENSED}
#: How far ahead the admin warns that a photo's rights run out.
EXPIRY_NOTICE = timedelta(days=7)


class Photo(models.Model):
    """An image with its caption, credit, rights and focal point.

    The stored original has had its metadata stripped (see photos.renditions);
    what an editor needs of that metadata is copied into the fields below.
    """

    file = models.ImageField(
        _("image file"),
        upload_to=original_upload_to,
        max_length=255,
    )
    # Set from Pillow at upload (not width_field, which rereads files on every load).
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    file_hash = models.CharField(
        _("SHA-256 of the original"), max_length=64, blank=True, db_index=True, editable=False
    )
    # Derived from the Rendition rows (photos.rendition_index), so pages need none of them.
    rendition_index = models.JSONField(
        _("rendition index"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "The resized copies pages offer, by crop and format, narrowest first; filled in "
            'when they are made. For example: {"16x9.jpeg": [["photos/renditions/7/'
            'a1b2-c-16x9-320.jpeg", 320, 180], ...]}.'
        ),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("For the photo library only. For example: Busan port cranes at dusk."),
    )
    caption = models.TextField(
        _("caption"),
        blank=True,
        help_text=_(
            "What the photo shows, who and where. "
            "For example: Cranes unload containers at Busan port on Tuesday."
        ),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_('As printed under the photo. For example: "PHOTO: YONHAP/AFP".'),
    )
    creator = models.CharField(
        _("photographer"),
        max_length=200,
        blank=True,
        help_text=_("Who took the photo. For example: Kim Ji-woo."),
    )
    copyright_notice = models.CharField(
        _("copyright notice"),
        max_length=255,
        blank=True,
        help_text=_("As the supplier states it. For example: © 2026 Hanbit News Agency."),
    )
    source_agency = models.CharField(
        _("source agency"),
        max_length=120,
        blank=True,
        db_index=True,
        help_text=_("The agency or organisation that supplied the photo. For example: AFP."),
    )
    agency_reference = models.CharField(
        _("agency reference"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("The agency's ID or the original file name, to find the photo again."),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "Describe the image for someone who cannot see it. "
            "Leave empty only for decorative images."
        ),
    )
    is_decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Tick only if the image adds no information (screen readers will skip it)."),
    )
    usage_terms = models.CharField(
        _("usage terms"),
        max_length=20,
        choices=UsageTerms.choices,
        default=UsageTerms.STAFF,
        help_text=_(
            "On what terms we may publish it. Single-use and restricted photos warn when reused."
        ),
    )
    usage_notes = models.CharField(
        _("usage notes"),
        max_length=300,
        blank=True,
        help_text=_("Restrictions from the supplier. For example: no archive use after 30 days."),
    )
    usage_expires_at = models.DateTimeField(
        _("usage expires"),
        null=True,
        blank=True,
        help_text=_(
            "After this time the photo may no longer be published, and stories using it "
            "cannot be published. For example: 30 days after the agency sent it."
        ),
    )
    focal_point_x = models.FloatField(
        _("focal point x"),
        null=True,
        blank=True,
        help_text=_("0 (left edge) to 1 (right edge). Crops keep this point in frame."),
    )
    focal_point_y = models.FloatField(
        _("focal point y"),
        null=True,
        blank=True,
        help_text=_("0 (top edge) to 1 (bottom edge)."),
    )
    taken_at = models.DateTimeField(
        _("taken at"),
        null=True,
        blank=True,
        help_text=_("When the photo was taken; filled from the file when it says."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_point_x__isnull=True)
                | models.Q(focal_point_x__gte=0, focal_point_x__lte=1),
                name="photo_focal_x_in_frame",
            ),
            models.CheckConstraint(
                condition=models.Q(focal_point_y__isnull=True)
                | models.Q(focal_point_y__gte=0, focal_point_y__lte=1),
                name="photo_focal_y_in_frame",
            ),
        ]

    def __str__(self):
        return self.title or self.caption[:60] or self.agency_reference or f"Photo {self.pk}"

    def save(self, *args, **kwargs):
        """Save; an existing photo's rendition index is left to refresh_rendition_index().

        An instance loaded before its renditions were last made would otherwise
        write back the index it loaded, naming files since replaced, until the
        renditions task that the save schedules rebuilt it.
        """
        if not self._state.adding and not kwargs.get("force_insert") and (
            kwargs.get("update_fields") is None
        ):
            skipped = {"rendition_index", *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in skipped  # deferred: attnames
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:photos_photo_change", args=[self.pk])

    @property
    def focal_point(self):
        if self.focal_point_x is None or self.focal_point_y is None:
            return None
        return (self.focal_point_x, self.focal_point_y)

    @property
    def focal_point_key(self):
        return focal_point_key(self.focal_point_x, self.focal_point_y)

    @property
    def has_alt_text(self):
        return self.is_decorative or bool(self.alt_text.strip())

    def is_usage_expired(self, at=None):
        return self.usage_expires_at is not None and self.usage_expires_at <= (at or timezone.now())

    @property
    def is_single_use(self):
        return self.usage_terms in SINGLE_USE_TERMS

    def get_rendition(self, spec):
        """Return the Rendition for ``spec``, making it if missing (scripts only, not templates)."""
        from .renditions import get_or_create_rendition

        return get_or_create_rendition(self, spec)

    def get_usages(self):
        """Return a Usage for every row that shows this photo: lead photos, headshots...

        Found through the reverse relations of whatever points at Photo, so
        this app needs to know nothing of the apps that use it.
        """
        usages = []
        for relation in self._meta.get_fields(include_hidden=True):
            if (
                not relation.auto_created
                or relation.concrete
                or relation.related_model is Rendition
            ):
                continue
            field = relation.field
            rows = relation.related_model._base_manager.filter(**{field.name: self}).order_by("pk")
            usages += [Usage(row, field) for row in rows]
        return usages

    def rights_warnings(self, *, used_in=None, at=None):
        """Return what an editor should know before using this photo (in ``used_in``).

        Expired or soon-expiring rights, and a single-use photo already used elsewhere.
        """
        at = at or timezone.now()
        warnings = []
        if self.is_usage_expired(at):
            warnings.append(
                _("The usage rights of “%(photo)s” expired on %(date)s.")
                % {"photo": self, "date": date_format(timezone.localtime(self.usage_expires_at))}
            )
        elif self.usage_expires_at and self.usage_expires_at - at < EXPIRY_NOTICE:
            warnings.append(
                _("The usage rights of “%(photo)s” expire on %(date)s.")
                % {"photo": self, "date": date_format(timezone.localtime(self.usage_expires_at))}
            )
        if self.is_single_use:
            others = [u for u in self.get_usages() if u.obj != used_in]
            if others and (used_in is not None or len(others) > 1):
                warnings.append(
                    _(
                        "“%(photo)s” is licensed for a single use (%(terms)s) and is "
                        "already used in: %(uses)s."
                    )
                    % {
                        "photo": self,
                        "terms": self.get_usage_terms_display(),
                        "uses": "; ".join(str(u) for u in others),
                    }
                )
        return warnings


@dataclass(frozen=True)
class Usage:
    """One place a photo appears: ``obj`` (an article, an author) through ``field``."""

    obj: models.Model
    field: models.Field

    def __str__(self):
        return f"{capfirst(self.obj._meta.verbose_name)} “{self.obj}” ({self.field.verbose_name})"

    @property
    def admin_url(self):
        opts = self.obj._meta
        try:
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk])
        except NoReverseMatch:
            return ""


class Rendition(models.Model):
    """A resized, metadata-free copy of a photo for one spec and focal point."""

    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.CASCADE, related_name="renditions"
    )
    spec = models.CharField(_("spec"), max_length=40)
    focal_point_key = models.CharField(_("focal point key"), max_length=16, default="c")
    file = models.ImageField(_("file"), upload_to=rendition_upload_to, max_length=255)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "spec", "focal_point_key"], name="unique_rendition"
            )
        ]

    def __str__(self):
        return f"{self.photo_id}:{self.spec}"

    @property
    def url(self):
        return self.file.url
