"""The curated side-effect vocabulary (side_effects.yaml) -> SideEffect and alias rows."""

from pathlib import Path

import yaml
from django.utils.text import slugify

from monographs.models import SideEffect, SideEffectAlias
from monographs.text import normalise

VOCABULARY_FILE = Path(__file__).resolve().parent / "side_effects.yaml"


def load_vocabulary(path=VOCABULARY_FILE):
    """Add the curated terms and aliases that are missing; never overwrite an editor's work.

    Returns (terms added, aliases added).
    """
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
