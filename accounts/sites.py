import re
from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG, IGNORED_PARAMS, PAGE_VAR
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import twofactor, views

# Admin lists turn query parameters into lookups. Three kinds would end in a 500 there:
# a NUL byte (PostgreSQL cannot compare text with one), a date-hierarchy part too big
# for datetime() (?published_at__year=99999999999999999999 raises OverflowError where any
# other bad date is refused; no real year, month or day has more than four digits) and a
# number beyond 64 bits (?id__in=10000000000000000000: SQLite's integers overflow).
DATE_PART = re.compile(r"__(year|month|day)$")
NUMBER = re.compile(r"-?\d+")
#: The list's own parameters (search, ordering, page...), which Django does not make lookups.
NOT_LOOKUPS = {*IGNORED_PARAMS, PAGE_VAR, ERROR_FLAG}


def has_nul(request):
    query = request.META.get("QUERY_STRING", "")
    return "%00" in query or "\x00" in query


def has_bad_date_part(request):
    return any(
        DATE_PART.search(key) and not (value.isascii() and value.isdigit() and len(value) <= 4)
        for key, value in request.GET.items()
    )


def has_huge_number(request):
    """Whether an admin list's lookup holds a whole number no database integer can hold."""
    match = request.resolver_match
    if match is None or not (match.url_name or "").endswith("_changelist"):
        return False
    return any(
        len(number.lstrip("-").lstrip("0")) > 19 or not -(2**63) <= int(number) < 2**63
        for key, values in request.GET.lists()
        if key not in NOT_LOOKUPS
        for value in values
        for number in NUMBER.findall(value)
    )


class NewsroomAdminSite(admin.AdminSite):
    """The editorial admin: a password is not enough where a second factor is due.

    A staff user who has a TOTP device, or whose role requires one, reaches
    no admin page (autocomplete and the JavaScript catalogue included) until
    the second factor is given; every admin view sends them to that step.
    """

    def has_permission(self, request):
        return super().has_permission(request) and twofactor.pending_step(request) is None

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        def inner(request, *args, **kwargs):
            step = twofactor.pending_step(request)
            if step is not None:
                if request.path == reverse("admin:logout", current_app=self.name):
                    return view(
                        request, *args, **kwargs
                    )  # halfway through a login, one may still leave
                return self.redirect_to_step(request, step)
            if has_nul(request):
                return HttpResponseBadRequest("Addresses cannot contain NUL bytes.")
            if has_bad_date_part(request) or has_huge_number(request):
                # refused as the list refuses other bad filters
                return HttpResponseRedirect(f"{request.path}?e=1")
            return guarded(request, *args, **kwargs)

        return update_wrapper(inner, guarded)

    def login(self, request, extra_context=None):
        step = twofactor.pending_step(request) if request.user.is_authenticated else None
        if step is not None and request.method == "GET":
            return self.redirect_to_step(request, step, request.GET.get("next"))
        return super().login(request, extra_context)

    def redirect_to_step(self, request, step, next_url=None):
        url = reverse(f"admin:two_factor_{step}", current_app=self.name)
        return HttpResponseRedirect(
            f"{url}?{urlencode({'next': next_url or request.get_full_path()})}"
        )

    def pending_view(self, view):
        """Wrap a view for staff who gave their password but not yet their second factor."""

        def inner(request):
            if not (request.user.is_active and request.user.is_staff):
                return redirect_to_login(
                    request.get_full_path(), reverse("admin:login", current_app=self.name)
                )
            return view(request, self)

        return csrf_protect(never_cache(inner))

    def get_urls(self):
        return [
            path(
                "two-factor/",
                self.admin_view(lambda request: views.manage(request, self)),
                name="two_factor",
            ),
            path("two-factor/verify/", self.pending_view(views.verify), name="two_factor_verify"),
            path("two-factor/setup/", self.pending_view(views.setup), name="two_factor_setup"),
            *super().get_urls(),
        ]
