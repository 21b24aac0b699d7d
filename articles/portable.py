"""
The portable archive: every article with what it needs, as versioned JSON plus photo files.

``export_archive(folder)`` writes ``folder/articles.json`` and the photo
originals under ``folder/photos/``; ``import_archive(folder)`` reads them
back into this database. Nothing in the archive is a database id: things are
named by stable keys (a topic, author or article by its slug, a publication
by its name, a user by username, a photo by the SHA-256 of its original), and
revision snapshots are translated to and from those keys, so an archive moves
between databases (SQLite, PostgreSQL, another install).

An import runs in one transaction: a malformed archive or a failure half-way
leaves the database as it was (photo files written so far are removed
again). Things that exist already are matched by key and left as they are,
so importing the same archive twice adds nothing the second time.

Import restores a record, it does not take workflow steps: statuses, times,
revisions and audit events are written as they were exported.
"""

import hashlib
import json
from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from authors.models import Author
from photos.ingest import PreparedUpload, deleting_files_on_error, store_original
from photos.models import Photo
from topics.models import Topic

from .models import Article, ArticleEvent, ArticleSlug, Byline, Correction, Publication, Revision

FORMAT = "newsroom-articles"
VERSION = 1
DATA_FILE = "articles.json"
PHOTO_DIR = "photos"
#: Photo columns an archive leaves out: the file travels on its own, and the rendition
#: index names this site's rendition files (the importing site makes its own).
PHOTO_SKIP = ("file", "modified_at", "rendition_index")

User = get_user_model()


class ArchiveError(Exception):
    """The archive cannot be read: the message says what is wrong and where."""


def _fields(obj, skip=()):
    """Return ``obj``'s own column values (no primary key, no foreign keys) by field name."""
    return {
        f.name: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and not f.is_relation and f.name not in skip
    }


def _username(user_id, users):
    return users.get(user_id) if user_id else None


class Keys:
    """Translate between this database's ids and the archive's stable keys."""

    def __init__(self):
        self.topic = dict(Topic.objects.values_list("pk", "slug"))
        self.author = dict(Author.objects.values_list("pk", "slug"))
        self.publication = dict(Publication.objects.values_list("pk", "name"))
        self.photo = {p.pk: photo_key(p) for p in Photo.objects.all()}
        self.user = dict(User.objects.values_list("pk", User.USERNAME_FIELD))

    def reverse(self):
        flipped = Keys.__new__(Keys)
        for name in ("topic", "author", "publication", "photo", "user"):
            setattr(flipped, name, {v: k for k, v in getattr(self, name).items()})
        return flipped

    def snapshot(self, content):
        """Return a revision snapshot with ids swapped for keys (or back, on a reversed Keys)."""
        out = dict(content)
        for field, table in (("lead_photo", self.photo), ("primary_topic", self.topic),
                             ("source", self.publication)):
            if out.get(field) is not None:
                out[field] = table.get(out[field])
        if "topics" in out:  # sorted, as snapshots keep them: slugs in the archive, ids here
            out["topics"] = sorted(k for t in out["topics"] if (k := self.topic.get(t)) is not None)
        if "bylines" in out:
            out["bylines"] = [
                {**b, "author": self.author[b["author"]]}
                for b in out["bylines"] if b["author"] in self.author
            ]
        return out


def photo_key(photo):
    return photo.file_hash or hashlib.sha256(photo.file.read()).hexdigest()


# --- export -------------------------------------------------------------------------------


def export_archive(folder):
    """Write every article and what it uses to ``folder``; return the counts."""
    folder = Path(folder)
    (folder / PHOTO_DIR).mkdir(parents=True, exist_ok=True)
    keys = Keys()
    articles = (
        Article.objects.order_by("slug")
        .select_related("source", "primary_topic", "lead_photo")
        .prefetch_related("bylines__author", "topics", "corrections", "old_slugs", "tags")
    )
    data = {
        "format": FORMAT,
        "version": VERSION,
        "users": sorted(keys.user.values()),
        "publications": [_fields(p) for p in Publication.objects.order_by("name")],
        "topics": [
            {**_fields(t), "parent": keys.topic.get(t.parent_id)}
            for t in Topic.objects.order_by("slug")
        ],
        "photos": [
            _export_photo(p, keys, folder) for p in Photo.objects.order_by("file_hash", "pk")
        ],
        "authors": [
            {**_fields(a), "headshot": keys.photo.get(a.headshot_id),
             "user": _username(a.user_id, keys.user)}
            for a in Author.objects.order_by("slug")
        ],
        "articles": [_export_article(a, keys) for a in articles],
    }
    text = json.dumps(data, default=_json_value, ensure_ascii=False, indent=1, sort_keys=True)
    (folder / DATA_FILE).write_text(text + "\n", encoding="utf-8")
    return {name: len(data[name]) for name in ("articles", "photos", "authors", "topics")}


