"""
The benchmark's photo library: drawn and ingested once, reused by every dataset.

Photos go through the real upload path (``photos.ingest.ingest_photo``: clean
original, every rendition), which costs one to three seconds each. The rows
that produced are kept in ``MEDIA_ROOT/bench-library-<width>.json``; the next
dataset loads those rows pointing at the same files and ingests only the
photos the library does not have yet (or whose renditions are no longer the
set the app makes: a change to the rendition pipeline is picked up). Photo N
always gets primary key N, so stored rendition paths stay right in every
dataset. The library leaves out each photo's rendition index, which is derived
from the rendition rows: the "fill rendition indexes" step of bench.postload
rebuilds it.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils.dateparse import parse_datetime

from articles.demo import pictures
from photos.ingest import ingest_photo
from photos.models import Photo, Rendition, UsageTerms

from .loader import TableWriter
from .words import PLACES

SCENES = ["harbour", "skyline", "field", "circuit", "stage"]
AGENCIES = [("", "PHOTO: NEWSROOM STAFF"), ("Yonhap", "PHOTO: YONHAP"), ("AFP", "PHOTO: AFP"),
            ("Reuters", "PHOTO: REUTERS"), ("Pool", "PHOTO: POOL")]
PHOTO_FIELDS = ["id", "file", "width", "height", "file_hash", "title", "caption", "credit",
                "source_agency", "agency_reference", "alt_text", "usage_terms", "focal_point_x",
                "focal_point_y", "created_at"]
RENDITION_FIELDS = ["photo_id", "spec", "focal_point_key", "file", "width", "height"]


def library_path(width):
    return Path(settings.MEDIA_ROOT) / f"bench-library-{width}.json"


def describe(index, width):
    """Return the drawing and the editorial fields of library photo ``index``."""
    scene = SCENES[index % len(SCENES)]
    portrait = index % 11 == 10  # a few upright frames, as on any photo desk
    size = (round(width * 2 / 3), width) if portrait else (width, round(width * 2 / 3))
    place = PLACES[index % len(PLACES)]
    agency, credit = AGENCIES[index % len(AGENCIES)]
    fields = {
        "title": f"{scene.title()} in {place} ({index})",
        "caption": f"A {scene} scene in {place}, photographed for the archive (frame {index}).",
        "credit": credit,
        "source_agency": agency,
        "agency_reference": f"BENCH-{index:05d}",
        "alt_text": f"A {scene} in {place}",
        "usage_terms": UsageTerms.AGENCY if agency else UsageTerms.STAFF,
    }
    if index % 3 == 0:
        fields["focal_point_x"], fields["focal_point_y"] = 0.3 + (index % 5) / 10, 0.4
    return scene, size, fields


def load_or_make(count, width=1600, progress=None):
    """Put library photos 1..``count`` with their renditions into the (empty) database."""
    path = library_path(width)
    entries = json.loads(path.read_text()) if path.exists() else []
    entries = [e for e in entries if still_valid(e)][:count]
    photos = TableWriter(Photo, PHOTO_FIELDS)
    renditions = TableWriter(Rendition, RENDITION_FIELDS)
    for index, entry in enumerate(entries):
        created_at = parse_datetime(entry["photo"]["created_at"])
        row = dict(entry["photo"], id=index + 1, created_at=created_at)
        photos.add(*(row[name] for name in PHOTO_FIELDS))
        for rendition in entry["renditions"]:
            renditions.add(index + 1, *(rendition[name] for name in RENDITION_FIELDS[1:]))
    photos.flush()
    renditions.flush()
    reset_sequences(Photo, Rendition)
    if progress and entries:
        progress(len(entries))
    made = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    for index in range(len(entries), count):
        scene, size, fields = describe(index, width)
        photo = ingest_photo(pictures.to_jpeg(pictures.DRAWINGS[scene](size, seed=index)), **fields)
        if photo.pk != index + 1:
            raise RuntimeError(f"Library photo {index} got pk {photo.pk}: the photos table was not "
                               "empty.")
        entries.append(export(photo))
        # Saved after each photo: an interrupted run keeps what it made.
        path.write_text(json.dumps(entries, cls=DjangoJSONEncoder))
        made += 1
        if progress:
            progress(1)
    return list(range(1, count + 1)), made


def still_valid(entry):
    """Return whether an entry's files exist and its renditions are the set the app makes now."""
    if not (Path(settings.MEDIA_ROOT) / entry["photo"]["file"]).exists():
        return False
    try:
        from photos.renditions import wanted_specs
    except ImportError:  # the photo pipeline changed shape: trust the stored set
        return True
    fields = entry["photo"]
    photo = Photo(width=fields["width"], height=fields["height"],
                  focal_point_x=fields.get("focal_point_x"),
                  focal_point_y=fields.get("focal_point_y"))
    return {str(spec) for spec in wanted_specs(photo)} == {r["spec"] for r in entry["renditions"]}


def export(photo):
    values = {name: getattr(photo, name) for name in PHOTO_FIELDS if name != "id"}
    values["file"] = photo.file.name
    return {
        "photo": values,
        "renditions": [
            {name: r.file.name if name == "file" else getattr(r, name) for name in RENDITION_FIELDS}
            for r in Rendition.objects.filter(photo=photo)
        ],
    }


def reset_sequences(*models):
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
