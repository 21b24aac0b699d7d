"""
Admin pages around an article: history, compare, restore, preview, sharing,
autosave, and the extra context of its change form.

Each view takes the ArticleAdmin as ``model_admin``, is wrapped in
``admin_site.admin_view`` (staff login) by ``ArticleAdmin.get_urls()``, and
re-checks the object-level permission itself.
"""

import json
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import preview as previews
from . import revisions, workflow
from .dashboard import WORKFLOW_KINDS
from .diff import compare as compare_snapshots
from .forms import SharePreviewForm
from .models import Article, Autosave, Status

AUTOSAVE_MAX_FIELDS = 2000


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def get_article(model_admin, request, object_id):
    article = model_admin.get_object(request, str(object_id))
    if article is None:
        raise Http404(_("There is no article with that ID; it may have been deleted."))
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    return article


def page(model_admin, request, article, template, title, **extra):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": article,
        "title": title,
        "subtitle": article.headline,
        "change_url": change_url(article),
        **extra,
    }
    return TemplateResponse(request, f"admin/articles/article/{template}", context)


def returned_note(article):
    """Return the latest "return to writer" event if that is where the story stands."""
    last = article.events.filter(kind__in=WORKFLOW_KINDS).select_related("actor").first()
    return (
        last if last and last.kind == "article.return" and article.status == Status.DRAFT else None
    )


def change_form_context(model_admin, request, context, article):
    """Return what the change form shows beyond the fields: workflow, changes, record."""
    user = request.user
    form = context["adminform"].form
    extra = {
        "conflict": getattr(form, "conflict", None),
        "recovering": hasattr(request, "recovered_input"),
    }
    if article is None:
        extra["autosave_url"] = reverse("admin:articles_article_autosave_new")
        extra["autosave_offer"] = (
            None
            if extra["recovering"]
            else Autosave.objects.filter(user=user, article__isnull=True).first()
        )
        return extra
    if request.method == "GET":
        revisions.ensure_baseline(article)
    staged = getattr(article, "pending_revision", None)
    live = revisions.stored_snapshot(article) if staged else None
    now = timezone.now()
    suggested = max(now + timedelta(hours=1), article.embargo_until or now).replace(
        second=0, microsecond=0
    )
    transitions = workflow.allowed_transitions(article, user)
    extra.update(
        {
            "transitions": transitions,
            "needs_time": any(t.needs_time for t in transitions),
            "schedule_default": timezone.localtime(suggested).strftime("%Y-%m-%dT%H:%M"),
            "staged_mode": article.status == Status.PUBLISHED,
            "pending": staged,
            "pending_changes": compare_snapshots(live, staged.content) if staged else [],
            "last_revision": revisions.latest(article),
            "events": list(article.events.select_related("actor")[:8]),
            "returned": returned_note(article),
            "autosave_url": reverse("admin:articles_article_autosave", args=[article.pk]),
            "autosave_offer": (
                None
                if extra["recovering"]
                else Autosave.objects.filter(user=user, article=article).first()
            ),
            "preview_url": reverse("admin:articles_article_preview", args=[article.pk]),
            "share_url": reverse("admin:articles_article_share_preview", args=[article.pk])
            if workflow.may_share(article, user)
            else "",
            "can_edit": workflow.can_edit(article, user),
            "can_discard": workflow.may_discard(article, staged, user),
            "can_view_log": user.has_perm("articles.view_audit_log"),
        }
    )
    return extra


def history(model_admin, request, object_id):
    article = get_article(model_admin, request, object_id)
    return page(
        model_admin,
        request,
        article,
        "history.html",
        _("History"),
        revisions=article.revisions.select_related("author")
        .defer("content")
        .order_by("-number")[:500],
        events=article.events.select_related("actor")[:500],
        can_restore=workflow.can_edit(article, request.user),
        can_view_log=request.user.has_perm("articles.view_audit_log"),
    )


def _revision(article, number):
    found = article.revisions.filter(number=number).select_related("author").first()
    if found is None:
        raise Http404(_("This article has no revision %(n)s.") % {"n": number})
    return found


def compare(request, object_id, model_admin):
    article = get_article(model_admin, request, object_id)
    numbers = list(article.revisions.order_by("number").values_list("number", flat=True))
    if not numbers:
        return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
    try:
        b = int(request.GET.get("b") or numbers[-1])
        a = int(request.GET.get("a") or max([n for n in numbers if n < b], default=b))
    except ValueError:
        raise Http404(_("Revision numbers are whole numbers.")) from None
    old, new = _revision(article, min(a, b)), _revision(article, max(a, b))
    return page(
        model_admin,
        request,
        article,
        "compare.html",
        _("Compare revisions"),
        old=old,
        new=new,
        changes=compare_snapshots(old.content, new.content),
        numbers=numbers,
        can_restore=workflow.can_edit(article, request.user),
    )


