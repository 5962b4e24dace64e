"""Print the quality report for every monograph in the database: side-effect links on
reviewed terms, unreviewed terms, tiers not stated, interactions, precautions, dose
amounts and text left in "More information" (see monographs.importing.quality)."""

from django.core.management.base import BaseCommand

from monographs.importing.quality import database_report


class Command(BaseCommand):
    help = (
        "Print how faithfully the monographs keep their side effects, tiers, interactions, "
        "precautions and dose amounts: a table, or JSON with --json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help="Print the figures as JSON (stable keys)."
        )

    def handle(self, *args, **options):
        report = database_report()
        if options["json"]:
            self.stdout.write(report.as_json())
            return
        for line in report.lines():
            self.stdout.write(line)
