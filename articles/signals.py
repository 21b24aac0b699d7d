"""Decoupled side effects of saving content: cache versions, the search index, retired slugs."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from authors.models import Author
from newsroom import cache as content_cache
from photos.models import Photo
from topics.models import Topic

from . import search
from .models import Article, ArticleSlug, Byline, Correction, Status

INDEXED_FIELDS = {"headline", "dek", "body", "language"}


def article_dependencies(article):
    """Return the version names of everything that shows ``article``."""
    names = {"articles", "home", "feeds", "sitemaps", f"article:{article.pk}"}
    if article.primary_topic_id:
        names.add(f"topic:{article.primary_topic_id}")
    names.update(f"topic:{pk}" for pk in article.topics.values_list("pk", flat=True))
    names.update(f"author:{pk}" for pk in article.bylines.values_list("author_id", flat=True))
    names.update(f"tag:{pk}" for pk in article.tags.values_list("pk", flat=True))
    return names


def bump_article(article):
    if article.pk is None:
        return
    names = article_dependencies(article)
    transaction.on_commit(lambda: content_cache.bump(*names))


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
    if not kwargs.get("raw"):
        try:
            bump_article(instance.article)
        except Article.DoesNotExist:  # cascading delete: the article is gone already
            pass


@receiver(m2m_changed, sender=Article.topics.through)
def topics_changed(sender, instance, action, pk_set, **kwargs):
    if action.startswith("post_") and isinstance(instance, Article):
        extra = {f"topic:{pk}" for pk in pk_set or ()}
        bump_article(instance)
        transaction.on_commit(lambda: content_cache.bump(*extra) if extra else None)


@receiver(post_save, sender=Topic)
@receiver(post_delete, sender=Topic)
def topic_changed(sender, instance, **kwargs):
    transaction.on_commit(lambda: content_cache.bump("topics", f"topic:{instance.pk}", "home", "sitemaps"))


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
def author_changed(sender, instance, **kwargs):
    transaction.on_commit(lambda: content_cache.bump("authors", f"author:{instance.pk}", "sitemaps"))


@receiver(post_save, sender=Photo)
def photo_changed(sender, instance, **kwargs):
    # A new caption, credit or crop shows wherever the photo is used.
    transaction.on_commit(lambda: content_cache.bump("articles", "home", "feeds"))


@receiver(post_save, sender=Article)
def article_saved_index(sender, instance, raw=False, update_fields=None, **kwargs):
    """Keep the article's search vector in step with its text, in the same transaction."""
    if raw or (update_fields is not None and not INDEXED_FIELDS & set(update_fields)):
        return
    search.index_articles(Article.objects.filter(pk=instance.pk))


@receiver(pre_save, sender=Article)
def article_slug_retired(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember the old slug of a published article, so its old address answers 301."""
    if raw or instance.pk is None or (update_fields is not None and "slug" not in update_fields):
        return
    before = Article.objects.filter(pk=instance.pk).values("slug", "status", "published_at").first()
    # A live article that takes a retired slug is served first (see views.article_detail).
    if before and before["slug"] != instance.slug and before["status"] == Status.PUBLISHED \
            and before["published_at"] is not None:
        ArticleSlug.objects.update_or_create(slug=before["slug"], defaults={"article": instance})
