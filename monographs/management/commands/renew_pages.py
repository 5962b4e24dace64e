"""After a restore (loaddata, pg_restore, a copied SQLite file): recount every side-effect
term's published drugs and give every cached page a new generation.

A restore writes rows outside editorial.changes, so nothing told the page cache. The
generations it brings back (or leaves, for loaddata over a live database) may be ones a
page was cached under with other content, in a shared cache or a running worker; renewed,
no page cached before the restore is ever served again (README: Backup and restore).
"""

from django.core.management.base import BaseCommand

from monographs.editorial.changes import changed_everything


class Command(BaseCommand):
    help = (
        "Run after restoring a backup: recount the side-effect terms and renew every cached "
        "public page, so that no page from before the restore is served."
    )

    def handle(self, *args, verbosity, **options):
        changed_everything()
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS("Recounted the side-effect terms and renewed every cached page.")
            )