def restore(request, object_id, number, model_admin):
    article = get_article(model_admin, request, object_id)
    revision = _revision(article, number)
    if not workflow.can_edit(article, request.user):
        raise PermissionDenied
    if request.method == "POST":
        new, warnings = revisions.restore(article, revision, user=request.user)
        if article.status == Status.PUBLISHED:
            text = _(
                "Revision %(n)d is restored as unpublished changes: readers see the published "
                "story "
                "until an editor publishes them."
            )
        else:
            text = _("Revision %(n)d is restored and saved as a new revision.")
        messages.success(request, text % {"n": revision.number})
        for warning in warnings:
            messages.warning(request, warning)
        return HttpResponseRedirect(change_url(article))
    return page(
        model_admin,
        request,
        article,
        "restore.html",
        _("Restore revision %(n)d") % {"n": number},
        revision=revision,
        changes=compare_snapshots(revisions.working_copy(article), revision.content),
        staged_mode=article.status == Status.PUBLISHED,
    )


def preview(request, object_id, model_admin):
    """Show the working copy (or ``?revision=N``) with the public template and a banner."""
    article = get_article(model_admin, request, object_id)
    if request.GET.get("revision", "").isdigit():
        revision = _revision(article, int(request.GET["revision"]))
        content = revision.content
        banner = _("Preview of revision %(n)d (%(when)s) — not what readers see.") % {
            "n": revision.number,
            "when": timezone.localtime(revision.created_at).strftime("%d %b %Y %H:%M"),
        }
    else:
        content = revisions.working_copy(article)
        banner = previews.banner_for(article)
    return previews.render_preview(request, previews.materialize(article, content), banner)


def share_preview(request, object_id, model_admin):
    article = get_article(model_admin, request, object_id)
    if not workflow.may_share(article, request.user):
        raise PermissionDenied
    form = SharePreviewForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        token, expires = previews.make_token(article, hours=form.cleaned_data["hours"])
        link = request.build_absolute_uri(reverse("preview:shared", args=[token]))
        previews.record_share(article, request.user, expires)
        link = {"url": link, "expires": expires}
    return page(
        model_admin,
        request,
        article,
        "share_preview.html",
        _("Share a preview"),
        form=form,
        link=link,
    )


def superseded_by_own_save(user, article, version, data):
    """Return whether this autosave arrived after the same person saved the form.

    An autosave still in flight when the user presses Save can reach the
    server after the save; storing it would offer stale "unsaved work" later.
    """
    recently = timezone.now() - timedelta(minutes=1)
    if article is None:  # the add form: did this user just create the story it describes?
        slug = (data.get("slug") or [""])[0]
        return (
            bool(slug)
            and Article.objects.filter(
                slug=slug, created_by=user, created_at__gte=recently
            ).exists()
        )
    if not version.isdigit() or int(version) >= article.version:
        return False
    return article.revisions.filter(article_version__gt=int(version), author=user).exists()


def autosave(request, object_id, model_admin):
    """Keep (or drop) this user's working copy of the form: one row per user and article."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = None
    if object_id is not None:
        article = Article.objects.filter(pk=object_id).first()
        if article is None:
            return JsonResponse({"error": _("This article no longer exists.")}, status=404)
        if not workflow.can_edit(article, request.user):
            return JsonResponse({"error": _("You may not edit this article.")}, status=403)
    elif not model_admin.has_add_permission(request):
        return JsonResponse({"error": _("You may not add articles.")}, status=403)
    if "discard" in request.POST:
        Autosave.objects.filter(user=request.user, article=article).delete()
        messages.info(request, _("The autosaved copy was discarded."))
        target = change_url(article) if article else reverse("admin:articles_article_add")
        return HttpResponseRedirect(target)
    try:
        data = json.loads(request.POST.get("data", ""))
        valid = (
            isinstance(data, dict)
            and len(data) <= AUTOSAVE_MAX_FIELDS
            and all(
                isinstance(k, str) and isinstance(v, list) and all(isinstance(i, str) for i in v)
                for k, v in data.items()
            )
        )
    except ValueError:
        valid = False
    if not valid:
        return JsonResponse({"error": _("The autosave was not in the expected form.")}, status=400)
    data.pop("csrfmiddlewaretoken", None)
    version = request.POST.get("version", "")
    if superseded_by_own_save(request.user, article, version, data):
        return JsonResponse({"saved_at": None, "message": _("Saved.")})
    saved, _created = Autosave.objects.update_or_create(
        user=request.user,
        article=article,
        defaults={
            "data": data,
            "opened_version": int(version) if version.isdigit() else None,
            "saved_at": timezone.now(),
        },
    )
    return JsonResponse(
        {
            "saved_at": saved.saved_at.isoformat(),
            "message": _("Autosaved at %(t)s")
            % {"t": timezone.localtime(saved.saved_at).strftime("%H:%M:%S")},
        }
    )
