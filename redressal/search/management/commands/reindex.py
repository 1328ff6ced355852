from django.core.management.base import BaseCommand

from redressal.search.index import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index (complaints and company names) from the database."

    def handle(self, *args, **options):
        reindex_all()
        self.stdout.write("Search index rebuilt.")
