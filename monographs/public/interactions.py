"""The interaction checker: for the drugs a visitor chose, what each one's monograph states
about each other one, in both directions.

A monograph's interaction names the other drug (its name, generic name, slug or its
linked monograph), a class it belongs to (`vocabulary/drug_classes.yaml`: "NSAIDs" for
ibuprofen), or one of its ingredients when it is a combination product. A combination
product speaks through its own monograph and through its ingredients' monographs.

Only what the monographs state: a pair with nothing stated is shown as such, never as
"no interaction".
"""

import re
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.safestring import mark_safe
from rapidfuzz import fuzz

from monographs.models import Drug, Interaction
from monographs.public.drug_names import drug_names
from monographs.rendering import render_markdown
from monographs.text import normalise
from monographs.vocabulary.drug_classes import drug_classes

MIN_DRUGS = 2
MAX_DRUGS = 10
NEAR_MATCHES = 5
# More values than this in the query string are not even read: they cannot be a list.
MAX_VALUES = 50
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Most severe first; an interaction with its severity not stated comes after the stated
# ones, and a pair with nothing stated last.
SEVERITY_RANK = {
    Interaction.Severity.MAJOR: 3,
    Interaction.Severity.MODERATE: 2,
    Interaction.Severity.MINOR: 1,
    Interaction.Severity.NOT_STATED: 0,
}


@dataclass
class Request:
    """The drugs the query string asks for, read without a query."""

    slugs: list  # unique, in the order asked, at most MAX_DRUGS
    left_out: list  # slugs beyond MAX_DRUGS
    duplicates: int
    unreadable: list  # values that cannot be a drug's slug, shortened

    @classmethod
    def read(cls, values):
        slugs, unreadable, duplicates = [], [], 0
        for value in values[:MAX_VALUES]:
            slug = value.strip().lower()
            if not SLUG.fullmatch(slug) or len(slug) > Drug.MAX_SLUG_CHARACTERS:
                unreadable.append(value[:60])
            elif slug in slugs:
                duplicates += 1
            else:
                slugs.append(slug)
        return cls(slugs[:MAX_DRUGS], slugs[MAX_DRUGS:], duplicates, unreadable)


def list_url(slugs):
    """The checker's address for this list of drugs."""
    url = reverse("monographs:interactions")
    return url + ("?" + "&".join(f"drug={slug}" for slug in slugs) if slugs else "")


@dataclass
class Statement:
    """What one monograph states about the other drug of a pair."""

    interaction: Interaction
    source: Drug  # whose monograph states it: a chosen drug or one of its ingredients
    about: Drug  # the chosen drug it is about
    ingredient: str = ""  # the ingredient of `about` it names, for a combination product
    drug_class: object = None  # the DrugClass it names, when it names no drug directly
    html: str = ""  # the source's text, rendered once for every pair that shows it

    @property
    def rank(self):
        return SEVERITY_RANK.get(self.interaction.severity, 0)

    @property
    def section_url(self):
        return self.source.get_absolute_url() + "#interactions"


@dataclass
class Pair:
    first: Drug
    second: Drug
    statements: list = field(default_factory=list)
    shared_ingredients: list = field(default_factory=list)

    @property
    def rank(self):
        """Most severe stated first; then stated without a severity; then nothing stated."""
        return max((statement.rank + 1 for statement in self.statements), default=0)

    @property
    def severity(self):
        return self.statements[0].interaction.get_severity_display() if self.statements else ""


@dataclass
class NotFound:
    slug: str
    near_matches: list  # published drugs with a name like it


@dataclass
class Check:
    drugs: list  # the chosen published drugs, in the order asked
    not_found: list
    pairs: list  # most severe first


class Party:
    """A chosen drug as the checker sees it: the monographs that speak for it and the
    names and ingredients it answers to."""

    def __init__(self, drug):
        self.drug = drug
        ingredients = list(drug.ingredients.all())
        self.sources = [drug, *ingredients]
        self.ids = {drug.pk} | {ingredient.pk for ingredient in ingredients}
        # name key -> the ingredient it names ("" for the drug itself)
        self.names = dict.fromkeys(drug_keys(drug), "")
        if drug.is_combination:
            for part in drug.name.split("+"):
                self.names.setdefault(normalise(part), part.strip())
        for ingredient in ingredients:
            for key in drug_keys(ingredient):
                self.names.setdefault(key, ingredient.name)

    def named_by(self, stated):
        """The Statement fields when the interaction is about this drug, else None."""
        interaction, key, drug_class = stated
        if interaction.interacting_drug_id in self.ids or key in self.names:
            return {"ingredient": self.names.get(key, "")}
        if drug_class is not None:
            for name, ingredient in self.names.items():
                if name in drug_class.members:
                    return {"ingredient": ingredient, "drug_class": drug_class}
        return None


