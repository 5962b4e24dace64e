"""Side-effect mentions -> canonical vocabulary terms (see loader.py for the curated terms)."""

import re
from functools import lru_cache

from monographs.models import SideEffect, SideEffectAlias
from monographs.ontology import HpoTerm
from monographs.text import normalise
from monographs.vocabulary.hpo import hpo_names, hpo_wordings
from monographs.vocabulary.readings import hpo_readings, intensified
from monographs.vocabulary.spelling import SpellingIndex
from monographs.vocabulary.wording import (
    PARENTHETICAL,
    any_order,
    distributed_readings,
    shared_word_readings,
    swelling_key,
    wording_key,
    wording_keys,
)


# The same mention recurs in thousands of files, and each is looked up twice (the count of
# new terms, then the writing): the pure helpers below remember their answers.
@lru_cache(maxsize=65536)
def key_variants(term):
    """Keys to try for a mention, most exact first (plural forms fall back to singular)."""
    key = normalise(term)
    if len(key) <= 3 or key.endswith(("ss", "us", "is")):
        return (key,)
    if key.endswith("ies"):
        return (key, key[:-3] + "y")
    if key.endswith("es"):
        return (key, key[:-2], key[:-1])
    if key.endswith("s"):
        return (key, key[:-1])
    return (key,)


QUALIFIERS = re.compile(
    r"^(?:(?:mild|moderate|severe|serious|transient|temporary|occasional|rare|possible|"
    r"significant|minor|slight|sudden|persistent|unusual|excessive|local|localized|localised|"
    r"potential for|"
    r"generalized|general|potential|very|extreme|chronic|acute|frequent|new|worsening|"
    r"increased risk of|risk of|signs of|symptoms of|feelings? of|worsening of|"
    r"exacerbation of|life[- ]threatening|potentially|possibly|fatal|a|an|the|any|some|"
    r"other|various|certain|additional|(?:types?|kinds?|forms?) of|but|and|or|to)[,\s]+)+",
    re.IGNORECASE,
)
PARTS = re.compile(r"\s*(?:,|;|/|\band/or\b|\band\b|\bor\b)\s*", re.IGNORECASE)
# When or why, after the side effect: "Dizziness when standing up" is Dizziness.
CIRCUMSTANCE = re.compile(
    r"\s+(?:when|whenever|if|while|during|after|following|upon|due to|caused by|"
    r"associated with|especially|particularly)\b.*$",
    re.IGNORECASE,
)
# Mentions that name where a reaction happens belong to that site's reaction term.
ANCHORS = [
    ("injection site", "injection site reactions"),
    ("infusion site", "injection site reactions"),
    ("application site", "application site reaction"),
    ("infusion related", "infusion related reactions"),
]


def at_site(key, anchor):
    """Whether a mention happens at the site: it starts with it ("Injection site pain") or
    names it after "at", "on", "around" or "near" ("Bruising at the injection site"), not
    after "beyond" ("Spread of weakness beyond the injection site")."""
    return key.startswith(anchor) or any(
        f" {place} {anchor}" in key or f" {place} the {anchor}" in key
        for place in ("at", "on", "around", "near", "of")
    )


