"""Two-factor pages of the admin: verify at login, enrol a device, see or turn it off.

``verify`` and ``setup`` serve users who have given their password but not yet
a second factor, so they are wrapped by ``NewsroomAdminSite.pending_view``;
``manage`` is an ordinary admin page.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from . import twofactor
from .forms import TokenForm


def locked_out(request, original_response=None, credentials=None):
    """Explain a login lockout (django-axes calls this instead of checking the password)."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.contrib import admin

    cool_off = get_cool_off(request)
    return TemplateResponse(
        request,
        "accounts/locked_out.html",
        {
            **admin.site.each_context(request),
            "failure_limit": get_failure_limit(request, credentials),
            "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
        },
        status=429,
    ).render()


def _next_url(request, site):
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, {request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index", current_app=site.name)


def _render(request, site, template, **context):
    return TemplateResponse(request, template, {
        **site.each_context(request), "next": _next_url(request, site), "subtitle": None, **context,
    })


def _code_accepted(request, form):
    """Return whether the posted code is right; a wrong one goes to the audit log."""
    if form.is_valid():
        return True
    twofactor.record_failure(request, request.user, form.errors.as_data()["token"][0].code)
    return False


def verify(request, site):
    """Ask a user who has a device for the code, after their password."""
    if twofactor.pending_step(request) != twofactor.VERIFY:
        return redirect(_next_url(request, site))
    device = twofactor.confirmed_device(request.user)
    form = TokenForm(device, request.POST or None)
    if request.method == "POST" and _code_accepted(request, form):
        twofactor.mark_verified(request, device)
        return redirect(_next_url(request, site))
    return _render(request, site, "accounts/two_factor_verify.html", form=form,
                   title=_("Two-factor authentication"))


def setup(request, site):
    """Enrol an authenticator app: show the QR code, confirm with a first code."""
    if twofactor.confirmed_device(request.user):
        return redirect(_next_url(request, site))
    device = twofactor.pending_device(request.user)
    form = TokenForm(device, request.POST or None)
    if request.method == "POST" and _code_accepted(request, form):
        twofactor.confirm_enrolment(request, device)
        messages.success(
            request, _("Two-factor authentication is on. You will be asked for a code at login.")
        )
        return redirect(_next_url(request, site))
    return _render(
        request,
        site,
        "accounts/two_factor_setup.html",
        form=form,
        title=_("Set up two-factor authentication"),
        qr_code=twofactor.qr_code_data_uri(device),
        secret=twofactor.secret_base32(device),
        required=twofactor.required_for(request.user),
        issuer=settings.OTP_TOTP_ISSUER,
    )


def manage(request, site):
    """Show whether the user's second factor is on; let them turn it off if their role allows."""
    device = twofactor.confirmed_device(request.user)
    required = twofactor.required_for(request.user)
    form = TokenForm(device, request.POST or None) if device else None
    if request.method == "POST" and device:
        if required:
            raise PermissionDenied(_("Your role requires two-factor authentication."))
        if _code_accepted(request, form):
            twofactor.turn_off(request, request.user)
            messages.success(request, _("Two-factor authentication is off."))
            return redirect(reverse("admin:two_factor", current_app=site.name))
    return _render(request, site, "accounts/two_factor_manage.html", device=device,
                   required=required, form=form, title=_("Two-factor authentication"))
