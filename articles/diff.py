"""
Readable differences between two article snapshots (see ``articles.revisions``).

``compare(old, new)`` returns one ``Change`` per field that differs, each with
an inline word diff (``<del>``/``<ins>``) an editor can read: the body is
compared as text, paragraph by paragraph, and references (photo, topics,
authors) by name, not by id.
"""

import html
import re
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import Article, BylineRole, CorrectionKind, Status

BLOCK_TAGS = re.compile(r"</?(?:p|h[1-6]|li|blockquote|ul|ol|br)\b[^>]*>", re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]+>")
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")  # whitespace, words and single punctuation marks


@dataclass
class Change:
    name: str
    label: str
    before: str
    after: str
    inline: str  # safe HTML


def body_text(value):
    """Return rich text as plain text, one block per line."""
    text = ANY_TAG.sub("", BLOCK_TAGS.sub("\n", value or ""))
    lines = [" ".join(line.split()) for line in html.unescape(text).splitlines()]
    return "\n".join(line for line in lines if line)


def inline_diff(before, after):
    """Return HTML marking the words removed (<del>) and added (<ins>)."""
    a, b = TOKENS.findall(before), TOKENS.findall(after)
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


class Names:
    """Look up the names behind the ids in snapshots, a query per kind of thing."""

    def __init__(self, *snapshots):
        from authors.models import Author
        from photos.models import Photo
        from topics.models import Topic

        from .models import Publication

        wanted = {Topic: set(), Author: set(), Photo: set(), Publication: set()}
        for snap in snapshots:
            wanted[Topic].update(snap.get("topics", []))
            wanted[Topic].add(snap.get("primary_topic"))
            wanted[Author].update(b["author"] for b in snap.get("bylines", []))
            wanted[Photo].add(snap.get("lead_photo"))
            wanted[Publication].add(snap.get("source"))
        self.names = {}
        for model, pks in wanted.items():
            pks.discard(None)
            if pks:
                self.names[model] = {
                    obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks)
                }
        self.models = {
            "topics": Topic,
            "primary_topic": Topic,
            "bylines": Author,
            "lead_photo": Photo,
            "source": Publication,
        }

    def __call__(self, kind, pk):
        if pk is None:
            return ""
        model = self.models[kind]
        return self.names.get(model, {}).get(pk) or _("(deleted %(thing)s #%(pk)s)") % {
            "thing": model._meta.verbose_name,
            "pk": pk,
        }


def _when(value):
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return timezone.localtime(moment).strftime("%d %b %Y %H:%M %Z")


def display(name, value, names):
    """Return a snapshot value as an editor reads it."""
    if name == "body":
        return body_text(value)
    if name == "status":
        # str(): labels are lazy, and the word diff needs real strings.
        return str(Status(value).label) if value in Status.values else str(value)
    if name in ("lead_photo", "primary_topic", "source"):
        return names(name, value)
    if name == "topics":
        return ", ".join(sorted(names("topics", pk) for pk in value))
    if name == "tags":
        return ", ".join(value)
    if name == "bylines":
        return "\n".join(
            f"{names('bylines', b['author'])} ({BylineRole(b['role']).label})" for b in value
        )
    if name == "corrections":
        return "\n".join(
            f"{CorrectionKind(c['kind']).label}, {_when(c['created_at'])}: {c['text']}"
            for c in value
        )
    if name == "language":
        return str(dict(Article._meta.get_field("language").choices).get(value, value or ""))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    field = Article._meta.get_field(name)
    if field.get_internal_type() == "DateTimeField":
        return _when(value)
    return "" if value is None else str(value)


def labels():
    result = {f.name: str(f.verbose_name).capitalize() for f in Article._meta.concrete_fields}
    result.update(
        {
            "topics": _("Topics"),
            "tags": _("Tags"),
            "bylines": _("Bylines"),
            "corrections": _("Corrections and updates"),
            "status": _("Status"),
        }
    )
    return result


def compare(old, new):
    """Return the Changes from snapshot ``old`` to snapshot ``new``, in form order."""
    names = Names(old, new)
    label_for = labels()
    order = [f.name for f in Article._meta.concrete_fields] + [
        "topics",
        "tags",
        "bylines",
        "corrections",
    ]
    changes = []
    for name in order:
        if name not in old and name not in new:
            continue
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        before, after = display(name, a, names), display(name, b, names)
        if before == after and name == "body":
            after = after + "\n" + _("(formatting changed)")
        changes.append(
            Change(name, label_for.get(name, name), before, after, inline_diff(before, after))
        )
    return changes
