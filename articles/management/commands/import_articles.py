"""Read an archive written by export_articles into this database, in one transaction."""

from django.core.management.base import BaseCommand, CommandError

from articles.portable import ArchiveError, import_archive


class Command(BaseCommand):
    help = (
        "Import the archive export_articles wrote to FOLDER. Topics, authors, photos and users "
        "are matched by slug, SHA-256 and username, or created; articles whose slug exists are "
        "left as they are, so importing twice adds nothing. All or nothing: on any error the "
        "database is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The folder holding articles.json and photos/.")

    def handle(self, folder, **options):
        try:
            added = import_archive(folder)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            "Imported {articles} articles, {photos} photos, {authors} authors and {topics} topics; "
            "{skipped} articles were already here and were left as they are.".format(**added)))
