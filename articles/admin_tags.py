"""Free tags in the admin: taggit's TagAdmin, with merging kept to those who may change tags.

Taggit's "Merge selected tags" action and its merge page check no permission
of their own, so anyone who may list tags (Writers may) could merge them,
retagging published stories outside the workflow. Here both need the change
and delete permissions on tags, which only Editors and Admins have.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin
from taggit.models import Tag


class NewsroomTagAdmin(TagAdmin):
    actions = ["merge_selected"]

    @admin.action(description=_("Merge selected tags"), permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        return self.render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        return super().merge_tags_view(request)


if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)
admin.site.register(Tag, NewsroomTagAdmin)
