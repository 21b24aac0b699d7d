"""
Build the rows of a scale dataset (see bench.generate for the shape and the CLI).

Primary keys are assigned here, so related rows can be written in the same
batch without reading anything back; sequences are reset afterwards.
"""

import random
import time

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import (
    Article,
    Byline,
    BylineRole,
    Correction,
    CorrectionKind,
    Publication,
    Status,
)
from authors.models import Author
from topics.models import Topic

from . import photolib, postload, words
from .generate import BATCH, Progress, timeline
from .indexes import deferred_indexes
from .loader import TableWriter
from .text import Picker, TextMaker, person_names

ARTICLE_FIELDS = [
    "id", "headline", "slug", "kicker", "dek", "body", "dateline", "byline_override", "source_id",
    "original_url", "canonical_to_original", "lead_photo_id", "lead_photo_caption", "primary_topic_id",
    "language", "status", "published_at", "updated_at", "is_featured", "meta_description", "created_at",
    "modified_at",
]
AUTHORS = 200
TAGS = 2000
PARTNERS = [("Harbour Times", "https://harbourtimes.example", True),
            ("Valley Courier", "https://valleycourier.example", False),
            ("Coastal Wire", "https://coastalwire.example", False)]


class DatasetNotEmpty(Exception):
    pass


