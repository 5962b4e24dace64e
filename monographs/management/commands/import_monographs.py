"""Import Markdown monographs (YAML front matter, `# Title`, `### Section`s) into the site.

Each file is written in its own transaction, so a bad file is reported and skipped while
the others import; an unchanged file is recognised by its content hash and left alone,
and a monograph an editor changed since its import is kept unless --force is given.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from monographs.importing.pipeline import MonographImporter
from monographs.importing.quality import import_report
from monographs.importing.report import Outcome
from monographs.limits import MAX_NEW_TERMS_PER_FILE, MAX_NEW_TERMS_PER_FILE_ON_AVERAGE
from monographs.management.commands.load_vocabulary import load_and_renew
from monographs.vocabulary.conditions import load_conditions


class Progress:
    """A progress bar on a terminal, a plain line every tenth of the way otherwise."""

    WIDTH = 30

    def __init__(self, stream, on_terminal):
        self.stream = stream
        self.on_terminal = on_terminal
        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self.next_line = 0

    def start(self, total):
        self.total = total

    def step(self):
        self.done += 1
        if not self.total:
            return
        if self.on_terminal:
            if self.done % max(self.total // 200, 1) and self.done != self.total:
                return  # redraw at most 200 times
            filled = self.WIDTH * self.done // self.total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} files", ending="")
            self.stream.flush()
            if self.done == self.total:
                self.stream.write("")
        elif self.done >= self.next_line or self.done == self.total:
            rate = self.done / max(time.monotonic() - self.started, 1e-6)
            self.stream.write(f"{self.done}/{self.total} files ({rate:.0f} per second)")
            self.next_line = self.done + max(self.total // 10, 1)


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
        parser.add_argument(
            "--force",
            action="store_true",
            help="Apply changed files even to monographs an editor changed since their import.",
        )
        parser.add_argument(
            "--follow-symlinks",
            action="store_true",
            help="Follow symbolic links whose target is inside the folder given "
            "(other links, FIFOs and devices are always skipped, and reported).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes that parse files (default: one per core).",
        )
        parser.add_argument(
            "--max-new-terms-per-file",
            type=float,
            default=MAX_NEW_TERMS_PER_FILE_ON_AVERAGE,
            help=(
                "Stop before writing anything when the files would add more new side-effect "
                "terms than this many a file on average (never fewer than "
                f"{MAX_NEW_TERMS_PER_FILE} in all; default %(default)s)."
            ),
        )
        parser.add_argument(
            "--allow-new-terms",
            action="store_true",
            help="Import however many new side-effect terms the files add.",
        )

    def handle(
        self,
        *args,
        paths,
        draft,
        force,
        workers,
        follow_symlinks,
        max_new_terms_per_file,
        allow_new_terms,
        verbosity,
        **options,
    ):
        started = time.monotonic()
        if max_new_terms_per_file < 0:
            raise CommandError("--max-new-terms-per-file cannot be negative.")
        loaded = load_and_renew()
        if loaded.hpo_error:
            self.stderr.write(f"{loaded.hpo_error} Imported without HPO's names.")
        load_conditions()
        importer = MonographImporter(
            publish=not draft,
            force=force,
            workers=workers,
            follow_symlinks=follow_symlinks,
            max_new_terms_per_file=max_new_terms_per_file,
            allow_new_terms=allow_new_terms,
        )
        progress = Progress(self.stdout, on_terminal=self.stdout.isatty())

        def show(result):
            if result.outcome == Outcome.FAILED:
                if progress.on_terminal and verbosity >= 1:
                    self.stdout.write("")
                self.stderr.write(self.style.ERROR(f"{result.path}: {result.message}"))
            elif verbosity >= 2:
                self.stdout.write(f"{result.path}: {result.outcome} ({result.title})")
            if verbosity == 1:
                progress.step()

        report = importer.import_paths(paths, on_result=show, on_start=progress.start)
        if report.stopped:
            raise CommandError(report.stopped)
        if verbosity >= 1:
            self.write_summary(report, time.monotonic() - started)
            if report.changed:
                for line in import_report(importer.written_ids, report).lines():
                    self.stdout.write(line)
        if report.failures:
            raise CommandError(
                f"{len(report.failures)} of {len(report.results)} files could not be imported."
            )

    def write_summary(self, report, seconds):
        total = len(report.results)
        for result in report.warnings:
            self.stdout.write(self.style.WARNING(f"{result.path}: {result.message}"))
        for skipped in report.skipped:
            self.stdout.write(self.style.WARNING(f"{skipped.path}: skipped: {skipped.reason}"))
        if total and report.count(Outcome.UNCHANGED) == total:
            self.stdout.write(
                f"Nothing to do: all {total} monographs are unchanged since the last import "
                f"(checked in {seconds:.2f} s)."
            )
            return
        counts = ", ".join(f"{report.count(outcome)} {outcome}" for outcome in Outcome.ALL)
        style = self.style.WARNING if report.failures else self.style.SUCCESS
        rate = total / seconds if seconds else 0
        self.stdout.write(
            style(f"Read {total} files in {seconds:.1f} s ({rate:.0f} per second): {counts}.")
        )
        mentions = report.mentions_reviewed + report.mentions_unreviewed
        if mentions:
            share = 100 * report.mentions_reviewed / mentions
            self.stdout.write(
                f"Side-effect mentions: {report.mentions_reviewed} resolved to reviewed terms "
                f"({share:.1f}%), {report.mentions_unreviewed} to new or unreviewed terms."
            )
        if report.unstructured_blocks:
            self.stdout.write(
                f"Text kept as Markdown because it fits no structured field: "
                f"{report.unstructured_blocks} blocks."
            )
