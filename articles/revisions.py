"""
Revisions: JSON snapshots of an article, and staged edits of live stories.

A snapshot holds every field an editor can change plus bylines, topics,
tags and corrections. Saving a story that is not published writes the row
and records a revision; saving a published story records a *pending*
revision and leaves the row, which is what readers see, alone. The workflow's
"Publish changes" applies the pending revision (``apply()``).

Depends on ``articles.models`` only; ``workflow`` and the admin call it.
"""

from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .models import Article, Byline, Correction, Revision, RevisionKind, Status

# Keys of a snapshot that are not columns of the article row.
RELATIONS = ("topics", "tags", "bylines", "corrections")
# Compared when deciding whether a working copy differs from the live story.
IGNORED_IN_COMPARISON = ("status",)


def scalar_fields():
    """Return the article's own fields an editor can change (status is the workflow's)."""
    return [f for f in Article._meta.concrete_fields if f.editable and not f.primary_key]


def _dump(value):
    # Whole seconds: the admin's date and time inputs carry no more, so a
    # round trip through the form must not look like a change.
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    return value


def _scalars(article):
    data = {f.name: _dump(getattr(article, f.attname)) for f in scalar_fields()}
    data["status"] = article.status
    return data


def snapshot(article):
    """Return the article as stored: its row and its related rows, as JSON-ready data."""
    data = _scalars(article)
    # Fresh queries on purpose: prefetched relations may predate the save.
    data["topics"] = sorted(article.topics.values_list("pk", flat=True))
    data["tags"] = sorted(article.tags.names())
    data["bylines"] = [
        {"author": b.author_id, "role": b.role, "position": b.position}
        for b in Byline.objects.filter(article=article).order_by("position", "pk")
    ]
    data["corrections"] = [
        {"kind": c.kind, "text": c.text, "created_at": _dump(c.created_at)}
        for c in Correction.objects.filter(article=article).order_by("created_at", "pk")
    ]
    return data


def stored_snapshot(article):
    """Return the snapshot of the article as the database has it (not as edited in memory)."""
    return snapshot(Article.objects.get(pk=article.pk))


def snapshot_from_form(form, formsets):
    """Return the snapshot a validated admin form and its inline formsets describe."""
    article = form.instance
    base = (
        working_copy(article)
        if article.pk
        else {"topics": [], "tags": [], "bylines": [], "corrections": []}
    )
    data = {**base, **_scalars(article)}
    if "topics" in form.cleaned_data:
        data["topics"] = sorted(t.pk for t in form.cleaned_data["topics"])
    if "tags" in form.cleaned_data:
        data["tags"] = sorted(form.cleaned_data["tags"])
    for formset in formsets:
        rows = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if formset.model is Byline:
            rows = sorted(rows, key=lambda r: r["position"])
            data["bylines"] = [
                {"author": r["author"].pk, "role": r["role"], "position": r["position"]}
                for r in rows
            ]
        elif formset.model is Correction:
            rows = sorted(rows, key=lambda r: r["created_at"])
            data["corrections"] = [
                {"kind": r["kind"], "text": r["text"], "created_at": _dump(r["created_at"])}
                for r in rows
            ]
    return data


def same_content(a, b):
    """Return whether two snapshots describe the same copy (status aside)."""
    strip = lambda d: {k: v for k, v in d.items() if k not in IGNORED_IN_COMPARISON}  # noqa: E731
    return strip(a) == strip(b)


def latest(article):
    return article.revisions.order_by("-number").first()


def pending(article):
    """Return the revision holding unpublished changes to the story, or None."""
    if article.pk is None:
        return None
    return article.revisions.filter(is_pending=True).first()


def working_copy(article):
    """Return the copy editors work on: the unpublished changes if any, else the row."""
    cached = getattr(article, "_working_copy", None)
    if cached is not None:
        return cached
    staged = pending(article)
    return staged.content if staged else stored_snapshot(article)


def revision_at(article, version):
    """Return the newest revision recorded at or before article version ``version``."""
    return (
        article.revisions.filter(article_version__lte=version)
        .order_by("-article_version", "-number")
        .first()
    )


def record(article, *, user, kind, content=None, note="", is_pending=False):
    """Add a revision of ``article`` (its stored state unless ``content`` is given).

    A plain save that changed nothing adds no revision: the history stays a
    list of real changes. Returns the new revision or None.
    """
    content = snapshot(article) if content is None else content
    previous = latest(article)
    if (
        previous
        and kind in (RevisionKind.SAVED, RevisionKind.STAGED)
        and not previous.is_pending
        and previous.content == content
    ):
        return None
    return Revision.objects.create(
        article=article,
        number=(previous.number if previous else 0) + 1,
        kind=kind,
        content=content,
        author=user,
        note=note[:500],
        article_version=article.version,
        is_pending=is_pending,
    )


def ensure_baseline(article):
    """Record the stored state of an article that has no revision yet (made before revisions)."""
    if not article.revisions.exists():
        record(article, user=None, kind=RevisionKind.BASELINE, content=stored_snapshot(article))


def clear_pending(article):
    return Revision.objects.filter(article=article, is_pending=True).update(is_pending=False)


