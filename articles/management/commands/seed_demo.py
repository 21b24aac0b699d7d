"""Load the demo newsroom into an empty database and create one login per role."""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import revisions, workflow
from articles.demo import content, pictures
from articles.models import Article, Byline, Correction, Publication, RevisionKind
from authors.models import Author
from photos.ingest import ingest_photo
from topics.models import Topic

ROLES = [
    # username, group, is_superuser
    ("writer", "Writer", False),
    ("editor", "Editor", False),
    ("admin", "Admin", True),
]


class Command(BaseCommand):
    help = "Load the demo newsroom when the database has no articles, and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if articles exist.")
        parser.add_argument(
            "--reset-passwords", action="store_true",
            help="Give the demo users new passwords and print them (content is left alone).",
        )

    def handle(self, *args, force=False, reset_passwords=False, **options):
        if reset_passwords:
            self.print_logins(self.create_users(reset=True))
            return
        if Article.objects.exists() and not force:
            self.stdout.write("The database already has articles; the demo was not loaded.")
            return
        with transaction.atomic():
            logins = self.create_users(reset=False)
            editor = get_user_model().objects.get(username="editor")
            writer = get_user_model().objects.get(username="writer")
            topics = self.create_topics()
            photos = self.create_photos(editor)
            authors = self.create_authors(writer)
            partner = Publication.objects.create(**content.PARTNER)
            now = timezone.now()
            for data in content.ARTICLES:
                article = self.create_article(data, topics, authors, photos, writer, partner)
                published_at = now - timedelta(hours=data["hours_ago"])
                workflow.transition(article, "publish", user=editor, publish_at=published_at)
                if "correction" in data:
                    kind, text = data["correction"]
                    updated = now - timedelta(hours=data["updated_hours_ago"])
                    Correction.objects.create(article=article, kind=kind, text=text, created_at=updated)
                    Article.objects.filter(pk=article.pk).update(updated_at=updated)
            scheduled = self.create_article(content.SCHEDULED, topics, authors, photos, writer, partner)
            workflow.transition(scheduled, "schedule", user=editor,
                                publish_at=now + timedelta(hours=content.SCHEDULED["hours_ahead"]))
            for data in content.DRAFTS:
                article = self.create_article(data, topics, authors, photos, writer, partner)
                if data["status"] == "review":
                    workflow.transition(article, "submit", user=writer, note="Ready for a first read.")
                else:  # a story back on the writer's desk, with the editor's note
                    workflow.transition(article, "submit", user=writer)
                    workflow.transition(article, "return", user=editor,
                                        note="Needs a dek, and start with what costs more.")
        self.stdout.write(self.style.SUCCESS(
            f"Loaded the demo newsroom: {Article.objects.count()} articles, {Topic.objects.count()} "
            f"topics, {Author.objects.count()} authors."
        ))
        self.print_logins(logins)

    def create_users(self, reset):
        User = get_user_model()
        logins = []
        for username, group_name, superuser in ROLES:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@newsroom.example"}
            )
            if created or reset:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                logins.append((username, group_name, password))
            user.is_staff = True
            user.is_superuser = superuser
            user.first_name = group_name
            user.last_name = "(demo)"
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
        return logins

    def print_logins(self, logins):
        if not logins:
            return
        self.stdout.write("\nDemo logins (shown once; `manage.py seed_demo --reset-passwords` makes new ones):")
        for username, role, password in logins:
            self.stdout.write(f"  {role:<7} username: {username:<7} password: {password}")
        self.stdout.write("")

    def create_topics(self):
        topics = {}
        for position, (slug, name, parent, description, nav) in enumerate(content.TOPICS):
            topics[slug] = Topic.objects.create(
                slug=slug, name=name, parent=topics.get(parent), description=description,
                in_navigation=nav, position=position * 10,
            )
        return topics

    def create_photos(self, user):
        photos = {}
        for key, (drawing, seed, caption, credit, alt, agency, ref, terms) in content.PHOTOS.items():
            image = pictures.DRAWINGS[drawing](seed=seed)
            photos[key] = ingest_photo(
                pictures.to_jpeg(image), uploaded_by=user, title=caption.split(".")[0][:200],
                caption=caption, credit=credit, alt_text=alt, source_agency=agency,
                agency_reference=ref, usage_terms=terms,
            )
        return photos

    def create_authors(self, writer_user):
        authors = {}
        for slug, name, title, bio, seed, tone, background in content.AUTHORS:
            headshot = ingest_photo(
                pictures.to_jpeg(pictures.portrait(seed=seed, tone=tone, background=background)),
                title=f"{name} headshot", credit="PHOTO: THE NEWSROOM LEDGER", alt_text=name,
                usage_terms="staff",
            )
            authors[slug] = Author.objects.create(
                slug=slug, name=name, job_title=title, bio=bio, headshot=headshot,
                email=f"{slug}@newsroom.example",
            )
        # The demo writer files as Mina Cho, so their own stories are editable by them.
        authors["mina-cho"].user = writer_user
        authors["mina-cho"].save()
        return authors

    def create_article(self, data, topics, authors, photos, creator, partner):
        article = Article.objects.create(
            slug=data["slug"], kicker=data["kicker"], headline=data["headline"], dek=data["dek"],
            dateline=data.get("dateline", ""), body=data["body"],
            lead_photo=photos.get(data.get("photo")), primary_topic=topics[data["primary"]],
            source=partner if data.get("partner") else None,
            original_url=data.get("original_url", ""),
            canonical_to_original=bool(data.get("partner")) and partner.canonical_required,
            is_featured=data.get("featured", False), created_by=creator, modified_by=creator,
        )
        for position, (slug, role) in enumerate(data["bylines"]):
            Byline.objects.create(article=article, author=authors[slug], role=role, position=position)
        article.topics.set([topics[slug] for slug in data["topics"]])
        article.file_under_primary_topic()
        article.tags.set(data.get("tags", []))
        revisions.record(article, user=creator, kind=RevisionKind.CREATED)
        return article
