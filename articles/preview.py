"""
Previews: an article in any state, shown with the public template and a banner.

Staff preview in the admin (``admin_views.preview``). "Share preview" makes a
link signed with Django's TimestampSigner that works without a login until it
expires (``PREVIEW_LINK_HOURS``, 48 by default, unless the desk picks another
time). A tampered link is refused with 403, an expired one with 410.
Every preview response is marked noindex and uncacheable.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag

from . import revisions
from .models import Article, ArticleEvent, Byline, Correction, Status

SALT = "articles.preview"
DEFAULT_HOURS = settings.PREVIEW_LINK_HOURS
MAX_HOURS = 24 * 30


def materialize(article, content):
    """Return an unsaved copy of ``article`` showing ``content``, for previews.

    Related objects are fetched and placed where the public template looks for
    prefetched rows, so the template renders the copy without saving anything.
    """
    from authors.models import Author
    from topics.models import Topic

    copy = Article.objects.select_related("lead_photo", "primary_topic", "source").get(
        pk=article.pk
    )
    revisions.overlay(copy, content)
    for name in ("lead_photo", "primary_topic", "source"):
        field = Article._meta.get_field(name)
        pk = getattr(copy, field.attname)
        related = field.related_model._default_manager.filter(pk=pk).first() if pk else None
        setattr(copy, name, related)
        if related is None:
            setattr(copy, field.attname, None)
    authors = Author.objects.in_bulk([r["author"] for r in content.get("bylines", [])])
    bylines = [
        Byline(article=copy, author=authors[r["author"]], role=r["role"], position=r["position"])
        for r in content.get("bylines", [])
        if r["author"] in authors
    ]
    corrections_field = Correction._meta.get_field("created_at")
    corrections = [
        Correction(
            article=copy,
            kind=r["kind"],
            text=r["text"],
            created_at=corrections_field.to_python(r["created_at"]),
        )
        for r in content.get("corrections", [])
    ]
    topics = list(Topic.objects.filter(pk__in=content.get("topics", [])))
    known = {t.name: t for t in Tag.objects.filter(name__in=content.get("tags", []))}
    tags = [
        known.get(n) or Tag(name=n, slug=slugify(n, allow_unicode=True))
        for n in content.get("tags", [])
    ]
    copy._prefetched_objects_cache = {
        "bylines": _prefetched(Byline, bylines),
        "corrections": _prefetched(Correction, corrections),
        "topics": _prefetched(Topic, topics),
        "tags": _prefetched(Tag, tags),
    }
    return copy


def _prefetched(model, rows):
    # The shape prefetch_related leaves behind: a queryset whose results are in.
    queryset = model._default_manager.all()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset


def make_token(article, hours=DEFAULT_HOURS):
    """Return (token, expiry time) for a shared preview of ``article``."""
    hours = max(1, min(int(hours), MAX_HOURS))
    token = signing.TimestampSigner(salt=SALT).sign_object({"a": article.pk, "h": hours})
    return token, timezone.now() + timedelta(hours=hours)


def read_token(token):
    """Return the article id in ``token``.

    Raises signing.BadSignature for a link that was altered and
    signing.SignatureExpired (a subclass) for one past its time.
    """
    signer = signing.TimestampSigner(salt=SALT)
    payload = signer.unsign_object(token, max_age=timedelta(hours=MAX_HOURS))
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int):
        raise signing.BadSignature("Malformed preview token.")
    # The payload is authentic; now hold it to the lifetime it was issued with.
    signer.unsign_object(token, max_age=timedelta(hours=int(payload.get("h", DEFAULT_HOURS))))
    return payload["a"]


def record_share(article, user, expires):
    ArticleEvent.record(article, user, "article.share_preview", expires=expires.isoformat())


def banner_for(article):
    if article.is_live:
        if getattr(article, "pending_revision", None) or revisions.pending(article):
            return _("Preview with unpublished changes — readers still see the published version.")
        return _("Preview — this story is published; readers see this version.")
    if article.is_scheduled:
        return _("Preview — scheduled for %(t)s; readers cannot see it yet.") % {
            "t": timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M %Z")
        }
    return _("Preview — %(status)s, not published. Readers cannot see this story.") % {
        "status": article.get_status_display().lower()
    }


def private(response):
    """Mark a preview response as not for search engines or caches."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Referrer-Policy"] = "no-referrer"  # the token must not leak to linked sites
    return response


def render_preview(request, article, banner, status=200):
    return private(
        render(
            request,
            "articles/article_preview.html",
            {"article": article, "preview_banner": banner},
            status=status,
        )
    )


def refused(request, status, heading, text):
    return private(
        render(
            request,
            "articles/preview_refused.html",
            {"heading": heading, "text": text},
            status=status,
        )
    )


def shared_preview(request, token):
    """Show the story behind a signed preview link, to anyone holding the link."""
    try:
        pk = read_token(token)
    except signing.SignatureExpired:
        return refused(
            request,
            410,
            _("This preview link has expired"),
            _("Preview links work for a limited time. Ask the newsroom for a new one."),
        )
    except signing.BadSignature:
        return refused(
            request,
            403,
            _("This preview link is not valid"),
            _("The link is incomplete or has been changed. Check that you copied all of it."),
        )
    article = Article.objects.filter(pk=pk).first()
    if article is None or article.status == Status.WITHDRAWN:
        return refused(
            request,
            410,
            _("This story is no longer available"),
            _("The newsroom has withdrawn or removed the story this link pointed to."),
        )
    copy = materialize(article, revisions.working_copy(article))
    return render_preview(request, copy, banner_for(article))
