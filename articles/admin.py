from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import workflow
from .forms import ArticleAdminForm
from .models import Article, ArticleEvent, Byline, Correction, Publication, Status
from .search import search_articles


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]
    verbose_name_plural = _("Bylines (in order)")


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "canonical_required"]
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    inlines = [BylineInline, CorrectionInline]
    list_display = [
        "headline", "status_label", "byline_list", "primary_topic", "published_at",
        "embargo_label", "modified_by", "modified_at",
    ]
    list_filter = ["status", "primary_topic", "language", "source", "is_featured"]
    list_select_related = ["primary_topic", "modified_by"]
    search_fields = ["headline", "slug", "dek"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_photo", "primary_topic", "topics", "source"]
    readonly_fields = ["status", "version", "created_by", "created_at", "modified_by", "modified_at"]
    show_full_result_count = False  # no COUNT(*) over the whole archive on every page
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "dek", "dateline", "body"]}),
        (_("Bylines"), {"fields": ["byline_override"]}),
        (_("Lead photo"), {"fields": ["lead_photo", "lead_photo_caption"]}),
        (_("Filing"), {"fields": ["primary_topic", "topics", "tags", "language", "is_featured"]}),
        (_("Publication"), {"fields": ["status", "published_at", "updated_at", "embargo_until"]}),
        (_("Syndication"), {
            "fields": ["source", "original_url", "canonical_to_original"], "classes": ["collapse"],
        }),
        (_("SEO"), {"fields": ["meta_title", "meta_description"], "classes": ["collapse"]}),
        (_("Record"), {
            "fields": ["version", "created_by", "created_at", "modified_by", "modified_at"],
            "classes": ["collapse"],
        }),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    # Object-level permission: writers edit only their own drafts.
    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return workflow.can_edit(obj, request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Status.PUBLISHED:
            return False  # withdraw instead: published URLs must not vanish silently
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("Status"), ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            return format_html(
                '<span class="nr-status nr-status--scheduled">{}</span> {}',
                _("Scheduled"), timezone.localtime(article.published_at).strftime("%d %b %H:%M"),
            )
        return format_html(
            '<span class="nr-status nr-status--{}">{}</span>', article.status, article.get_status_display()
        )

    @admin.display(description=_("Bylines"))
    def byline_list(self, article):
        if article.byline_override:
            return article.byline_override
        return format_html_join(", ", "{}", ((b.author.name,) for b in article.ordered_bylines()))

    @admin.display(description=_("Embargo"), ordering="embargo_until")
    def embargo_label(self, article):
        if article.embargo_until and article.embargo_until > timezone.now():
            return format_html(
                '<span class="nr-embargo">{}</span>',
                timezone.localtime(article.embargo_until).strftime("%d %b %H:%M"),
            )
        return "—"

    def get_search_results(self, request, queryset, search_term):
        # The desk searches like readers do (any status here), see articles.search.
        if not search_term.strip():
            return queryset, False
        return search_articles(search_term, queryset=queryset, order=False), False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.modified_by = request.user
        super().save_model(request, obj, form, change)
        if obj.lead_photo and "lead_photo" in form.changed_data:  # rights: expired, single use spent
            for warning in obj.lead_photo.rights_warnings(used_in=obj):
                self.message_user(request, warning, messages.WARNING)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.file_under_primary_topic()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["transitions"] = workflow.allowed_transitions(obj, request.user) if obj else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _after_save(self, request, obj, response):
        name = request.POST.get("_transition")
        if not name:
            return response
        try:
            workflow.transition(obj, name, user=request.user, note=request.POST.get("_note", ""))
        except workflow.ChecklistFailed as exc:
            self.message_user(request, str(exc), messages.ERROR)
        except workflow.TransitionNotAllowed as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(
                request, _("“%(h)s” is now %(s)s.") % {"h": obj.headline, "s": obj.get_status_display().lower()},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def response_change(self, request, obj):
        return self._after_save(request, obj, super().response_change(request, obj))

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj, super().response_add(request, obj, post_url_continue))


@admin.register(ArticleEvent)
class ArticleEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "article", "actor", "from_status", "to_status", "note"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__headline", "note", "actor__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_audit_log")
