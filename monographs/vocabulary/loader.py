"""The side-effect vocabulary: the curated terms (side_effects.yaml) -> SideEffect and
alias rows, then HPO (hpo.py) and the terms' codes."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.text import slugify

from monographs.models import SideEffect, SideEffectAlias
from monographs.text import normalise
from monographs.vocabulary.hpo import HpoFileError, code_side_effects, load_hpo

VOCABULARY_FILE = Path(__file__).resolve().parent / "side_effects.yaml"


@dataclass
class Loaded:
    terms: int  # curated terms added
    aliases: int
    hpo_terms: int  # HPO terms loaded: 0 when the release was already in the database
    coded: int  # side-effect terms given an HPO term
    hpo_error: str = ""  # why HPO could not be loaded


def load_vocabulary(path=VOCABULARY_FILE, hpo_file=None):
    """Add the curated terms and aliases that are missing, then HPO, once per release, and
    the HPO codes of terms that have none. Never overwrites an editor's work. An HPO file
    that cannot be read is reported in the result; the curated terms load all the same.
    """
    terms, aliases = load_curated_terms(path)
    try:
        hpo_terms = load_hpo(hpo_file)
    except HpoFileError as error:
        return Loaded(terms, aliases, 0, 0, hpo_error=str(error))
    coded = code_side_effects() if terms or hpo_terms else 0
    return Loaded(terms, aliases, hpo_terms, coded)


def load_curated_terms(path=VOCABULARY_FILE):
    """Add the curated terms and aliases that are missing. Returns (terms, aliases) added."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entries = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []
    # A term counts as present under its name, an alias (it was merged into another
    # term) or its slug (an editor renamed it).
    existing = {normalise(name) for name in SideEffect.objects.values_list("name", flat=True)}
    existing |= {normalise(name) for name in SideEffectAlias.objects.values_list("name", flat=True)}
    taken_slugs = set(SideEffect.objects.values_list("slug", flat=True))
    new_terms = []
    for entry in entries:
        if normalise(entry["name"]) in existing or slugify(entry["name"]) in taken_slugs:
            continue
        slug = SideEffect.unique_slug(entry["name"], taken_slugs)
        new_terms.append(
            SideEffect(
                name=entry["name"],
                slug=slug,
                description=entry.get("description", ""),
                body_system=entry.get("body_system") or SideEffect.BodySystem.OTHER,
                is_reviewed=True,
            )
        )
        existing.add(normalise(entry["name"]))
    SideEffect.objects.bulk_create(new_terms)

    term_ids = {normalise(name): pk for pk, name in SideEffect.objects.values_list("pk", "name")}
    term_ids |= {slug: pk for pk, slug in SideEffect.objects.values_list("pk", "slug")}
    taken_aliases = set(SideEffectAlias.objects.values_list("name", flat=True))
    new_aliases = []
    for entry in entries:
        term_id = term_ids.get(normalise(entry["name"])) or term_ids.get(slugify(entry["name"]))
        for alias in entry.get("aliases") or []:
            key = normalise(alias)
            if term_id and key and key not in taken_aliases and key not in term_ids:
                taken_aliases.add(key)
                new_aliases.append(SideEffectAlias(side_effect_id=term_id, name=key))
    SideEffectAlias.objects.bulk_create(new_aliases)
    return len(new_terms), len(new_aliases)
