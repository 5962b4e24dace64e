"""Publish the monographs whose scheduled time has come (a reviewer set it in the admin).

Run it every minute or so from a systemd timer or cron (README: Scheduled publishing).
Each publication goes through editorial.workflow.publish, so the cached pages are renewed
as for one made in the admin. `--now` stands in for the clock (to try a schedule, or in
tests).
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monographs.editorial import workflow
from monographs.models import Drug


def moment(text):
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--now: not a date and time like 2026-12-07T14:30: {text!r}") from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = "Publish the monographs scheduled to be published by now."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", type=moment, help="the time to publish up to (ISO 8601); default: now"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list what is due, publish nothing"
        )

    def handle(self, *args, now, dry_run, verbosity, **options):
        if isinstance(now, str):  # call_command(now=...) passes the text as it is
            now = moment(now)
        now = now or timezone.now()
        if dry_run:
            due = Drug.objects.filter(publish_at__lte=now).order_by("publish_at", "pk")
            for row in due:
                self.stdout.write(f"due: {row.monograph} (at {row.publish_at:%Y-%m-%d %H:%M})")
            return
        published, failed = workflow.publish_due(now)
        if verbosity:
            for monograph in published:
                self.stdout.write(self.style.SUCCESS(f"Published {monograph}."))
        if failed:
            lines = "\n".join(f"  {row}: {error}" for row, error in failed)
            raise CommandError(f"{len(failed)} scheduled monographs not published:\n{lines}")