# "Glaucoma worsening" is Glaucoma, as "Worsening of glaucoma" is.
WORSENING = re.compile(r"\s+(?:worsening|exacerbation|flare|flares|relapse)$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def strip_qualifiers(term):
    """'Mild skin rash' -> 'skin rash'; the tier and serious flag carry the rest."""
    return WORSENING.sub("", QUALIFIERS.sub("", term.strip())) or term


# Words that change what a mention means, not how specific it is ("Decreased appetite"
# is no kind of "appetite"), or say it happens to someone else ("Fetal death"): a
# mention with one of them is never read as its last words.
NOT_NARROWING_WORDS = """
    increased decreased high higher low lower reduced elevated raised loss lack absent
    absence no not non without abnormal impaired poor excess excessive changes change
    changed altered paradoxical rebound fetal fetus foetal neonatal newborn infant baby
    maternal partner systemic
"""
NOT_NARROWING = frozenset(NOT_NARROWING_WORDS.split())
# "Bleeding in the stomach" is a bleeding, "Infection of the wound" an infection. But these
# words say different things in different places: a swollen spleen is enlarged, not
# oedematous.
WHERE_MATTERS = {"swelling", "enlargement", "thickening", "hardening", "growth", "mass"}
WHERE = re.compile(r"\s+(?:of|in|on|at|around|inside|under|within|to)\s+", re.IGNORECASE)


# Words that say a term goes the other way from "increased": see by_reading().
LESS = re.compile(
    r"\b(?:decreased|reduced|low|lower|loss|lack|absent|absence|poor|impaired|hypo\w*)\b",
    re.IGNORECASE,
)


def opposite_direction(name):
    return bool(LESS.search(name))


# The id known() gives a term that a dry run plans to make.
PLANNED = -1
# HPO names this short are abbreviations that ordinary words collide with.
SHORTEST_HPO_NAME = 4


def is_concept(term_id):
    """Whether an id known() gives is an HPO concept no term has yet (its HPO id)."""
    return isinstance(term_id, str)


class SideEffectResolver:
    """Maps mentions to canonical terms, creating unreviewed terms for unknown mentions.

    A mention finds a term by its name or an alias, as written (normalised), else by an
    HPO concept's name or EXACT synonym (the term coded with it, or a new reviewed term
    named after it), else by its wording key (`wording.py`: "Irritation of the eye" finds
    "Eye irritation"). Terms created while importing one file are kept apart until that
    file's transaction commits, so a file that fails leaves no trace in the cache either.

    `terms` and `aliases` ((id, name, reviewed) and (term id, name) rows) stand in for the
    database's, for a resolver that only looks up (the export's, in tests); it knows no
    HPO concept.
    """

    def __init__(self, terms=None, aliases=None):
        from_database = terms is None
        self.hpo_ids, self.coded_ids = {}, {}
        self.hpo_wording_ids, self.hpo_any_order_ids = {}, {}
        if from_database:
            terms = list(SideEffect.objects.values_list("pk", "name", "is_reviewed"))
            aliases = list(SideEffectAlias.objects.values_list("side_effect_id", "name"))
            self.hpo_ids = {
                key: hpo_id for key, hpo_id in hpo_names().items() if len(key) >= SHORTEST_HPO_NAME
            }
            self.hpo_wording_ids, self.hpo_any_order_ids = hpo_wordings()
            coded = SideEffect.objects.filter(hpo__isnull=False).order_by("-is_reviewed", "pk")
            for pk, hpo_id in coded.values_list("pk", "hpo_id"):
                self.coded_ids.setdefault(hpo_id, pk)
        aliases = aliases or []
        self.term_ids = {}
        self.names = {pk: name for pk, name, _ in terms}
        self.reviewed_ids = {pk for pk, _, reviewed in terms if reviewed}
        for pk, name, _ in terms:
            self.term_ids[normalise(name)] = pk
        for pk, name in aliases:
            self.term_ids.setdefault(normalise(name), pk)
        # Singular forms of plural names ("Injection site reactions") as a last resort.
        for pk, name, *_ in [*terms, *aliases]:
            for key in key_variants(name)[1:]:
                self.term_ids.setdefault(key, pk)
        names = [*((pk, name) for pk, name, _ in terms), *aliases]
        self.wording_ids = self.by_wording(names)
        self.any_order_ids = self.by_wording(names, any_order)
        self.taken_slugs = (
            set(SideEffect.objects.values_list("slug", flat=True)) if from_database else set()
        )
        self.pending = {}  # key -> id of the terms made for the file being imported
        self.pending_wordings = {}
        self.pending_coded = {}  # HPO id -> id of the term made for it
        self.spellings = None  # SpellingIndex, made when a mention first needs it
        self.spelled = {}  # key -> what by_spelling() found for it

    def by_wording(self, names, order=None):
        """{wording key: term id}, or {the key in any order: term id}. A key that two
        terms share belongs to neither, unless only one of them is reviewed: a guess
        between terms is worse than a new term."""
        found = {}
        for pk, name in names:
            for key in wording_keys(name):
                if order:
                    key = order(key)
                if key:
                    found.setdefault(key, set()).add(pk)
        ids = {}
        for key, pks in found.items():
            reviewed = pks & self.reviewed_ids
            if len(pks) == 1 or len(reviewed) == 1:
                ids[key] = min(reviewed or pks)
        return ids

    def lookup(self, term, planned=(), hpo=True, loose=False):
        """The id of the term a mention names as a whole, the HPO id of a concept it names
        that no term has yet (see is_concept()), or None. hpo=False: the vocabulary's own
        terms only. By a variant wording it finds only a reviewed term, unless loose: an
        unreviewed one is the last resort (known()), so that what a mention finds does not
        depend on which files an import read before it."""
        if pk := self.named_exactly(term, planned):
            return pk
        if hpo and (pk := self.hpo_named(term)):
            return pk
        key = wording_key(term)
        for variant in (key, swelling_key(key)):
            pk = self.wording_ids.get(variant) or self.pending_wordings.get(variant)
            if pk and (loose or pk in self.reviewed_ids):
                return pk
            if loose and ("wording", variant) in planned:
                return PLANNED
        # The same words in another order ("Swollen hands", "Swelling in the hands"), by
        # our reviewed terms, then by HPO's names.
        unordered = any_order(key)
        pk = self.any_order_ids.get(unordered)
        if pk in self.reviewed_ids:
            return pk
        if hpo and len(key) >= SHORTEST_HPO_NAME:
            hpo_id = self.hpo_wording_ids.get(key) or self.hpo_any_order_ids.get(unordered)
            if hpo_id:
                return self.coded_term_id(hpo_id)
        return None

    def named_exactly(self, term, planned=()):
        """The term whose name or alias the mention is (or its singular), or None."""
        for key in key_variants(term):
            pk = self.term_ids.get(key) or self.pending.get(key)
            if pk:
                return pk
            if key in planned:
                return PLANNED
        return None

    def hpo_named(self, term):
        """The term coded with the HPO concept whose name or EXACT synonym the mention is,
        else that concept's HPO id, or None."""
        for key in key_variants(term):
            if hpo_id := self.hpo_ids.get(key):
                return self.coded_term_id(hpo_id)
        return None

    def coded_term_id(self, hpo_id):
        """The term coded with an HPO concept, else the concept's id (see is_concept())."""
        return self.coded_ids.get(hpo_id) or self.pending_coded.get(hpo_id) or hpo_id

    def resolve(self, term):
        """[(term id, reviewed)] for a mention: usually one term, two for "nausea and vomiting".

        A mention that matches no term becomes a new, unreviewed one (see known()).
        """
        return self.linked(self.known(term)) or self.create(term)

    def is_reviewed(self, term_id):
        return term_id in self.reviewed_ids or is_concept(term_id)

    def linked(self, known):
        """known()'s [(term id, reviewed)] with each HPO concept made a term: the one
        coded with it, else a new reviewed term named after it."""
        terms = []
        for pk, reviewed in known:
            if is_concept(pk):
                pk = self.coded_term(pk)
                reviewed = pk in self.reviewed_ids
            terms.append((pk, reviewed))
        return terms

    def known(self, term, planned=()):
        """[(term id, reviewed)] of the terms a mention names, or [] when it names none.
        An HPO concept that no term has yet is named by its HPO id (linked() makes it a
        term); nothing is written.

        Tries the mention as written, then without qualifiers ("mild rash"), then split
        into parts that are all reviewed terms, also where they share words ("Swelling of
        the hands or feet"; "bloating or discomfort" is not split into a term an earlier
        file made of a fragment), then as an HPO name, then without the circumstance
        ("when standing up") and the site a reaction happens at, when that gives a
        reviewed term, as a kind of a reviewed term (broader()), and last as a variant
        wording of a term not reviewed yet. `planned`: keys
        of terms not made yet that count as known (their id is PLANNED), for a dry run.
        """
        named = self.named_parts(term, planned)
        return list(dict.fromkeys((pk, reviewed) for pk, reviewed, _ in named))

    def wordings(self, term):
        """{term id: the words of the mention that name it}: the part that named it when
        the mention names several terms ("Nausea" and "vomiting"), else the mention."""
        parts = {}
        for pk, _, words in self.named_parts(term):
            parts.setdefault(pk, []).append(words)
        return {pk: words[0] if len(words) == 1 else term for pk, words in parts.items()}

    def named_parts(self, term, planned=()):
        """[(term id, reviewed, the words that name it)]: see known()."""
        candidates = [term, strip_qualifiers(term)]
        for candidate in candidates:
            pk = self.named_exactly(candidate, planned)
            if not pk and candidate is term and not PARTS.search(term):
                # HPO's name for the mention as written comes before a variant wording of
                # ours and before the mention without its qualifiers: "Facial edema" is no
                # "facial swelling" (Angioedema), "Sudden death" no "death". A list is
                # split first, below: "Nausea and vomiting" is two terms.
                pk = self.hpo_named(term)
            pk = pk or self.lookup(candidate, planned, hpo=False)
            if pk:
                return [(pk, self.is_reviewed(pk), term)]
        for candidate in candidates:
            # "Stomach upset or pain": the parts that share a word first, for "Stomach
            # pain" says more than "pain".
            # Then the plain parts, and last a change or words said of each thing
            # listed ("Increased blood pressure and heart rate").
            readings = [
                *shared_word_readings(candidate),
                PARTS.split(candidate),
                *distributed_readings(candidate),
            ]
            for parts in readings:
                if len(parts) < 2:
                    continue
                ids = [self.part_lookup(strip_qualifiers(part)) for part in parts]
                if all(self.is_reviewed(pk) for pk in ids):
                    return [(pk, True, part) for pk, part in zip(ids, parts, strict=True)]
        # HPO's names after the splits: "Nausea and vomiting" is two of our terms, not
        # HPO's one.
        for candidate in candidates:
            if pk := self.lookup(candidate, planned):
                return [(pk, self.is_reviewed(pk), term)]
        if pk := self.by_reading(strip_qualifiers(CIRCUMSTANCE.sub("", term))):
            return [(pk, True, term)]
        core = strip_qualifiers(CIRCUMSTANCE.sub("", term))
        if core != term and self.is_reviewed(pk := self.lookup(core)):
            return [(pk, True, term)]
        for anchor, canonical in ANCHORS:
            if at_site(normalise(term), anchor) and (pk := self.lookup(canonical, planned)):
                return [(pk, self.is_reviewed(pk), term)]
        if pk := self.broader(core):
            return [(pk, True, term)]
        if pk := self.by_spelling(core):
            return [(pk, True, term)]
        for candidate in candidates:
            if pk := self.lookup(candidate, planned, loose=True):
                return [(pk, self.is_reviewed(pk), term)]
        return []

    def by_reading(self, mention):
        """The reviewed term or HPO concept that HPO's way of naming a change or a
        measurement gives (readings.py), or None."""
        for reading in hpo_readings(mention):
            if self.is_reviewed(pk := self.lookup(reading)):
                return pk
        # "Increased eye watering" is Watering eyes, not a new term; but never a term of
        # the other direction ("Increased appetite" is no "Loss of appetite").
        core = intensified(mention)
        pk = self.lookup(core) if core else None
        if self.is_reviewed(pk) and not opposite_direction(self.name_of(pk)):
            return pk
        return None

    def name_of(self, term_id):
        """The name of a term, or of the HPO concept known() names by its id."""
        if is_concept(term_id):
            return HpoTerm.objects.values_list("name", flat=True).get(pk=term_id)
        return self.names.get(term_id, "")

    def by_spelling(self, mention):
        """The reviewed term or HPO concept a mention names in another spelling
        (spelling.py: "Crystaluria"), or None."""
        key = normalise(mention)
        if len(key) < SHORTEST_HPO_NAME or key in self.spelled:
            return self.spelled.get(key)
        if self.spellings is None:
            # Committed terms only (a file's own may yet roll back): a concept by its id.
            names = {
                name: self.coded_ids.get(hpo_id, hpo_id) for name, hpo_id in self.hpo_ids.items()
            }
            names.update(
                (name, pk) for name, pk in self.term_ids.items() if pk in self.reviewed_ids
            )
            self.spellings = SpellingIndex(names)
        self.spelled[key] = self.spellings.find(key)
        return self.spelled[key]

    def part_lookup(self, part):
        """A part of a split mention: by its name, else as a change or a measurement
        ("Changes in taste or smell")."""
        return self.lookup(part) or self.by_reading(part)

    def broader(self, mention):
        """The reviewed term of which a mention names a kind, or None: "Atrial
        tachycardia" is a Tachycardia, "Swelling of the mouth" a Swelling. The link keeps
        the mention's own words (DrugSideEffect.source_text)."""
        words = normalise(mention).split()
        if len(words) < 2 or NOT_NARROWING.intersection(words):
            return None
        head = WHERE.split(mention, maxsplit=1)[0]
        # Our own terms only: an HPO synonym of the last words may be another tissue's
        # ("hypertonicity" is a skeletal muscle's, not the uterus's).
        kinds = [" ".join(words[start:]) for start in range(1, len(words))]
        for kind in [head, *kinds] if head != mention else kinds:
            if normalise(kind) in WHERE_MATTERS:
                continue
            pk = self.lookup(kind, hpo=False)
            if self.is_reviewed(pk) and not self.names_another_kind(pk, kind, words):
                return pk
        return None

    def names_another_kind(self, pk, kind, words):
        """Whether the term is itself a kind of what the mention's last words name, in
        words the mention does not have: "ulcer" is an alias of Stomach ulcer, but an
        oral mucosa ulcer is no stomach ulcer."""
        named = set(normalise(PARENTHETICAL.sub(" ", self.names[pk])).split())
        kind_words = set(normalise(kind).split())
        return kind_words < named and not (named - kind_words) <= set(words)

    def new_terms(self, terms, planned, limit, known=None):
        """How many new terms mentions would make, at most `limit`, given the keys of the
        terms `planned` by the files before (the keys of these are added to it). A dry
        run: nothing is written.

        known: the mentions that earlier calls of the same dry run found known (added to
        here). A plan only grows, so a mention known once stays known: the same words,
        recurring in thousands of files, are resolved once.
        """
        known = set() if known is None else known
        found = 0
        for term in terms:
            if found == limit:
                break
            if term in known:
                continue
            if self.known(term, planned):
                known.add(term)
            else:
                planned.update([normalise(term), ("wording", wording_key(term))])
                found += 1
        return found

    def create(self, term):
        """A new, unreviewed term for a mention that names no known one: [(its id, False)]."""
        name = term[:1].upper() + term[1:]
        created = SideEffect.objects.create(
            name=name[:200], slug=SideEffect.unique_slug(name, self.taken_slugs), is_reviewed=False
        )
        self.pending[normalise(term)] = created.pk
        self.pending_wordings.setdefault(wording_key(term), created.pk)
        self.names[created.pk] = created.name
        return [(created.pk, False)]

    def coded_term(self, hpo_id):
        """The id of the term coded with an HPO concept; a new reviewed term named after
        the concept, with its codes, when there is none (or the term of that name)."""
        pk = self.coded_ids.get(hpo_id) or self.pending_coded.get(hpo_id)
        if pk:
            return pk
        concept = HpoTerm.objects.get(pk=hpo_id)
        key = normalise(concept.name)
        pk = self.term_ids.get(key) or self.pending.get(key)
        if pk is None:
            created = SideEffect.objects.create(
                name=concept.name[:200],
                slug=SideEffect.unique_slug(concept.name, self.taken_slugs),
                description=concept.definition,
                body_system=concept.body_system or SideEffect.BodySystem.OTHER,
                is_reviewed=True,
                hpo=concept,
                umls_cui=concept.umls_cui,
                meddra_code=concept.meddra_code,
            )
            pk = created.pk
            self.pending[key] = pk
            self.names[pk] = created.name
            self.reviewed_ids.add(pk)
        self.pending_coded[hpo_id] = pk
        return pk

    def commit(self):
        self.coded_ids.update(self.pending_coded)
        self.pending_coded.clear()
        self.term_ids.update(self.pending)
        for key, pk in self.pending_wordings.items():
            self.wording_ids.setdefault(key, pk)
        self.pending.clear()
        self.pending_wordings.clear()

    def rollback(self):
        self.pending_coded.clear()
        for pk in self.pending.values():
            self.names.pop(pk, None)
            self.reviewed_ids.discard(pk)
        self.pending.clear()
        self.pending_wordings.clear()
        self.taken_slugs = set(SideEffect.objects.values_list("slug", flat=True))
