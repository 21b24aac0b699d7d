"""
schema.org data for search engines and social networks, built as plain dicts.

``news_article()`` and ``breadcrumbs()`` return JSON-LD objects; templates emit
them with ``{% json_ld %}`` (articles.templatetags.article_meta), which escapes
them the way ``json_script`` does. Only prefetched relations are read.
"""

from django.conf import settings

from newsroom.reversing import address, static
from photos.templatetags.photos import best_rendition

LOGO = {"path": "img/logo.png", "width": 512, "height": 512}
#: The renditions offered as the article's image: wide, square and the social card.
IMAGE_CROPS = [("16x9", 1200), ("1x1", 640), ("191x100", 1200)]


def absolute(url):
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def publisher():
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL + "/",
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(LOGO["path"])),
            "width": LOGO["width"],
            "height": LOGO["height"],
        },
    }


def social_image(photo, crop="191x100", width=1200):
    """Return {url, width, height} of the rendition used for social cards (None without a photo)."""
    if photo is None:
        return None
    rendition = best_rendition(photo, crop, width)
    image = rendition or photo
    return {
        "url": absolute(rendition.url if rendition else photo.file.url),
        "width": image.width,
        "height": image.height,
    }


def _images(article):
    photo = article.lead_photo
    if photo is None:
        return []
    images, seen = [], set()
    for crop, width in IMAGE_CROPS:
        image = social_image(photo, crop, width)
        if image["url"] in seen:
            continue
        seen.add(image["url"])
        entry = {
            "@type": "ImageObject",
            "url": image["url"],
            "width": image["width"],
            "height": image["height"],
        }
        if article.caption:
            entry["caption"] = article.caption
        if photo.credit:
            entry["creditText"] = photo.credit
        images.append(entry)
    return images


def _person(author):
    person = {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
    if author.job_title:
        person["jobTitle"] = author.job_title
    same_as = [url for _label, url in author.social_links()]
    if same_as:
        person["sameAs"] = same_as
    return person


def news_article(article):
    """Return the schema.org NewsArticle describing ``article``."""
    url = absolute(article.get_absolute_url())
    authors = [_person(b.author) for b in article.ordered_bylines()]
    # A preview of a draft has no publication time yet.
    modified = max(filter(None, [article.published_at, article.updated_at]), default=None)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.description,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": modified.isoformat() if modified else None,
        "inLanguage": article.language,
        "author": authors
        or [{"@type": "Organization", "name": article.byline_override or settings.SITE_NAME}],
        "publisher": publisher(),
        "isAccessibleForFree": True,
    }
    images = _images(article)
    if images:
        data["image"] = images
    if article.primary_topic_id:
        data["articleSection"] = article.primary_topic.name
    tags = [t.name for t in article.tags.all()]
    if tags:
        data["keywords"] = tags
    if article.dateline:
        place = {"@type": "Place", "name": article.dateline}
        data["contentLocation"] = place
        data["locationCreated"] = place
    corrections = [
        {"@type": "CorrectionComment", "text": c.text, "datePublished": c.created_at.isoformat()}
        for c in article.corrections.all()
    ]
    if corrections:
        data["correction"] = corrections
    if article.source_id and article.original_url:
        data["isBasedOn"] = article.original_url
        data["sourceOrganization"] = {"@type": "NewsMediaOrganization", "name": article.source.name}
    return {key: value for key, value in data.items() if value is not None}


def breadcrumbs(trail):
    """Return a schema.org BreadcrumbList for ``trail``: (name, url) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(url)}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def topic_trail(topic):
    """Return the (name, url) trail from the home page to ``topic``."""
    return [("Home", address("home"))] + [
        (t.name, t.get_absolute_url()) for t in [*topic.ancestors(), topic]
    ]


def article_trail(article):
    """Return the (name, url) trail from the home page to ``article``."""
    trail = (
        topic_trail(article.primary_topic)
        if article.primary_topic_id
        else [("Home", address("home"))]
    )
    return trail + [(article.headline, article.get_absolute_url())]


def profile_page(author):
    """Return the schema.org ProfilePage of an author page."""
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute(author.get_absolute_url()),
        "mainEntity": {**_person(author), **({"description": author.bio} if author.bio else {})},
    }


def website():
    """Return the schema.org WebSite of the home page, with its publisher and search."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL + "/",
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": settings.SITE_URL + address("articles:search") + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }
