"""
Read what a photo's file says about itself, to prefill the editor's form.

Three standards overlap: XMP (Unicode XML, what current agency software
writes first), IPTC-IIM (the older binary records most wires still send) and
EXIF (what the camera wrote). For each field the first source that has a value
wins, in that order. Camera owner names, serial numbers and GPS positions are
never read: they must not reach the database either.

XMP is parsed with defusedxml rather than ``Image.getxmp()``: the packet is
untrusted XML (defusedxml refuses entity and DTD tricks whatever the expat
version), and reading it ourselves keeps namespaces and handles both ways XMP
writes a property (``<photoshop:Credit>…`` and ``photoshop:Credit="…"``), which
the dictionary ``getxmp()`` returns flattens.
"""

import datetime
import logging
from dataclasses import dataclass, fields

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils import timezone
from PIL import ExifTags, IptcImagePlugin

logger = logging.getLogger(__name__)

MAX_XMP_BYTES = 1024 * 1024
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}
#: Photo field -> XMP properties, best first.
XMP_PROPERTIES = {
    "title": ["photoshop:Headline", "dc:title"],
    "caption": ["dc:description"],
    "credit": ["photoshop:Credit"],
    "creator": ["dc:creator"],
    "copyright_notice": ["dc:rights"],
    "source_agency": ["photoshop:Source"],
    "agency_reference": ["photoshop:TransmissionReference"],
    "usage_notes": ["photoshop:Instructions", "xmpRights:UsageTerms"],
    "alt_text": ["Iptc4xmpCore:AltTextAccessibility"],
    "taken_at": ["photoshop:DateCreated", "exif:DateTimeOriginal"],
}
#: Photo field -> IPTC-IIM record 2 datasets.
IPTC_DATASETS = {
    "title": [105, 5],  # headline, object name
    "caption": [120],  # caption/abstract
    "credit": [110],
    "creator": [80],  # by-line
    "copyright_notice": [116],
    "source_agency": [115],
    "agency_reference": [103],  # original transmission reference
    "usage_notes": [40],  # special instructions
}
EXIF_TAGS = {"creator": ExifTags.Base.Artist, "copyright_notice": ExifTags.Base.Copyright}


