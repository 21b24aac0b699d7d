"""
The editorial admin for articles.

The change form edits the *working copy*: the row, or on a published story
the unpublished changes waiting in a pending revision (``articles.revisions``).
Inline bylines and corrections are therefore not bound to their rows: they
are shown from the working copy and saved with it as a whole. Workflow
buttons call ``workflow.transition()``; the extra pages (history, compare,
restore, preview, sharing, autosave) live in ``admin_views``, bulk actions in
``admin_actions``, the audit log and user admin in ``admin_audit``.
"""

from django.contrib import admin, messages
from django.db import router, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpResponseRedirect, QueryDict
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from newsroom.admin_pagination import CappedCountAdminMixin

from . import (
    admin_actions,
    admin_audit,  # noqa: F401  (registers the audit log and the user admin)
    admin_tags,  # noqa: F401  (registers the tag admin, its merge kept to editors)
    admin_views,
    revisions,
    workflow,
)
from .admin_inlines import BylineInline, CorrectionInline, WorkingCopyInline
from .forms import ArticleAdminForm, ScheduleForm
from .models import (
    Article,
    ArticleEvent,
    Autosave,
    Byline,
    Publication,
    Revision,
    Status,
)
from .search import search_articles


class DeskFilter(admin.SimpleListFilter):
    title = _("desk")
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [
            ("scheduled", _("Scheduled")), ("live", _("Live")),
            ("changes", _("Unpublished changes")), ("embargoed", _("Under embargo")),
            ("mine", _("Mine")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "scheduled":
                return queryset.scheduled(now)
            case "live":
                return queryset.published(now)
            case "changes":
                return queryset.filter(revisions__is_pending=True)
            case "embargoed":
                return queryset.filter(embargo_until__gt=now)
            case "mine":
                user = request.user
                bylined = Byline.objects.filter(article=OuterRef("pk"), author__user=user)
                return queryset.filter(Q(created_by=user) | Exists(bylined))
        return queryset


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "canonical_required"]
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(CappedCountAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    inlines = [BylineInline, CorrectionInline]
    actions = admin_actions.ACTIONS
    list_display = [
        "headline", "status_label", "byline_list", "primary_topic", "published_at",
        "embargo_label", "changes_label", "modified_by", "modified_at",
    ]
    list_filter = [DeskFilter, "status", "primary_topic", "language", "source", "is_featured"]
    list_select_related = ["primary_topic", "modified_by"]
    search_fields = ["headline", "slug", "dek"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_photo", "primary_topic", "topics", "source"]
    readonly_fields = ["status", "version", "created_by", "created_at", "modified_by", "modified_at"]
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
    # Only those who publish decide when a story is dated and whether it leads the home page.
    publisher_fields = ["published_at", "updated_at", "is_featured"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        ).annotate(
            has_pending=Exists(Revision.objects.filter(article=OuterRef("pk"), is_pending=True))
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(workflow.PUBLISH):
            readonly += self.publisher_fields
        return readonly

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            staged = revisions.pending(obj)
            if staged is not None:
                revisions.overlay(obj, staged.content)
            obj.pending_revision = staged
        return obj

    # Object-level permission: writers edit only their own drafts (see workflow.can_edit).
    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return workflow.can_edit(obj, request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Status.PUBLISHED:
            return False  # withdraw instead: published URLs must not vanish silently
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH)

    @admin.display(description=_("Status"), ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            return format_html(
                '<span class="nr-status nr-status--scheduled">{}</span> '
                '<time datetime="{}">{}</time>',
                _("Scheduled"), article.published_at.isoformat(),
                timezone.localtime(article.published_at).strftime("%d %b %H:%M"),
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
                '<span class="nr-embargo">{} {}</span>', _("until"),
                timezone.localtime(article.embargo_until).strftime("%d %b %H:%M"),
            )
        return "—"

    def get_search_results(self, request, queryset, search_term):
        # The desk searches like readers do (any status here), see articles.search.
        if not search_term.strip():
            return queryset, False
        return search_articles(search_term, queryset=queryset, order=False), False

    @admin.display(description=_("Changes"), boolean=False)
    def changes_label(self, article):
        if getattr(article, "has_pending", False):
            return format_html('<span class="nr-pending">{}</span>', _("Unpublished changes"))
        return "—"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        recovered = getattr(request, "recovered_input", None)
        if recovered is None or request.method != "GET":
            return form

        class RecoveredForm(form):
            """The form bound to the autosaved input, shown for review (not saved)."""

            def __init__(self, *args, **kwargs):
                if not args and "data" not in kwargs:
                    kwargs["data"] = recovered
                super().__init__(*args, **kwargs)

        return RecoveredForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, WorkingCopyInline):
            kwargs["queryset"] = inline.model.objects.none()
            recovered = getattr(request, "recovered_input", None)
            if request.method == "GET" and recovered is not None:
                kwargs["data"] = recovered
            elif request.method == "GET":
                kwargs["initial"] = inline.rows(obj)
        return kwargs

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET" and "recover" in request.GET:
            saved = Autosave.objects.filter(user=request.user, article_id=object_id).first()
            if saved is not None:
                recovered = QueryDict(mutable=True)
                for key, values in saved.data.items():
                    recovered.setlist(key, values if isinstance(values, list) else [values])
                request.recovered_input = recovered
                messages.info(request, _(
                    "Your autosaved work is back in the form below. It is not saved yet: "
                    "check it, then save."))
        if request.method == "POST" and object_id:
            kept = self.keep_input_of_a_story_that_moved_on(request, object_id)
            if kept is not None:
                return kept
        return super().changeform_view(request, object_id, form_url, extra_context)

    def keep_input_of_a_story_that_moved_on(self, request, object_id):
        """Keep a writer's text when their story left their hands while they typed.

        A writer's own story may move to review (or be withdrawn) while their
        form is open. Their save is refused, but the text is kept as their
        autosave, to restore once the story is returned to them.
        """
        article = Article.objects.filter(pk=object_id).first()
        user = request.user
        if (article is None or workflow.can_edit(article, user)
                or not user.has_perm("articles.change_article")
                or not workflow.is_own(article, user)):
            return None  # the usual rules (and the usual 403) apply
        data = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
        opened = request.POST.get("opened_version", "")
        Autosave.objects.update_or_create(
            user=user, article=article,
            defaults={"data": data, "saved_at": timezone.now(),
                      "opened_version": int(opened) if opened.isdigit() else None},
        )
        messages.error(request, _(
            "Not saved: this story is now %(status)s, so only an editor can change it. Your text "
            "is kept; once the story is returned to you, open it and restore your autosaved work."
        ) % {"status": article.get_status_display().lower()})
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def save_model(self, request, obj, form, change):
        # The row is written in save_related, together with its bylines and
        # corrections; a published story's row is not written at all.
        if not change:
            obj.created_by = request.user
        if not (change and obj.status == Status.PUBLISHED):
            obj.modified_by = request.user
            if change:
                obj.version += 1
        if obj.lead_photo and "lead_photo" in form.changed_data:  # rights: expired, single use spent
            for warning in obj.lead_photo.rights_warnings(used_in=obj):
                self.message_user(request, warning, messages.WARNING)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        content = revisions.snapshot_from_form(form, formsets)
        for formset in formsets:  # read by the admin's change message
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if change and obj.status == Status.PUBLISHED:
            obj.staged_revision = revisions.stage(obj, content, user=request.user)
        else:
            revisions.apply(obj, content)
            revisions.clear_pending(obj)
            kind = revisions.RevisionKind.SAVED if change else revisions.RevisionKind.CREATED
            revisions.record(obj, user=request.user, kind=kind)
            if not change:
                ArticleEvent.objects.create(article=obj, actor=request.user, kind="article.create",
                                            to_status=obj.status, data={"headline": obj.headline})
        Autosave.objects.filter(user=request.user, article=obj).delete()
        if not change:
            Autosave.objects.filter(user=request.user, article__isnull=True).delete()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(admin_views.change_form_context(self, request, context, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _after_save(self, request, obj, response):
        name = request.POST.get("_transition")
        staged = getattr(obj, "staged_revision", None)
        if staged is not None and name != "publish_changes":
            self.message_user(request, _(
                "Your changes are kept as unpublished changes: readers still see the published "
                "story until an editor publishes them."), messages.INFO)
        if "_discard_changes" in request.POST:
            if not workflow.may_discard(obj, revisions.pending(obj), request.user):
                self.message_user(request, _(
                    "Only an editor, or the person who saved them, may discard these changes."),
                    messages.ERROR)
            elif revisions.discard(obj, user=request.user):
                self.message_user(request, _(
                    "The unpublished changes were discarded (they stay in the history)."))
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        if not name:
            return response
        publish_at = None
        if name == "schedule":
            schedule = ScheduleForm({"publish_at": request.POST.get("_publish_at", "")})
            if not schedule.is_valid():
                self.message_user(request, " ".join(schedule.errors["publish_at"]), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
            publish_at = schedule.cleaned_data["publish_at"]
        admin_actions.run_transition(self, request, obj, name, note=request.POST.get("_note", ""),
                                     publish_at=publish_at)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def response_change(self, request, obj):
        return self._after_save(request, obj, super().response_change(request, obj))

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj, super().response_add(request, obj, post_url_continue))

    def response_action(self, request, queryset, *args, **kwargs):
        # One transaction for the whole batch. Each story's step is atomic on its
        # own, but a failure on the third story of a bulk publish must not leave
        # the first two published, nor a bulk delete its audit rows (and the
        # admin's log entries) for stories it did not delete. Refusals are
        # caught per story and do not end the batch.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().response_action(request, queryset, *args, **kwargs)

    def delete_model(self, request, obj):
        admin_actions.record_deletion(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # Never reached with a published story: has_delete_permission refuses the whole batch.
        admin_actions.record_deletion(request, list(queryset))
        super().delete_queryset(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        return admin_views.history(self, request, object_id)

    def get_urls(self):
        view = self.admin_site.admin_view
        info = "articles_article"
        return [
            path("autosave/", view(admin_views.autosave), {"model_admin": self, "object_id": None},
                 name=f"{info}_autosave_new"),
            path("<int:object_id>/autosave/", view(admin_views.autosave), {"model_admin": self},
                 name=f"{info}_autosave"),
            path("<int:object_id>/preview/", view(admin_views.preview), {"model_admin": self},
                 name=f"{info}_preview"),
            path("<int:object_id>/share-preview/", view(admin_views.share_preview),
                 {"model_admin": self}, name=f"{info}_share_preview"),
            path("<int:object_id>/revisions/compare/", view(admin_views.compare),
                 {"model_admin": self}, name=f"{info}_compare"),
            path("<int:object_id>/revisions/<int:number>/restore/", view(admin_views.restore),
                 {"model_admin": self}, name=f"{info}_restore"),
        ] + super().get_urls()
