"""What an article change makes stale, in newsroom.cache's vocabulary."""

from newsroom.cache import article_key, author_key, tag_key, topic_key


def article_dependencies(article):
    """Return the version names of every public page that shows ``article``."""
    names = {"articles", "home", "feeds", "sitemaps", article_key(article.pk)}
    if article.primary_topic_id:
        names.add(topic_key(article.primary_topic_id))
    names.update(topic_key(pk) for pk in article.topics.values_list("pk", flat=True))
    names.update(author_key(pk) for pk in article.bylines.values_list("author_id", flat=True))
    names.update(tag_key(pk) for pk in article.tags.values_list("pk", flat=True))
    return names


def is_public_change(article):
    """Return whether saving ``article`` can change what readers see.

    A story never published or scheduled has no ``published_at``: its draft
    saves touch no public page.
    """
    return article.published_at is not None
