import html
from functools import lru_cache

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from newsroom import pagescope
from newsroom.reversing import address

from .querysets import ArticleQuerySet

HEADLINE_MAX = 140
DEK_MAX = 280


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Publication(models.Model):
    """A partner or wire publication whose stories Newsroom republishes."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    url = models.URLField(_("website"), blank=True)
    canonical_required = models.BooleanField(
        _("canonical link required"), default=False,
        help_text=_("The syndication terms require search engines to be pointed at the partner's original."),
    )
    attribution = models.CharField(
        _("attribution line"), max_length=300, blank=True,
        help_text=_("Shown under syndicated stories. For example: This story first appeared in the Harbour Times."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("source publication")
        verbose_name_plural = _("source publications")

    def __str__(self):
        return self.name


class Article(models.Model):
    """A story: the row is what readers see once it is published."""

    headline = models.CharField(
        _("headline"), max_length=200,
        help_text=_("The main headline, sentence case. Aim for under 100 characters."),
    )
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, allow_unicode=True,
        help_text=_("The end of the article's address. For example: busan-port-strike-ends."),
    )
    kicker = models.CharField(
        _("kicker"), max_length=60, blank=True,
        help_text=_("A short label above the headline. For example: Analysis, Exclusive, Live."),
    )
    dek = models.CharField(
        _("dek"), max_length=400, blank=True,
        help_text=_("One or two sentences under the headline that say why the story matters."),
    )
    body = ProseEditorField(
        _("body"), blank=True,
        config={"extensions": settings.PROSE_EXTENSIONS}, sanitize=True,
    )
    dateline = models.CharField(
        _("dateline"), max_length=80, blank=True,
        help_text=_("Where the story was reported, as printed. For example: SEOUL."),
    )
    authors = models.ManyToManyField(
        "authors.Author", through="Byline", verbose_name=_("authors"), related_name="articles", blank=True,
    )
    byline_override = models.CharField(
        _("byline override"), max_length=200, blank=True,
        help_text=_('Printed instead of the author names. For example: "By staff reporters".'),
    )
    source = models.ForeignKey(
        Publication, verbose_name=_("source publication"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="articles",
        help_text=_("For syndicated copy: the partner or agency that first published the story."),
    )
    original_url = models.URLField(
        _("original URL"), max_length=500, blank=True,
        help_text=_("The story's address at the source publication."),
    )
    canonical_to_original = models.BooleanField(
        _("point search engines to the original"), default=False,
        help_text=_("Use the original URL as this page's canonical link, as the syndication terms may require."),
    )
    lead_photo = models.ForeignKey(
        "photos.Photo", verbose_name=_("lead photo"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="lead_articles",
    )
    lead_photo_caption = models.TextField(
        _("caption for this story"), blank=True,
        help_text=_("Leave empty to use the photo's own caption."),
    )
    primary_topic = models.ForeignKey(
        "topics.Topic", verbose_name=_("primary topic"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="primary_articles",
        help_text=_("Decides the breadcrumb, the kicker fallback and the section the story lives in."),
    )
    topics = models.ManyToManyField(
        "topics.Topic", verbose_name=_("topics"), related_name="articles", blank=True,
    )
    tags = TaggableManager(_("tags"), blank=True, help_text=_("Free tags, comma separated."))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False,
    )
    published_at = models.DateTimeField(
        _("publication time"), null=True, blank=True,
        help_text=_("First publication. A future time schedules the story."),
    )
    updated_at = models.DateTimeField(
        _("updated (shown to readers)"), null=True, blank=True,
        help_text=_("Set when a substantive update is published; readers see 'Updated'."),
    )
    embargo_until = models.DateTimeField(
        _("embargo until"), null=True, blank=True,
        help_text=_("Nobody can publish or schedule the story before this time."),
    )
    is_featured = models.BooleanField(
        _("lead story"), default=False,
        help_text=_("Put this story at the top of the home page while it is the newest lead story."),
    )
    meta_title = models.CharField(
        _("SEO title"), max_length=70, blank=True,
        help_text=_("For search results, if it should differ from the headline (about 60 characters)."),
    )
    meta_description = models.CharField(
        _("meta description"), max_length=200, blank=True,
        help_text=_("For search results and social cards; the dek is used when empty."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    modified_at = models.DateTimeField(_("last saved"), auto_now=True)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last saved by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    # Kept by articles.search.index_articles() on every save; PostgreSQL only
    # (its GIN index is made in migration 0003 on PostgreSQL alone).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_live_idx"),
            models.Index(fields=["primary_topic", "status", "-published_at"], name="article_topic_live_idx"),
            models.Index(fields=["-modified_at"], name="article_modified_idx"),
            # The desk's list (newest first, any status) and the dashboard's queues.
            models.Index(fields=["-published_at", "-id"], name="article_desk_idx"),
            models.Index(fields=["status", "-modified_at"], name="article_status_saved_idx"),
            # The home page's lead: the newest featured story, however old it is.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(is_featured=True, status="published"),
                name="article_featured_idx",
            ),
        ]
        permissions = [
            ("publish_article", _("Can publish, schedule, withdraw and republish articles")),
            ("edit_any_article", _("Can edit articles written by others")),
            ("view_audit_log", _("Can view the editorial audit log")),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Forms sanitize the body already; this covers imports, seeds and the shell.
        self.body = self._meta.get_field("body").sanitize(self.body or "")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        when = pagescope.localtime(self.published_at or timezone.now())
        return address(
            "articles:detail", year=when.year, month=when.month, day=when.day, slug=self.slug
        )

    @property
    def is_live(self):
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()

    @property
    def caption(self):
        if self.lead_photo_caption:
            return self.lead_photo_caption
        return self.lead_photo.caption if self.lead_photo else ""

    @cached_property
    def description(self):
        """Return the text for meta description and social cards (worked out once per instance)."""
        return self.meta_description or self.dek or Truncator(self.get_body_excerpt(40, "…")).chars(200)

    def get_body_excerpt(self, words=40, truncate="…"):
        """Return the body's first ``words`` words as plain text."""
        text = " ".join(html.unescape(strip_tags(self.body or "")).split())
        return Truncator(text).words(words, truncate=truncate)

    @property
    def canonical_url(self):
        if self.canonical_to_original and self.original_url:
            return self.original_url
        return settings.SITE_URL + self.get_absolute_url()

    def file_under_primary_topic(self):
        """Make sure the primary topic is among the topics (topic pages list by topics)."""
        if self.primary_topic_id and not self.topics.filter(pk=self.primary_topic_id).exists():
            self.topics.add(self.primary_topic_id)

    def ordered_bylines(self):
        """Return bylines in order (uses prefetched rows when there are any)."""
        return sorted(self.bylines.all(), key=lambda b: (b.position, b.pk or 0))

    def byline_groups(self):
        """Return [(label, [authors])] such as ("By", [...]), ("Photos by", [...])."""
        groups = {}
        for byline in self.ordered_bylines():
            groups.setdefault(byline.role, []).append(byline.author)
        language = pagescope.language()
        return [(_byline_prefix(role, language), authors) for role, authors in groups.items()]