@dataclass
class EmbeddedMetadata:
    """What the file says, in the Photo's own field names; empty strings when silent."""

    title: str = ""
    caption: str = ""
    credit: str = ""
    creator: str = ""
    copyright_notice: str = ""
    source_agency: str = ""
    agency_reference: str = ""
    usage_notes: str = ""
    alt_text: str = ""
    taken_at: datetime.datetime | None = None

    def values(self):
        """Return {field: value} of the fields the file has something for."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def read_metadata(image):
    """Return the EmbeddedMetadata of an opened Pillow image (any accepted format)."""
    found = EmbeddedMetadata()
    sources = [_from_xmp(_xmp_packet(image)), _from_iptc(image), _from_exif(image)]
    times = []
    for source in sources:
        if source.get("taken_at"):
            times.append(source.pop("taken_at"))
        for name, value in source.items():
            if value and not getattr(found, name):
                setattr(found, name, value)
    # A date alone (IPTC often has no time) yields to a source that knows the time.
    precise = [value for value, has_time in times if has_time]
    found.taken_at = (precise or [value for value, _ in times] or [None])[0]
    return found


def _clean(text):
    return " ".join(str(text).replace("\x00", "").split())


# XMP ------------------------------------------------------------------------


def _xmp_packet(image):
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    return packet if len(packet) <= MAX_XMP_BYTES else b""


def _from_xmp(packet):
    if not packet:
        return {}
    start = packet.find(b"<x:xmpmeta")
    end = packet.rfind(b"</x:xmpmeta>")
    if start >= 0 and end > start:
        packet = packet[start : end + len(b"</x:xmpmeta>")]
    try:
        root = ElementTree.fromstring(packet, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        logger.info("Ignoring unreadable XMP packet: %s", exc)
        return {}
    descriptions = root.iter(f"{{{NS['rdf']}}}Description")
    values = {}
    for description in descriptions:
        for name, properties in XMP_PROPERTIES.items():
            for prop in properties:
                value = _xmp_value(description, prop)
                if value and name not in values:
                    values[name] = value
    if "taken_at" in values:
        values["taken_at"] = _dated(values["taken_at"])
    return values


def _xmp_value(description, prop):
    prefix, local = prop.split(":")
    tag = f"{{{NS[prefix]}}}{local}"
    if tag in description.attrib:
        return _clean(description.attrib[tag])
    element = description.find(tag)
    if element is None:
        return ""
    items = element.findall(f".//{{{NS['rdf']}}}li")
    if not items:
        return _clean(element.text or "")
    # rdf:Alt holds translations: prefer x-default; rdf:Seq/Bag hold lists.
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    default = [li for li in items if li.get(lang) == "x-default"]
    if default or element.find(f"{{{NS['rdf']}}}Alt") is not None:
        return _clean((default or items)[0].text or "")
    return _clean(", ".join(li.text for li in items if li.text))


# IPTC-IIM --------------------------------------------------------------------


def _from_iptc(image):
    try:
        records = IptcImagePlugin.getiptcinfo(image) or {}
    except (SyntaxError, ValueError, OSError, IndexError) as exc:
        logger.info("Ignoring unreadable IPTC block: %s", exc)
        return {}
    utf8 = records.get((1, 90)) == b"\x1b%G"
    values = {}
    for name, datasets in IPTC_DATASETS.items():
        for dataset in datasets:
            raw = records.get((2, dataset))
            if isinstance(raw, list):
                raw = b", ".join(raw)
            if raw and name not in values:
                values[name] = _clean(_decode_iim(raw, utf8))
    taken = _iptc_datetime(records.get((2, 55)), records.get((2, 60)))
    if taken:
        values["taken_at"] = taken
    return values


def _decode_iim(raw, utf8):
    if utf8:
        return raw.decode("utf-8", "replace")
    try:  # most software writes UTF-8 without saying so
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def _iptc_datetime(date, time):
    if not isinstance(date, bytes) or len(date) < 8:
        return None
    text = date[:8].decode("ascii", "replace")
    if isinstance(time, bytes) and len(time) >= 6:
        clock = time.decode("ascii", "replace")
        zone = clock[6:11] if len(clock) >= 11 else ""
        text += f"T{clock[:2]}:{clock[2:4]}:{clock[4:6]}{zone[:3]}{':' if zone else ''}{zone[3:]}"
    return _dated(f"{text[:4]}-{text[4:6]}-{text[6:]}")


# EXIF -------------------------------------------------------------------------


def _from_exif(image):
    try:
        exif = image.getexif()
        detail = exif.get_ifd(ExifTags.IFD.Exif)
    except (SyntaxError, ValueError, OSError, KeyError, TypeError) as exc:
        logger.info("Ignoring unreadable EXIF block: %s", exc)
        return {}
    values = {name: _clean(exif.get(tag, "")) for name, tag in EXIF_TAGS.items()}
    original = detail.get(ExifTags.Base.DateTimeOriginal)
    if isinstance(original, str) and len(original) >= 19:
        offset = detail.get(ExifTags.Base.OffsetTimeOriginal) or ""
        values["taken_at"] = _dated(
            original[:10].replace(":", "-")
            + "T"
            + original[11:19]
            + (offset if isinstance(offset, str) else "")
        )
    return values


def _dated(text):
    """Return (datetime, has_time) for read_metadata, or None."""
    value = parse_iso_datetime(text)
    return (value, len(text.strip()) > 10) if value else None


def parse_iso_datetime(text):
    """Return an aware datetime from an ISO 8601 date or date-time, or None.

    A time without a zone is taken to be in the newsroom's time zone, as
    cameras record local time.
    """
    text = text.strip().replace(" ", "T")
    try:
        value = datetime.datetime.fromisoformat(text) if len(text) > 10 else None
    except ValueError:
        value = None
    if value is None:
        try:
            day = datetime.date.fromisoformat(text[:10])
        except ValueError:
            return None
        # A date alone: noon keeps it on the same day in any time zone nearby.
        value = datetime.datetime.combine(day, datetime.time(12))
    if not 1900 <= value.year <= 2200:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value
