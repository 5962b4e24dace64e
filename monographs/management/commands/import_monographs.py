"""Import Markdown monographs (YAML front matter, `# Title`, `### Section`s) into the site.

Each file is written in its own transaction, so a bad file is reported and skipped while
the others import; an unchanged file is recognised by its content hash and left alone.
"""

from django.core.management.base import BaseCommand, CommandError

from monographs.importing.vocabulary import load_vocabulary
from monographs.importing.writer import MonographImporter, Outcome


class Command(BaseCommand):
    help = (
        "Import Markdown monographs from files or folders (searched recursively; default seeds/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", default=["seeds"], help="Files or folders.")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Create new monographs as drafts instead of publishing them.",
        )

    def handle(self, *args, paths, draft, verbosity, **options):
        load_vocabulary()
        importer = MonographImporter(publish=not draft)

        def show(result):
            if result.outcome == Outcome.FAILED:
                self.stderr.write(self.style.ERROR(f"{result.path}: {result.message}"))
            elif verbosity >= 2:
                self.stdout.write(f"{result.path}: {result.outcome} ({result.title})")

        report = importer.import_paths(paths, on_result=show)
        if verbosity >= 1:
            self.write_summary(report)
        if report.failures:
            raise CommandError(
                f"{len(report.failures)} of {len(report.results)} files could not be imported."
            )

    def write_summary(self, report):
        total = len(report.results)
        if total and report.count(Outcome.UNCHANGED) == total:
            self.stdout.write(
                f"Nothing to do: all {total} monographs are unchanged since the last import."
            )
            return
        counts = ", ".join(
            f"{report.count(outcome)} {outcome}"
            for outcome in (Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED, Outcome.FAILED)
        )
        style = self.style.WARNING if report.failures else self.style.SUCCESS
        self.stdout.write(style(f"Read {total} files: {counts}."))
        mentions = report.mentions_reviewed + report.mentions_unreviewed
        if mentions:
            self.stdout.write(
                f"Side-effect mentions: {report.mentions_reviewed} resolved to reviewed terms, "
                f"{report.mentions_unreviewed} to new or unreviewed terms."
            )
