"""Write every article, with what it uses, to a folder: the portable archive (articles.portable)."""

from django.core.management.base import BaseCommand

from articles.portable import DATA_FILE, VERSION, export_archive


class Command(BaseCommand):
    help = (
        "Export every article (bylines, topics, tags, lead photo and its original, corrections, "
        "workflow state, embargo, old addresses, revisions, audit events) to FOLDER as "
        f"{DATA_FILE} (archive version {VERSION}) plus photos/. Read it back with import_articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Where to write; created if missing.")

    def handle(self, folder, **options):
        counts = export_archive(folder)
        self.stdout.write(self.style.SUCCESS(
            "Exported {articles} articles, {photos} photos, {authors} authors and {topics} topics "
            "to {folder}.".format(folder=folder, **counts)))
