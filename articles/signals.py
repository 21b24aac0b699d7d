"""Decoupled side effects of saving content: cache versions are bumped on commit."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from taggit.models import TaggedItem

from authors.models import Author
from newsroom import cache as content_cache
from newsroom.cache import article_key, author_key, tag_key, topic_key
from photos.models import Photo
from topics.models import Topic

from .cache import article_dependencies, is_public_change
from .models import Article, Byline, Correction


def bump_article(article, extra=()):
    if article.pk is None:
        return
    if not is_public_change(article):
        names = {article_key(article.pk), *extra}
    else:
        names = article_dependencies(article) | set(extra)

    def on_commit():
        content_cache.forget_next_publication()
        content_cache.bump(*names)

    transaction.on_commit(on_commit)


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def article_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        bump_article(instance)


@receiver(post_save, sender=Byline)
@receiver(post_delete, sender=Byline)
@receiver(post_save, sender=Correction)
@receiver(post_delete, sender=Correction)
def part_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    try:
        article = instance.article
    except Article.DoesNotExist:  # cascading delete: the article is gone already
        return
    extra = [author_key(instance.author_id)] if sender is Byline else []
    bump_article(article, extra)


@receiver(m2m_changed, sender=Article.topics.through)
def topics_changed(sender, instance, action, pk_set, **kwargs):
    if action.startswith("post_") and isinstance(instance, Article):
        bump_article(instance, [topic_key(pk) for pk in pk_set or ()])


@receiver(m2m_changed, sender=TaggedItem)
def tags_changed(sender, instance, action, pk_set, **kwargs):
    if action.startswith("post_") and isinstance(instance, Article):
        bump_article(instance, [tag_key(pk) for pk in pk_set or ()])


@receiver(pre_save, sender=Topic)
def remember_navigation(sender, instance, **kwargs):
    instance._was_in_navigation = bool(
        instance.pk and Topic.objects.filter(pk=instance.pk, in_navigation=True).exists()
    )


@receiver(post_save, sender=Topic)
@receiver(post_delete, sender=Topic)
def topic_changed(sender, instance, **kwargs):
    names = [topic_key(instance.pk), "sitemaps"]
    if instance.in_navigation or getattr(instance, "_was_in_navigation", True):
        names.append("topics")  # the navigation on every page shows it
    transaction.on_commit(lambda: content_cache.bump(*names))


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
def author_changed(sender, instance, **kwargs):
    transaction.on_commit(lambda: content_cache.bump(author_key(instance.pk), "sitemaps"))


@receiver(post_save, sender=Photo)
def photo_changed(sender, instance, **kwargs):
    # A new caption, credit or crop shows wherever the photo is used.
    pks = list(instance.lead_articles.values_list("pk", flat=True)[:500])
    names = [article_key(pk) for pk in pks] + ["home", "feeds"]
    transaction.on_commit(lambda: content_cache.bump(*names))
