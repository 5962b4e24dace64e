"""Add the curated side-effect vocabulary (monographs/vocabulary/side_effects.yaml).

Only missing terms and aliases are added: a term an editor renamed or merged stays as
the editor left it.
"""

from django.core.management.base import BaseCommand

from monographs.vocabulary.loader import load_vocabulary


class Command(BaseCommand):
    help = "Add the curated side-effect terms and aliases that are not in the database yet."

    def handle(self, *args, verbosity, **options):
        terms, aliases = load_vocabulary()
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Added {terms} terms and {aliases} aliases."))
