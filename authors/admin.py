from django.contrib import admin

from .models import Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "job_title", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["headshot", "user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "bio", "headshot", "is_active"]}),
        ("Contact and profiles", {"fields": ["email", "website", "x_handle", "mastodon_url", "bluesky_handle", "linkedin_url"]}),
        ("Account", {"fields": ["user"]}),
    ]
