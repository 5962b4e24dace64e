"""Add synthetic published monographs, to measure pages and queries at 20,000+ drugs.

The seeds are too few to show how listings, search and the side-effect pages behave at
the size of a real site. The generation lives in `corpus.synthetic`; this command
parses the arguments and reports.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from corpus.synthetic import (
    DEFAULT_SEED,
    SOURCE_PREFIX,
    SyntheticCorpusError,
    generate_corpus,
    synthetic_drugs,
)
from monographs.db import update_planner_statistics


class Command(BaseCommand):
    help = (
        f"Add synthetic published monographs (source path {SOURCE_PREFIX}<n>.md) for "
        "measuring the site at scale; the same seed gives the same drugs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--drugs", type=int, required=True, help="How many monographs to add.")
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the random choices (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="First delete the synthetic monographs of earlier runs (and only those).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be added and removed, and write nothing.",
        )

    def handle(self, *args, drugs, seed, replace, dry_run, verbosity, **options):
        if drugs < 1:
            raise CommandError("--drugs must be at least 1.")
        if dry_run:
            self.report_dry_run(drugs, replace, verbosity)
            return
        started = time.monotonic()
        try:
            result = generate_corpus(drugs, seed=seed, replace=replace)
        except SyntheticCorpusError as error:
            raise CommandError(str(error)) from error
        update_planner_statistics()
        elapsed = time.monotonic() - started
        if verbosity >= 1:
            if replace:
                self.stdout.write(f"Removed {result.removed} earlier synthetic monographs.")
            self.stdout.write(
                self.style.SUCCESS(f"Added {result.added} synthetic monographs in {elapsed:.1f} s.")
            )

    def report_dry_run(self, drugs, replace, verbosity):
        if verbosity < 1:
            return
        if replace:
            removed = synthetic_drugs().count()
            self.stdout.write(f"Would remove {removed} earlier synthetic monographs.")
        self.stdout.write(f"Would add {drugs} synthetic monographs (dry run: nothing written).")
