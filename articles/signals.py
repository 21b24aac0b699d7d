"""Decoupled side effects of saving content: cache versions, the search index, retired slugs."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import TaggedItem

from authors.models import Author
from newsroom import cache as content_cache
from newsroom.cache import article_key, author_key, tag_key, topic_key
from photos.models import Photo
from photos.signals import renditions_changed
from topics.models import Topic

from . import lexicon, search
from .cache import article_dependencies, is_public_change
from .models import Article, ArticleSlug, Byline, Correction, Status

INDEXED_FIELDS = {"headline", "dek", "body", "language"}


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
@receiver(renditions_changed, sender=Photo)  # new crops replace files cached pages may name
def photo_changed(sender, instance, **kwargs):
    # A new caption, credit or crop shows wherever the photo is used.
    pks = list(instance.lead_articles.values_list("pk", flat=True)[:500])
    names = [article_key(pk) for pk in pks] + ["home", "feeds"]
    headshot_of = Author.objects.filter(headshot=instance).values_list("pk", flat=True)
    names += [author_key(pk) for pk in headshot_of]
    transaction.on_commit(lambda: content_cache.bump(*names))


@receiver(post_save, sender=Article)
def article_saved_index(sender, instance, raw=False, update_fields=None, **kwargs):
    """Keep the article's search vector in step with its text, in the same transaction."""
    if raw or (update_fields is not None and not INDEXED_FIELDS & set(update_fields)):
        return
    search.index_articles(Article.objects.filter(pk=instance.pk))
    lexicon.add_words([instance.pk])


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
