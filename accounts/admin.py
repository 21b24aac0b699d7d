"""The users list gains a two-factor column and two actions: reset two-factor, unlock a login."""

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.audit import audit
from newsroom.clientip import client_ip

from . import twofactor

User = get_user_model()

# Devices are managed only through enrolment and the reset action: the stock
# device admin would let one user see or set another's secret.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "two_factor"]
    actions = ["reset_two_factor", "unlock_login"]

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_factor=Exists(confirmed))

    @admin.display(description=_("Two-factor"), boolean=True, ordering="has_two_factor")
    def two_factor(self, user):
        return user.has_two_factor

    @admin.action(
        description=_("Reset two-factor authentication (they enrol again at next login)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                twofactor.reset_second_factor(request, user)
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "Reset the second factor of %(n)d user.",
                    "Reset the second factor of %(n)d users.",
                    done,
                )
                % {"n": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Unlock login (clear failed attempts)"), permissions=["change"])
    def unlock_login(self, request, queryset):
        for user in queryset:
            removed = axes_reset(username=user.get_username())
            audit(
                "auth.unlocked",
                "User %s unlocked the login of user %s",
                request.user.pk,
                user.pk,
                user_id=request.user.pk,
                target_user_id=user.pk,
                attempts_cleared=removed,
                ip=client_ip(request),
            )
        self.message_user(
            request,
            ngettext(
                "Unlocked %(n)d login.",
                "Unlocked %(n)d logins.",
                queryset.count(),
            )
            % {"n": queryset.count()},
            messages.SUCCESS,
        )
