from django import template

from articles import dashboard

register = template.Library()


@register.inclusion_tag("admin/articles/_desk.html", takes_context=True)
def desk_dashboard(context):
    """Render the desk (my drafts, returned, review, changes, scheduled, published)."""
    return {**dashboard.desk(context["request"].user), "request": context["request"]}


@register.filter
def person(user, fallback="—"):
    """Return a user's full name, else username, else ``fallback`` (deleted or system actors)."""
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()