def _json_value(value):
    # Full precision: DjangoJSONEncoder would cut times to milliseconds.
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _export_photo(photo, keys, folder):
    key = keys.photo[photo.pk]
    extension = Path(photo.file.name).suffix.lower() or ".jpg"
    name = f"{PHOTO_DIR}/{key}{extension}"
    with photo.file.open("rb") as source:
        (folder / name).write_bytes(source.read())
    return {
        **_fields(photo, skip=PHOTO_SKIP),
        "key": key, "file": name, "uploaded_by": _username(photo.uploaded_by_id, keys.user),
    }  # fmt: skip


def _export_article(article, keys):
    topics = sorted(article.topics.all(), key=lambda t: (t.pk != article.primary_topic_id,
                                                         t.position, t.name, t.slug))
    return {
        **_fields(article, skip=("search_vector",)),
        "source": keys.publication.get(article.source_id),
        "lead_photo": keys.photo.get(article.lead_photo_id),
        "primary_topic": keys.topic.get(article.primary_topic_id),
        "topics": [t.slug for t in topics],
        "tags": sorted(article.tags.names()),
        "created_by": _username(article.created_by_id, keys.user),
        "modified_by": _username(article.modified_by_id, keys.user),
        "bylines": [
            {"author": b.author.slug, "role": b.role, "position": b.position}
            for b in article.ordered_bylines()
        ],
        "corrections": [
            {"kind": c.kind, "text": c.text, "created_at": c.created_at}
            for c in sorted(article.corrections.all(), key=lambda c: (c.created_at, c.pk))
        ],
        "old_slugs": [
            {"slug": s.slug, "created_at": s.created_at}
            for s in sorted(article.old_slugs.all(), key=lambda s: (s.created_at, s.slug))
        ],
        "revisions": [
            {**_fields(r, skip=("content",)), "content": keys.snapshot(r.content),
             "author": _username(r.author_id, keys.user)}
            for r in article.revisions.order_by("number")
        ],
        "events": [
            {**_fields(e), "actor": _username(e.actor_id, keys.user),
             "target_user": _username(e.target_user_id, keys.user)}
            for e in article.events.order_by("created_at", "pk")
        ],
    }


# --- import -------------------------------------------------------------------------------


def read_archive(folder):
    """Return the archive's data, or raise ArchiveError saying what is wrong with it."""
    path = Path(folder) / DATA_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArchiveError(_("%(path)s does not exist: give the folder export_articles wrote.")
                           % {"path": path}) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(_("%(path)s is not valid JSON: %(error)s")
                           % {"path": path, "error": exc}) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(_("%(path)s is not a Newsroom article archive (no \"format\": "
                             "\"%(format)s\").") % {"path": path, "format": FORMAT})
    if data.get("version") != VERSION:
        raise ArchiveError(
            _("%(path)s is archive version %(found)r; this Newsroom reads version %(wanted)d. "
              "Export it again with the same Newsroom release as this one.")
            % {"path": path, "found": data.get("version"), "wanted": VERSION})
    return data


def import_archive(folder):
    """Import the archive in ``folder`` in one transaction; return what was added."""
    folder = Path(folder)
    data = read_archive(folder)
    added = dict.fromkeys(("articles", "photos", "authors", "topics", "skipped"), 0)
    where = "the archive"
    try:
        with deleting_files_on_error(), transaction.atomic():
            where = "users"
            for username in data["users"]:
                _user(username)
            where = "publications"
            for row in data["publications"]:
                Publication.objects.get_or_create(name=row["name"], defaults=row)
            where = "topics"
            added["topics"] = _import_topics(data["topics"])
            for row in data["photos"]:
                where = f"photo {row.get('key')}"
                added["photos"] += _import_photo(row, folder)
            keys = Keys().reverse()
            for row in data["authors"]:
                where = f"author {row.get('slug')}"
                added["authors"] += _import_author(row, keys)
            keys = Keys().reverse()
            for row in data["articles"]:
                where = f"article {row.get('slug')}"
                if Article.objects.filter(slug=row["slug"]).exists():
                    added["skipped"] += 1
                    continue
                _import_article(row, keys)
                added["articles"] += 1
    except (KeyError, TypeError, ValueError, AttributeError, ValidationError, OSError) as exc:
        kind = "missing field" if isinstance(exc, KeyError) else type(exc).__name__
        raise ArchiveError(_("%(where)s: %(kind)s %(error)s. Nothing was imported.")
                           % {"where": where, "kind": kind, "error": exc}) from exc
    return added


