"""Export every monograph as a Markdown file in the seeds' shape, one `<slug>.md` per drug.

Editors change monographs in the admin; this gives the content back as files that can be
reviewed, kept in version control or imported into another site with import_monographs,
which reads them back into the same data. The writing lives in `monographs.exporting`.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monographs.exporting import export_monographs


class Command(BaseCommand):
    help = "Write every monograph as Markdown (<slug>.md) into a folder, created if missing."

    def add_arguments(self, parser):
        parser.add_argument("outdir", type=Path, help="The folder to write into.")
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="Leave drafts out.",
        )

    def handle(self, *args, outdir, published_only, verbosity, **options):
        if outdir.exists() and not outdir.is_dir():
            raise CommandError(f"{outdir} exists and is not a folder.")
        try:
            written = export_monographs(outdir, published_only=published_only)
        except OSError as error:
            raise CommandError(f"Cannot write to {outdir}: {error}") from error
        if verbosity >= 2:
            for path in written:
                self.stdout.write(str(path))
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Exported {len(written)} monographs to {outdir}.")
            )