def default_photos(n):
    """A few hundred photos for a big archive, fewer for a small one (ingest costs ~2 s each)."""
    return max(3, min(300, n // 40))


def generate(n, *, seed=1, photos=None, photo_width=1600, log=print):
    """Write ``n`` articles and everything around them; return counts and timings."""
    if Article.objects.exists():
        raise DatasetNotEmpty(
            f"The database already has {Article.objects.count():,} articles; generate into an empty, "
            "migrated database (bench.run drops and recreates its own)."
        )
    rnd = random.Random(seed)
    timings, started = {}, time.monotonic()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a lost batch is re-made by running again
            cursor.execute("SET synchronous_commit TO off")

    def stage(name, since):
        timings[name] = round(time.monotonic() - since, 2)
        log(f"  {name}: {timings[name]:.1f} s")
        return time.monotonic()

    t = time.monotonic()
    log(f"Generating {n:,} articles (seed {seed})")
    text = TextMaker(rnd)
    t = stage("vocabulary", t)
    with transaction.atomic():
        topics = make_topics()
        authors = make_authors(rnd)
        partners = [Publication.objects.get_or_create(name=name, defaults={
            "url": url, "canonical_required": canonical,
            "attribution": f"This story first appeared in the {name} and is republished with permission.",
        })[0].pk for name, url, canonical in PARTNERS]
        tags = make_tags(rnd)
        t = stage("topics, authors, tags", t)
        photo_count = default_photos(n) if photos is None else photos
        bar = Progress(photo_count, "photos")
        photo_ids, made = photolib.load_or_make(photo_count, photo_width, progress=bar)
        bar.close()
        t = stage(f"photos ({made} ingested, {photo_count - made} from the library)", t)
    articles = ArticleMaker(rnd, text, topics, authors, tags, photo_ids, partners)
    bar = Progress(n, "articles")
    with deferred_indexes([w.model._meta.db_table for w in articles.writers], log=log):
        for start in range(0, n, BATCH):
            with transaction.atomic():
                articles.write(start, min(BATCH, n - start), n)
            bar(min(BATCH, n - start))
        bar.close()
        t = stage("articles", t)
        # Derived columns (search vectors with their word pairs) before the indexes are
        # rebuilt: a GIN index maintained through a million updates took 20 minutes.
        timings.update(postload.run_steps(log=log))
    timings.update(postload.finish(log=log))
    timings["total"] = round(time.monotonic() - started, 2)
    log(f"Done in {timings['total']:.1f} s")
    return {"articles": n, "seed": seed, "photos": photo_count, "timings": timings, "counts": counts()}


def counts():
    return {
        "articles": Article.objects.count(),
        "published": Article.objects.published().count(),
        "bylines": Byline.objects.count(),
        "topics": Topic.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
        "tagged_items": TaggedItem.objects.count(),
        "corrections": Correction.objects.count(),
    }


def make_topics():
    """Create the topic tree; return {pk: (section name, depth)}."""
    result, position = {}, 0

    def create(name, parent, section, depth):
        nonlocal position
        position += 10
        slug = slugify(name)
        if Topic.objects.filter(slug=slug).exists():
            slug = f"{slugify(parent.name)}-{slug}"
        topic = Topic.objects.create(
            name=name, slug=slug, parent=parent, position=position, in_navigation=parent is None,
            description=f"Reporting on {name.lower()} from the newsroom's {section.lower()} desk.",
        )
        result[topic.pk] = (section, depth)
        return topic

    for section, subtopics in words.TOPIC_TREE.items():
        top = create(section, None, section, 0)
        for name, children in subtopics.items():
            sub = create(name, top, section, 1)
            for child in children:
                create(child, sub, section, 2)
    return result


def make_authors(rnd):
    """Create AUTHORS authors, each on a section's desk; return {section: [pks]}."""
    names = person_names()
    rnd.shuffle(names)
    writer = TableWriter(Author, ["id", "name", "slug", "job_title", "bio", "email"])
    sections = list(words.TOPIC_TREE)
    desks = {s: [] for s in sections}
    for pk, name in enumerate(names[:AUTHORS], start=1):
        slug = slugify(name)
        writer.add(pk, name, slug, rnd.choice(words.JOB_TITLES),
                   f"{name} has reported for the newsroom since {rnd.randint(2005, 2024)}.",
                   f"{slug}@newsroom.example")
        desks[sections[pk % len(sections)]].append(pk)
    writer.flush()
    photolib.reset_sequences(Author)
    return desks


def make_tags(rnd):
    """Create TAGS tags (themes, people, places, themes in places); return pks, most used first."""
    names = list(dict.fromkeys(
        words.TAG_THEMES + person_names()[:900] + words.PLACES
        + [f"{theme} in {place}" for place in words.PLACES for theme in words.TAG_THEMES]
    ))[:TAGS]
    writer = TableWriter(Tag, ["id", "name", "slug"])
    for pk, name in enumerate(names, start=1):
        writer.add(pk, name, slugify(name, allow_unicode=True))
    writer.flush()
    photolib.reset_sequences(Tag)
    return list(range(1, len(names) + 1))


class ArticleMaker:
    """Make batches of articles with their bylines, topics, tags and corrections."""

    def __init__(self, rnd, text, topics, desks, tags, photo_ids, partners):
        self.rnd, self.text, self.photo_ids, self.partners = rnd, text, photo_ids, partners
        self.now = timezone.now()
        self.sections = list(words.SECTION_WEIGHTS)
        self.section = Picker(self.sections, rnd,
                              weights=[words.SECTION_WEIGHTS[s] for s in self.sections])
        self.tag_count = Picker(range(6), rnd, weights=[15, 20, 25, 20, 12, 8])
        self.byline_count = Picker((1, 2, 3), rnd, weights=[65, 25, 10])
        self.topic_count = Picker((0, 1, 2, 3), rnd, weights=[30, 35, 25, 10])
        self.section_topics = {s: Picker([pk for pk, (sec, _) in topics.items() if sec == s], rnd, s=0.7)
                               for s in self.sections}
        self.desks = {s: Picker(pks, rnd, s=0.6) for s, pks in desks.items()}
        self.everyone = Picker([pk for pks in desks.values() for pk in pks], rnd, s=0.5)
        self.tag = Picker(tags, rnd, s=0.9)
        self.places = Picker(words.PLACES, rnd)
        self.slugs = set()
        self.content_type_id = ContentType.objects.get_for_model(Article).pk
        self.ids = {"byline": 0, "topic": 0, "tag": 0, "correction": 0}
        self.times = None
        self.articles = TableWriter(Article, ARTICLE_FIELDS)
        self.bylines = TableWriter(Byline, ["id", "article_id", "author_id", "role", "position"])
        self.topics = TableWriter(Article.topics.through, ["id", "article_id", "topic_id"])
        self.tagged = TableWriter(TaggedItem, ["id", "tag_id", "content_type_id", "object_id"])
        self.corrections = TableWriter(Correction, ["id", "article_id", "kind", "text", "created_at"])
        self.writers = [self.articles, self.bylines, self.topics, self.tagged, self.corrections]

    def write(self, start, count, total):
        if self.times is None:
            scheduled = max(1, total // 500)
            self.times = timeline(total - scheduled, self.rnd, self.now)
            self.times += sorted(self.now + timezone.timedelta(minutes=self.rnd.randint(30, 20_000))
                                 for _ in range(scheduled))
        for i in range(start, start + count):
            self.article(i + 1, self.times[i])
        for writer in self.writers:
            writer.flush()

    def next_id(self, kind):
        self.ids[kind] += 1
        return self.ids[kind]

    def unique_slug(self, headline, pk):
        base = slugify(headline, allow_unicode=True)[:80].strip("-") or f"story-{pk}"
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def article(self, pk, when):
        r, text = self.rnd, self.text
        section = self.section()
        primary = self.section_topics[section]()
        person, place, theme = text.person(), self.places(), text.theme()
        korean = r.random() < 0.08
        if korean:
            ko_place = r.choice(words.KO_PLACES)
            headline = text.ko_headline(ko_place)
            dek, body = text.ko_sentence(ko_place), text.ko_body(ko_place)
        else:
            headline, dek, body = text.headline(section, theme, place), text.dek(section), \
                text.body(section, person, place, theme)
        status, published_at = Status.PUBLISHED, when
        u = r.random()
        if when > self.now:
            pass  # scheduled: published, with a time still to come
        elif u < 0.006:
            status, published_at = Status.DRAFT, None
        elif u < 0.009:
            status, published_at = Status.REVIEW, None
        elif u < 0.011:
            status = Status.WITHDRAWN
        created = when - timezone.timedelta(minutes=r.randint(10, 3000))
        updated = None
        if status == Status.PUBLISHED and r.random() < 0.08:
            updated = when + timezone.timedelta(minutes=r.randint(20, 2000))
        source = r.choice(self.partners) if r.random() < 0.03 else None
        slug = self.unique_slug(headline, pk)
        photo = r.choice(self.photo_ids) if r.random() < 0.85 else None
        self.articles.add(
            pk, headline, slug, r.choice(words.KICKERS) if r.random() < 0.1 else "", dek, body,
            r.choice(words.DATELINES) if r.random() < 0.6 else "",
            "By staff reporters" if r.random() < 0.01 else "", source,
            f"https://partner.example/{when:%Y/%m}/{pk}" if source else "", bool(source) and r.random() < 0.5,
            photo, f"{place} on {when:%A}. {text.dek(section)[:120]}" if photo and r.random() < 0.2 else "",
            primary, "ko" if korean else "en", status, published_at, updated,
            status == Status.PUBLISHED and r.random() < 0.007, "", created, updated or when,
        )
        self.add_bylines(pk, section)
        self.add_topics(pk, section, primary)
        for tag in set(self.tag(self.tag_count())):
            self.tagged.add(self.next_id("tag"), tag, self.content_type_id, pk)
        if status == Status.PUBLISHED and r.random() < 0.015:
            self.add_correction(pk, when, place)

    def add_bylines(self, pk, section):
        r = self.rnd
        count = self.byline_count()
        others = [self.everyone() for _ in range(count - 1)]
        authors = list(dict.fromkeys([self.desks[section](), *others]))
        for position, author in enumerate(authors):
            role = BylineRole.REPORTER
            if position and r.random() < 0.4:
                role = r.choice([BylineRole.ADDITIONAL, BylineRole.PHOTOGRAPHER])
            self.bylines.add(self.next_id("byline"), pk, author, role, position)

    def add_topics(self, pk, section, primary):
        chosen = {primary}
        for _ in range(self.topic_count()):
            other = self.rnd.choice(self.sections) if self.rnd.random() < 0.3 else section
            chosen.add(self.section_topics[other]())
        for topic in chosen:
            self.topics.add(self.next_id("topic"), pk, topic)

    def add_correction(self, pk, when, place):
        kind = self.rnd.choice(list(CorrectionKind))
        noun = self.rnd.choice(words.GENERAL_NOUNS)
        self.corrections.add(self.next_id("correction"), pk, kind,
                             f"An earlier version of this story misstated the {noun} in {place}.",
                             when + timezone.timedelta(hours=self.rnd.randint(1, 72)))