def drug_keys(drug):
    keys = {normalise(drug.name), drug.slug.replace("-", " ")}
    if drug.generic_name:
        keys.add(normalise(drug.generic_name))
    return keys - {""}


def check(slugs):
    """The pairs of the published drugs among the slugs: three queries, and one more
    for near matches when some slug is not found, whatever the number of drugs."""
    published_ingredients = Drug.objects.published().only("name", "slug", "generic_name")
    found = (
        Drug.objects.published()
        .without_working_drafts()
        .filter(slug__in=slugs)
        .only("name", "slug", "generic_name")
        .prefetch_related(Prefetch("ingredients", queryset=published_ingredients))
    )
    by_slug = {drug.slug: drug for drug in found}
    drugs = [by_slug[slug] for slug in slugs if slug in by_slug]
    parties = [Party(drug) for drug in drugs]
    source_ids = {source.pk for party in parties for source in party.sources}
    interactions = Interaction.objects.filter(drug__in=source_ids).only(
        "drug_id", "name", "severity", "description", "interacting_drug_id", "order"
    )
    # Each interaction's name read once, not once for each drug it is checked against.
    classes, stated = drug_classes(), {}
    for interaction in interactions:
        named = (interaction, normalise(interaction.name), classes.named(interaction.name))
        stated.setdefault(interaction.drug_id, []).append(named)
    pairs = [pair_of(a, b, stated) for a, b in combinations(parties, 2)]
    pairs.sort(key=lambda pair: -pair.rank)  # stable: otherwise in the order asked
    rendered = {}
    for pair in pairs:
        for statement in pair.statements:
            interaction = statement.interaction
            if interaction.pk not in rendered:
                rendered[interaction.pk] = mark_safe(render_markdown(interaction.description))  # noqa: S308 - sanitized by nh3
            statement.html = rendered[interaction.pk]
    missing = [slug for slug in slugs if slug not in by_slug]
    return Check(drugs, near_matches(missing), pairs)


def pair_of(a, b, stated):
    pair = Pair(a.drug, b.drug)
    for speaker, listener in ((a, b), (b, a)):
        pair.statements += statements_about(speaker, listener, stated)
    pair.statements.sort(key=lambda statement: -statement.rank)
    shared = set(a.names) & set(b.names)
    pair.shared_ingredients = sorted({a.names[key] or a.drug.name for key in shared})
    return pair


def statements_about(speaker, listener, stated):
    """What the speaker's monographs state about the listener. A sentence that names both
    the drug and its class ("ibuprofen and other NSAIDs") is one statement, the direct."""
    found = {}
    for source in speaker.sources:
        for named_in_text in stated.get(source.pk, []):
            named = listener.named_by(named_in_text)
            if named is None:
                continue
            interaction = named_in_text[0]
            statement = Statement(interaction, source, listener.drug, **named)
            key = (source.pk, statement.ingredient, interaction.description or interaction.name)
            earlier = found.get(key)
            if earlier is None or (earlier.drug_class and not statement.drug_class):
                found[key] = statement
    return list(found.values())


def near_matches(slugs):
    """For each slug not found, the published drugs whose slug starts as it does, closest
    first: one query for all of them (a slug range reads the slug index)."""
    if not slugs:
        return []
    starts = {slug[:3] for slug in slugs}
    near = Q()
    for start in starts:
        near |= Q(slug__gte=start, slug__lt=start + "~")  # "~" sorts after every slug
    candidates = list(
        Drug.objects.published()
        .without_working_drafts()
        .filter(near)
        .only("name", "slug")
        .order_by("slug")[: 200 * len(starts)]
    )
    return [
        NotFound(
            slug,
            sorted(
                (drug for drug in candidates if drug.slug.startswith(slug[:3])),
                key=lambda drug: -fuzz.ratio(slug, drug.slug),
            )[:NEAR_MATCHES],
        )
        for slug in slugs
    ]


def suggestions(text, limit):
    """Published drugs whose name, generic name or a brand name the words begin, or are a
    typo of, best first: from the process's index of drug names, without a query."""
    return drug_names().closest(text, limit=limit, prefixes=True)


def best_match(text):
    """The published drug the words name: by slug, name or generic name, else the only
    one whose name starts with them; None when none or several do (the page then lists
    the words as not found, with the near matches to choose from)."""
    slug = Drug.slug_for(text)
    if not slug:
        return None
    drugs = Drug.objects.published().without_working_drafts().only("slug", "name")
    exact = drugs.filter(Q(slug=slug) | Q(name__iexact=text) | Q(generic_name__iexact=text)).first()
    if exact is not None:
        return exact
    starting = list(drugs.filter(name__istartswith=text)[:2])
    return starting[0] if len(starting) == 1 else None