def _user(username):
    if not username:
        return None
    user, created = User.objects.get_or_create(
        **{User.USERNAME_FIELD: username}, defaults={"is_active": False}
    )
    if created:  # an account known only from the record: it cannot log in
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _when(value):
    return parse_datetime(value) if isinstance(value, str) else value


def _row(model, row, skip=()):
    """Return ``row``'s values for ``model``'s own columns, times parsed."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or field.name in skip or field.name not in row:
            continue
        value = row[field.name]
        values[field.name] = _when(value) if field.get_internal_type() == "DateTimeField" else value
    return values


def _import_topics(rows):
    created = 0
    for row in rows:
        _topic, was_created = Topic.objects.get_or_create(
            slug=row["slug"], defaults=_row(Topic, row))
        created += was_created
    by_slug = {t.slug: t for t in Topic.objects.all()}
    for row in rows:  # parents once every topic exists
        if row["parent"] and by_slug[row["slug"]].parent_id is None:
            by_slug[row["slug"]].parent = by_slug[row["parent"]]
            by_slug[row["slug"]].save(update_fields=["parent"])
    return created


def _import_photo(row, folder):
    if Photo.objects.filter(file_hash=row["key"]).exists():
        return 0
    content = (folder / row["file"]).read_bytes()
    if hashlib.sha256(content).hexdigest() != row["key"]:
        raise ValueError(_("%(file)s does not match its key (the file was changed or cut short)")
                         % {"file": row["file"]})
    photo = Photo(**_row(Photo, row, skip=PHOTO_SKIP),
                  uploaded_by=_user(row["uploaded_by"]))
    # The original as exported (already clean), stored so a failed import removes it again.
    extension = Path(row["file"]).suffix.lstrip(".")
    store_original(photo, PreparedUpload(content, extension, row["width"], row["height"], None))
    photo.save()
    Photo.objects.filter(pk=photo.pk).update(modified_at=photo.created_at)
    return 1


def _import_author(row, keys):
    if Author.objects.filter(slug=row["slug"]).exists():
        return 0
    Author.objects.create(**_row(Author, row), headshot_id=keys.photo.get(row["headshot"]),
                          user=_user(row["user"]))
    return 1


def _import_article(row, keys):
    article = Article(
        **_row(Article, row, skip=("search_vector", "modified_at")),
        source_id=keys.publication.get(row["source"]),
        lead_photo_id=keys.photo.get(row["lead_photo"]),
        primary_topic_id=keys.topic.get(row["primary_topic"]),
        created_by=_user(row["created_by"]),
        modified_by=_user(row["modified_by"]),
    )
    article.save()
    Article.objects.filter(pk=article.pk).update(modified_at=_when(row["modified_at"]))
    article.topics.set([keys.topic[slug] for slug in row["topics"]])
    article.tags.set(row["tags"])
    Byline.objects.bulk_create([
        Byline(article=article, author_id=keys.author[b["author"]], role=b["role"],
               position=b["position"]) for b in row["bylines"]])
    Correction.objects.bulk_create([
        Correction(article=article, kind=c["kind"], text=c["text"],
                   created_at=_when(c["created_at"])) for c in row["corrections"]])
    ArticleSlug.objects.bulk_create([
        ArticleSlug(article=article, slug=s["slug"], created_at=_when(s["created_at"]))
        for s in row["old_slugs"]])
    Revision.objects.bulk_create([
        Revision(**_row(Revision, r, skip=("content",)), article=article,
                 content=keys.snapshot(r["content"]), author=_user(r["author"]))
        for r in row["revisions"]])
    ArticleEvent.objects.bulk_create([
        ArticleEvent(**_row(ArticleEvent, e), article=article, actor=_user(e["actor"]),
                     target_user=_user(e["target_user"])) for e in row["events"]])
