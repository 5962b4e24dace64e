"""Side-effect mentions -> canonical vocabulary terms (see loader.py for the curated terms)."""

import re

from monographs.models import SideEffect, SideEffectAlias
from monographs.text import normalise


def key_variants(term):
    """Keys to try for a mention, most exact first (plural forms fall back to singular)."""
    key = normalise(term)
    variants = [key]
    if len(key) <= 3 or key.endswith(("ss", "us", "is")):
        return variants
    if key.endswith("ies"):
        variants.append(key[:-3] + "y")
    elif key.endswith("es"):
        variants += [key[:-2], key[:-1]]
    elif key.endswith("s"):
        variants.append(key[:-1])
    return variants


QUALIFIERS = re.compile(
    r"^(?:(?:mild|moderate|severe|serious|transient|temporary|occasional|rare|possible|"
    r"significant|minor|slight|sudden|persistent|unusual|excessive|local|localized|localised|"
    r"generalized|general|potential|very|extreme|chronic|acute|frequent|new|worsening|"
    r"increased risk of|risk of|signs of|symptoms of|feelings? of|worsening of|"
    r"life[- ]threatening|potentially|possibly)\s+)+",
    re.IGNORECASE,
)
PARTS = re.compile(r"\s*(?:,|;|/|\band/or\b|\band\b|\bor\b)\s*", re.IGNORECASE)
# Mentions that name where a reaction happens belong to that site's reaction term.
ANCHORS = [
    ("injection site", "injection site reactions"),
    ("infusion site", "injection site reactions"),
    ("application site", "application site reaction"),
    ("infusion related", "infusion related reactions"),
]


def strip_qualifiers(term):
    """'Mild skin rash' -> 'skin rash'; the tier and serious flag carry the rest."""
    return QUALIFIERS.sub("", term.strip()) or term


# The id known() gives a term that a dry run plans to make.
PLANNED = -1


class SideEffectResolver:
    """Maps mentions to canonical terms, creating unreviewed terms for unknown mentions.

    Terms created while importing one file are kept apart until that file's transaction
    commits, so a file that fails leaves no trace in the cache either.
    """

    def __init__(self):
        self.term_ids = {}
        self.reviewed_ids = set()
        terms = SideEffect.objects.values_list("pk", "name", "is_reviewed")
        aliases = SideEffectAlias.objects.values_list("side_effect_id", "name")
        for pk, name, reviewed in terms:
            self.term_ids[normalise(name)] = pk
            if reviewed:
                self.reviewed_ids.add(pk)
        for pk, name in aliases:
            self.term_ids.setdefault(normalise(name), pk)
        # Singular forms of plural names ("Injection site reactions") as a last resort.
        for pk, name, *_ in [*terms, *aliases]:
            for key in key_variants(name)[1:]:
                self.term_ids.setdefault(key, pk)
        self.taken_slugs = set(SideEffect.objects.values_list("slug", flat=True))
        self.pending = {}

    def lookup(self, term, planned=()):
        for key in key_variants(term):
            pk = self.term_ids.get(key) or self.pending.get(key)
            if pk:
                return pk
            if key in planned:
                return PLANNED
        return None

    def resolve(self, term):
        """[(term id, reviewed)] for a mention: usually one term, two for "nausea and vomiting".

        A mention that matches no term becomes a new, unreviewed one (see known()).
        """
        return self.known(term) or self.create(term)

    def known(self, term, planned=()):
        """[(term id, reviewed)] of the terms a mention names, or [] when it names none.

        Tries the mention as written, then without qualifiers ("mild rash"), then split
        into parts that all resolve, then the site a reaction happens at. `planned`: keys
        of terms not made yet that count as known (their id is PLANNED), for a dry run.
        """
        candidates = [term, strip_qualifiers(term)]
        for candidate in candidates:
            pk = self.lookup(candidate, planned)
            if pk:
                return [(pk, pk in self.reviewed_ids)]
        for candidate in candidates:
            parts = PARTS.split(candidate)
            if len(parts) > 1:
                ids = [self.lookup(strip_qualifiers(part), planned) for part in parts]
                if all(ids):
                    return [(pk, pk in self.reviewed_ids) for pk in dict.fromkeys(ids)]
        for anchor, canonical in ANCHORS:
            if anchor in normalise(term) and (pk := self.lookup(canonical, planned)):
                return [(pk, pk in self.reviewed_ids)]
        return []

    def new_terms(self, terms, planned, limit):
        """How many new terms mentions would make, at most `limit`, given the keys of the
        terms `planned` by the files before (the keys of these are added to it). A dry
        run: nothing is written."""
        found = 0
        for term in terms:
            if found == limit:
                break
            if not self.known(term, planned):
                planned.add(normalise(term))
                found += 1
        return found

    def create(self, term):
        """A new, unreviewed term for a mention that names no known one: [(its id, False)]."""
        name = term[:1].upper() + term[1:]
        created = SideEffect.objects.create(
            name=name[:200], slug=SideEffect.unique_slug(name, self.taken_slugs), is_reviewed=False
        )
        self.pending[normalise(term)] = created.pk
        return [(created.pk, False)]

    def commit(self):
        self.term_ids.update(self.pending)
        self.pending.clear()

    def rollback(self):
        self.pending.clear()
        self.taken_slugs = set(SideEffect.objects.values_list("slug", flat=True))
