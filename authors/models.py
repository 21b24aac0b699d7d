from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.reversing import address


class Author(models.Model):
    """A person who can carry a byline; staff, freelancer or partner reporter.

    An author needs no user account: contributors and wire reporters get
    bylines without logging in. ``user`` links the two when they do.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, allow_unicode=True,
        help_text=_("The author page's address: /authors/<slug>/. For example: min-ji-park."),
    )
    job_title = models.CharField(
        _("job title"), max_length=120, blank=True,
        help_text=_("For example: Seoul correspondent."),
    )
    bio = models.TextField(
        _("short bio"), blank=True, max_length=1000,
        help_text=_("Two or three sentences in the third person, shown on the author page."),
    )
    headshot = models.ForeignKey(
        "photos.Photo", verbose_name=_("headshot"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    email = models.EmailField(_("public email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    x_handle = models.CharField(_("X handle"), max_length=50, blank=True, help_text=_("Without the @."))
    mastodon_url = models.URLField(_("Mastodon profile"), blank=True)
    bluesky_handle = models.CharField(_("Bluesky handle"), max_length=100, blank=True, help_text=_("For example: name.bsky.social"))
    linkedin_url = models.URLField(_("LinkedIn profile"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="author",
    )
    is_active = models.BooleanField(
        _("active"), default=True,
        help_text=_("Untick for former contributors: their page stays, they leave the author pickers."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("authors:detail", slug=self.slug)

    def social_links(self):
        """Return (label, url) pairs for the profile links the author has (also JSON-LD sameAs)."""
        links = []
        if self.website:
            links.append(("Website", self.website))
        if self.x_handle:
            links.append(("X", f"https://x.com/{self.x_handle.lstrip('@')}"))
        if self.mastodon_url:
            links.append(("Mastodon", self.mastodon_url))
        if self.bluesky_handle:
            links.append(("Bluesky", f"https://bsky.app/profile/{self.bluesky_handle.lstrip('@')}"))
        if self.linkedin_url:
            links.append(("LinkedIn", self.linkedin_url))
        return links
