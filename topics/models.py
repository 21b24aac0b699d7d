from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.reversing import address

MAX_DEPTH = 3


class Topic(models.Model):
    """A section or subject that articles are filed under, e.g. "Economy > Trade"."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, allow_unicode=True,
        help_text=_("The topic's address: /topics/<slug>/. For example: north-korea."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent topic"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
        help_text=_("Leave empty for a top-level section such as World or Business."),
    )
    description = models.TextField(
        _("description"), blank=True,
        help_text=_("One or two sentences shown at the top of the topic page and to search engines."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=100,
        help_text=_("Lower numbers come first in the navigation and in lists."),
    )
    in_navigation = models.BooleanField(
        _("show in navigation"), default=False,
        help_text=_("Show this topic in the site's main navigation bar."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="topic_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("topics:detail", slug=self.slug)

    def clean(self):
        node, depth = self.parent, 1
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {"parent": _("A topic cannot sit inside itself.")}, code="cycle"
                )
            node, depth = node.parent, depth + 1
            if depth > MAX_DEPTH:
                raise ValidationError(
                    {"parent": _("Topics nest at most %(n)d levels deep.") % {"n": MAX_DEPTH}},
                    code="too_deep",
                )

    def ancestors(self):
        """Return the topics above this one, outermost first."""
        chain, node = [], self.parent
        while node is not None and len(chain) < MAX_DEPTH:
            chain.append(node)
            node = node.parent
        return chain[::-1]
