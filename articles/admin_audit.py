"""The audit log in the admin, and the user and group admins that feed it account events."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from newsroom.admin_pagination import CappedCountAdminMixin

from accounts.admin import NewsroomUserAdmin

from .audit import acting_as
from .models import ArticleEvent

User = get_user_model()


class KindFilter(admin.SimpleListFilter):
    title = _("event")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = (
            model_admin.get_queryset(request)
            .order_by("kind")
            .values_list("kind", flat=True)
            .distinct()
        )
        return [(k, k) for k in kinds]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class AreaFilter(admin.SimpleListFilter):
    title = _("area")
    parameter_name = "area"

    def lookups(self, request, model_admin):
        return [("article", _("Editorial (articles)")), ("account", _("Accounts and roles"))]

    def queryset(self, request, queryset):
        if self.value() == "article":
            return queryset.filter(kind__startswith="article.")
        if self.value() == "account":
            return queryset.exclude(kind__startswith="article.")
        return queryset


@admin.register(ArticleEvent)
class ArticleEventAdmin(CappedCountAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "event", "subject", "actor", "from_to", "note_and_details"]
    list_filter = [
        AreaFilter,
        KindFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
        "to_status",
        "created_at",
    ]
    list_select_related = ["article", "actor", "target_user"]
    search_fields = [
        "article__headline",
        "data__headline",
        "data__username",
        "note",
        "actor__username",
        "target_user__username",
    ]
    date_hierarchy = "created_at"
    list_per_page = 100

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.has_perm("auth.view_user"):
            # Editors read the editorial trail; account events are for those who manage users.
            queryset = queryset.filter(kind__startswith="article.")
        return queryset

    @admin.display(description=_("Event"), ordering="kind")
    def event(self, event):
        return format_html('{} <span class="nr-detail">{}</span>', event.label, event.kind)

    @admin.display(description=_("Article or account"))
    def subject(self, event):
        if event.article_id:
            url = reverse("admin:articles_article_change", args=[event.article_id])
            return format_html('<a href="{}">{}</a>', url, event.article.headline)
        if event.target_user_id:
            return format_html("{} {}", _("User"), event.target_user.get_username())
        return (
            event.data.get("headline")
            or event.data.get("username")
            or event.data.get("group")
            or "—"
        )

    @admin.display(description=_("From → to"))
    def from_to(self, event):
        if not (event.from_status or event.to_status):
            return ""
        return f"{event.get_from_status_display() or '—'} → {event.get_to_status_display()}"

    @admin.display(description=_("Note and details"))
    def note_and_details(self, event):
        details = {k: v for k, v in event.data.items() if k not in ("headline", "username")}
        return format_html(
            "{}{}",
            event.note,
            format_html_join(
                "",
                '<div class="nr-detail"><span>{}</span>: {}</div>',
                (
                    (k, ", ".join(map(str, v)) if isinstance(v, list) else v)
                    for k, v in details.items()
                ),
            ),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_audit_log")

    def has_module_permission(self, request):
        return self.has_view_permission(request)


class ActingAsMixin:
    """Attribute the account events of every admin write to the signed-in user."""

    def changeform_view(self, request, *args, **kwargs):
        with acting_as(request.user):
            return super().changeform_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with acting_as(request.user):
            return super().changelist_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with acting_as(request.user):
            return super().delete_view(request, *args, **kwargs)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(ActingAsMixin, NewsroomUserAdmin):
    """accounts' user admin (two-factor, unlock) plus roles, with role changes audited."""

    list_display = [
        "username",
        "get_full_name",
        "email",
        "roles",
        "two_factor",
        "is_staff",
        "is_superuser",
        "is_active",
        "last_login",
    ]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Roles"))
    def roles(self, user):
        return ", ".join(g.name for g in user.groups.all()) or "—"


@admin.register(Group)
class GroupAdmin(ActingAsMixin, BaseGroupAdmin):
    pass
