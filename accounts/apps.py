from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Logins and what guards them: two-factor, lockout, idle sessions, the account audit."""

    default = True
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import signals  # noqa: F401  (connects the audit receivers)


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with our admin site (it asks for the second factor)."""

    default = False
    default_site = "accounts.sites.NewsroomAdminSite"
