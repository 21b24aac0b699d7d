"""List filters of the photo library: credit, rights."""

from collections import Counter

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import EXPIRY_NOTICE, SINGLE_USE_TERMS, Photo


class CreditFilter(admin.SimpleListFilter):
    """The credits most used lately (every credit ever typed would make an endless list)."""

    title = _("credit")
    parameter_name = "credit"
    shown = 15
    #: How many recent photos the list is drawn from: one indexed query, however large the library.
    sample = 2000

    def lookups(self, request, model_admin):
        recent = Photo.objects.order_by("-created_at").values_list("credit", flat=True)[
            : self.sample
        ]
        counts = Counter(credit for credit in recent if credit)
        credits = sorted(counts, key=lambda credit: (-counts[credit], credit))[: self.shown]
        if self.value() and self.value() not in credits:
            credits.append(self.value())
        return [(credit, credit) for credit in credits]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(credit=self.value())
        return queryset


class RightsFilter(admin.SimpleListFilter):
    title = _("rights")
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [
            ("expired", _("Expired")),
            ("expiring", _("Expiring within a week")),
            ("single_use", _("Single use or restricted")),
            ("open", _("No expiry")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "expired":
            return queryset.filter(usage_expires_at__lte=now)
        if self.value() == "expiring":
            return queryset.filter(
                usage_expires_at__gt=now, usage_expires_at__lte=now + EXPIRY_NOTICE
            )
        if self.value() == "single_use":
            return queryset.filter(usage_terms__in=SINGLE_USE_TERMS)
        if self.value() == "open":
            return queryset.filter(Q(usage_expires_at__isnull=True))
        return queryset