def stage(article, content, *, user, kind=RevisionKind.STAGED, note=""):
    """Keep ``content`` as unpublished changes to a published story; the row is untouched.

    Bumps the article's version (so a stale form is refused) without saving
    the row. Content equal to the live story drops any pending changes.
    Returns the pending revision, or None when nothing differs from the live story.
    """
    with transaction.atomic():
        ensure_baseline(article)
        current = pending(article)
        if same_content(content, stored_snapshot(article)):
            if current:  # edited back to the live copy: nothing is waiting any more
                clear_pending(article)
                Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
            return None
        if current and current.content == content and kind == RevisionKind.STAGED:
            return current
        Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
        article.version = Article.objects.values_list("version", flat=True).get(pk=article.pk)
        clear_pending(article)
        return record(article, user=user, kind=kind, content=content, note=note, is_pending=True)


def overlay(article, content):
    """Set the row fields of ``content`` on ``article`` in memory (nothing is saved)."""
    for field in scalar_fields():
        if field.name in content:
            value = content[field.name]
            setattr(article, field.attname, None if value is None else field.to_python(value))
    article._working_copy = content
    return article


def apply(article, content):
    """Write ``content`` to the article row and its related rows; call inside a transaction.

    References to things deleted since (a photo, an author, a topic) are
    dropped and returned as warnings. Raises ValidationError if the slug has
    been taken by another story meanwhile.
    """
    warnings = []
    for field in scalar_fields():
        if field.name not in content:
            continue  # a field added after this revision was made keeps its value
        value = content[field.name]
        value = None if value is None else field.to_python(value)
        if (
            field.is_relation
            and value is not None
            and not field.related_model._default_manager.filter(pk=value).exists()
        ):
            warnings.append(
                _("%(field)s no longer exists and was left empty") % {"field": field.verbose_name}
            )
            value = None
        setattr(article, field.attname, value)
    article.validate_unique()
    article.save()
    if "topics" in content:
        topics = list(
            article.topics.model.objects.filter(pk__in=content["topics"]).values_list(
                "pk", flat=True
            )
        )
        if len(topics) < len(content["topics"]):
            warnings.append(_("a topic that no longer exists was left out"))
        article.topics.set(topics)
        article.file_under_primary_topic()
    if "tags" in content:
        article.tags.set(content["tags"])
    if "bylines" in content:
        warnings += _sync_bylines(article, content["bylines"])
    if "corrections" in content:
        _sync_corrections(article, content["corrections"])
    return warnings


def _sync_bylines(article, rows):
    from authors.models import Author

    known = set(
        Author.objects.filter(pk__in=[r["author"] for r in rows]).values_list("pk", flat=True)
    )
    wanted = {(r["author"], r["role"]): r["position"] for r in rows if r["author"] in known}
    for byline in Byline.objects.filter(article=article):
        key = (byline.author_id, byline.role)
        if key not in wanted:
            byline.delete()
        elif byline.position != wanted[key]:
            byline.position = wanted.pop(key)
            byline.save(update_fields=["position"])
        else:
            wanted.pop(key)
    for (author, role), position in wanted.items():
        Byline.objects.create(article=article, author_id=author, role=role, position=position)
    if len(known) < len({r["author"] for r in rows}):
        return [_("a byline whose author no longer exists was left out")]
    return []


def _sync_corrections(article, rows):
    field = Correction._meta.get_field("created_at")
    wanted = [(r["kind"], r["text"], field.to_python(r["created_at"])) for r in rows]
    for correction in Correction.objects.filter(article=article):
        key = (correction.kind, correction.text, correction.created_at.replace(microsecond=0))
        if key in wanted:
            wanted.remove(key)
        else:
            correction.delete()
    for kind, text, created_at in wanted:
        Correction.objects.create(article=article, kind=kind, text=text, created_at=created_at)


def restore(article, revision, *, user):
    """Make ``revision`` the working copy again, as a new revision; nothing is lost.

    On a published story the restored copy waits as unpublished changes;
    otherwise it is written to the row. Returns (revision, warnings).
    """
    from .models import ArticleEvent

    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        content = {**revision.content, "status": locked.status}  # status only moves by the workflow
        note = _("Restored revision %(n)d") % {"n": revision.number}
        warnings = []
        if locked.status == Status.PUBLISHED:
            new = stage(locked, content, user=user, kind=RevisionKind.RESTORED, note=note)
        else:
            ensure_baseline(locked)
            warnings = apply(locked, content)
            locked.modified_by = user
            locked.version += 1
            locked.save(update_fields=["modified_by", "modified_at", "version"])
            clear_pending(locked)
            new = record(locked, user=user, kind=RevisionKind.RESTORED, note=note)
        ArticleEvent.record(
            locked,
            user,
            "article.restore",
            note,
            restored=revision.number,
            revision=new.number if new else None,
            warnings=warnings,
        )
    return new, warnings


def discard(article, *, user):
    """Drop the unpublished changes to a published story (they stay in the history)."""
    from .models import ArticleEvent

    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        staged = pending(locked)
        if staged is None:
            return False
        clear_pending(locked)
        Article.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        ArticleEvent.record(locked, user, "article.discard_changes", revision=staged.number)
    return True