class BylineRole(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    PHOTOGRAPHER = "photographer", _("Photographer")
    ADDITIONAL = "additional", _("Additional reporting")

    @property
    def prefix(self):
        return BYLINE_PREFIXES[self.value]


#: What a byline says before the authors of each role.
BYLINE_PREFIXES = {
    BylineRole.REPORTER: _("By"),
    BylineRole.PHOTOGRAPHER: _("Photos by"),
    BylineRole.ADDITIONAL: _("Additional reporting by"),
}


@lru_cache(maxsize=64)
def _byline_prefix(role, language):
    """Return the prefix of ``role`` in ``language``, the active one, translated once.

    A home page shows some twenty bylines, and a translation lookup costs about 20 µs.
    """
    return str(BYLINE_PREFIXES[role])


class Byline(models.Model):
    """One author credited on an article, in order, with a role."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        "authors.Author", verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines",
    )
    role = models.CharField(_("role"), max_length=20, choices=BylineRole.choices, default=BylineRole.REPORTER)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author", "role"], name="unique_byline_role"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.author}"


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    UPDATE = "update", _("Update")
    CLARIFICATION = "clarification", _("Clarification")


class Correction(models.Model):
    """A correction, update or clarification appended to a story, shown to readers."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION)
    text = models.TextField(
        _("text"),
        help_text=_("What was wrong and what is right. For example: An earlier version misstated the port's tonnage."),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()}: {Truncator(self.text).chars(60)}"


class ArticleSlug(models.Model):
    """An address a published article used to have: it answers 301 to the article's address now."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(_("old slug"), max_length=200, unique=True, allow_unicode=True)
    created_at = models.DateTimeField(_("retired at"), default=timezone.now)

    class Meta:
        verbose_name = _("old article address")
        verbose_name_plural = _("old article addresses")

    def __str__(self):
        return f"{self.slug} → {self.article_id}"


class SearchWord(models.Model):
    """A word found in the articles' text: the search lexicon (see articles.lexicon)."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


# The audit trail, revisions and autosaves live in their own module; importing registers them.
from .records import EVENT_LABELS, ArticleEvent, Autosave, Revision, RevisionKind  # noqa: E402, F401
