"""Synthetic monographs in bulk, to measure pages and queries at 20,000 and 100,000 drugs.

The seeds are a few dozen monographs: too few to show a slow query, a missing index or a
listing that degrades with size. The corpus made here has the shape of real content
rather than uniform filler, because that shape is what the queries feel: invented generic
names with real stems ("-sartan", "-mab") and some "A + B" combinations, several dosage
entries, precautions and FAQs per drug, side-effect links whose terms follow a Zipf-like
popularity (headache everywhere, a rare term on a handful of drugs) with realistic
frequency tiers, interactions that link to other monographs, and edit dates spread over
two years.

This module writes and removes the corpus; what it draws from lives beside it: the drug
classes and their texts in corpus.drug_classes, the names in corpus.planning, the
side-effect popularity and tiers in corpus.side_effects.

One seed gives the same names and content for the same starting database. Every drug made
here has a source_path under "synthetic/", so a later run can remove exactly these.
Rows are written in batches (bulk_create for drugs, plain multi-row inserts for the rest),
one transaction per batch: 20,000 drugs take seconds, not minutes.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from corpus.drug_classes import (
    DRUG_CLASSES,
    FAQ_TEMPLATES,
    INTERACTION_TEXT,
    PRECAUTION_TOPICS,
    ROUTE_PHRASES,
    SALTS,
    USAGE_EXTRAS,
    WARNINGS,
)
from corpus.planning import plan_drugs
from corpus.side_effects import (
    FREQUENCY_WEIGHTS,
    SERIOUS_CHANCE,
    SIDE_EFFECT_NOTES,
    SIDE_EFFECTS_PER_DRUG,
    rank_side_effects,
    zipf_cumulative_weights,
)
from monographs.db import insert_rows
from monographs.editorial.changes import changed_everything
from monographs.limits import MAX_FIELD_CHARACTERS, MAX_SIDE_EFFECT_LINKS
from monographs.models import (
    FAQ,
    Condition,
    Dosage,
    Drug,
    DrugSideEffect,
    Interaction,
    Precaution,
    SideEffect,
)

SOURCE_PREFIX = "synthetic/"
DEFAULT_SEED = 1
# Drugs per transaction: their child rows (about 30 each) make inserts of a few thousand.
DRUGS_PER_BATCH = 200
# Drugs per delete when replacing, in pk order so each chunk's child rows lie together:
# Django loads the chunk's ids to cascade. 100,000 drugs go in about 20 s on SQLite.
DELETE_BATCH = 10_000
CONDITION_LINK_SHARE = 0.7
EDIT_SPAN = timedelta(days=730)

Population = Dosage.Population


class SyntheticCorpusError(Exception):
    """Synthetic monographs cannot be made in this database; the message says why."""


@dataclass
class CorpusResult:
    added: int
    removed: int


def generate_corpus(count, seed=DEFAULT_SEED, replace=False):
    """Add `count` synthetic published monographs; replace removes earlier synthetic ones first."""
    require_side_effects()
    removed = remove_synthetic_drugs() if replace else 0
    SyntheticCorpus(random.Random(seed)).add(count)
    changed_everything()  # thousands of monographs: every count and cached page may change
    return CorpusResult(added=count, removed=removed)


def require_side_effects():
    """Refuse before writing anything when there are too few terms to link."""
    found = SideEffect.objects.count()
    if found < SIDE_EFFECTS_PER_DRUG[0]:
        raise SyntheticCorpusError(
            f"Only {found} side-effect terms exist; run manage.py load_vocabulary first."
        )


def synthetic_drugs():
    """Drugs made by generate_corpus (and only those)."""
    return Drug.objects.filter(source_path__startswith=SOURCE_PREFIX)


def remove_synthetic_drugs():
    """Delete every synthetic drug with its rows, in chunks; returns how many there were."""
    ids = list(synthetic_drugs().order_by("pk").values_list("pk", flat=True))
    for chunk in chunks(ids, DELETE_BATCH):
        with transaction.atomic():
            Drug.objects.filter(pk__in=chunk).only("pk").delete()
    return len(ids)


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def condition_pools_by_class():
    """(pk, name) of the Condition rows each class may treat: those named like the class's
    own conditions, else any row; empty lists when there are no Condition rows."""
    rows = list(Condition.objects.order_by("pk").values_list("pk", "name"))
    pools = {}
    for drug_class in DRUG_CLASSES:
        own = {name.casefold() for name in drug_class.conditions}
        pools[drug_class] = [row for row in rows if row[1].casefold() in own] or rows
    return pools


# Text


def lower_first(name):
    """'Multiple sclerosis' -> 'multiple sclerosis', but 'HIV infection' stays."""
    if len(name) > 1 and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def condition_phrase(names):
    return " and ".join(lower_first(name) for name in names)


def format_amount(amount):
    return f"{amount:g}"


class SyntheticCorpus:
    """Writes planned drugs batch by batch; create one per run."""

    def __init__(self, rng):
        self.rng = rng
        self.now = timezone.now()
        self.terms, self.term_weights = self.ranked_side_effects()
        self.condition_pools = condition_pools_by_class()
        # (name, pk) of drugs an interaction may name: existing single drugs, then ours.
        self.interaction_targets = list(
            Drug.objects.exclude(name__contains="+").order_by("pk").values_list("name", "pk")
        )
        self.taken_slugs = set()
        for slug, name in Drug.objects.values_list("slug", "name"):
            self.taken_slugs |= {slug, Drug.slug_for(name)}
        self.next_number = next_source_number()

    def ranked_side_effects(self):
        """Term ids by popularity rank, and their cumulative Zipf-like weights."""
        terms = list(SideEffect.objects.order_by("name").values_list("pk", "name", "is_reviewed"))
        ranked = rank_side_effects(self.rng, terms)
        return ranked, zipf_cumulative_weights(len(ranked))

    def add(self, count):
        plans = plan_drugs(self.rng, count, self.taken_slugs)
        for batch in chunks(plans, DRUGS_PER_BATCH):
            self.write_batch(batch)

    def write_batch(self, plans):
        with transaction.atomic():
            drugs = Drug.objects.bulk_create([self.build_drug(plan) for plan in plans])
            for plan, drug in zip(plans, drugs, strict=True):
                plan.pk = drug.pk
            self.spread_edit_dates([drug.pk for drug in drugs])
            self.interaction_targets += [(p.name, p.pk) for p in plans if not p.is_combination]
            rows = {}
            for plan in plans:
                self.add_child_rows(rows, plan)
            check_limits(drugs, rows)
            for model, model_rows in rows.items():
                insert_rows(model, model_rows)

    def build_drug(self, plan):
        plan.conditions = self.choose_conditions(plan)
        summary = self.summary_sentence(plan)
        drug = Drug(
            name=plan.name,
            slug=plan.slug,
            generic_name=self.generic_name(plan),
            summary=summary,
            usage=f"{summary} {self.usage_extras(plan)}",
            dosage_notes=self.dosage_notes(plan),
            mechanism=self.mechanism_text(plan),
            status=Drug.Status.PUBLISHED,
            source_path=f"{SOURCE_PREFIX}{self.next_number}.md",
            imported_at=None,
        )
        self.next_number += 1
        return drug

    def choose_conditions(self, plan):
        """One or two (condition pk or None, name); from Condition rows when there are some."""
        wanted = 1 if self.rng.random() < 0.6 else 2
        pool = self.condition_pools[plan.drug_class]
        if pool:
            rows = self.rng.sample(pool, min(wanted, len(pool)))
            linked = self.rng.random() < CONDITION_LINK_SHARE
            return [(pk if linked else None, name) for pk, name in rows]
        names = plan.drug_class.conditions
        return [(None, name) for name in self.rng.sample(names, min(wanted, len(names)))]

    def condition_names(self, plan):
        return [name for _, name in plan.conditions]

    def generic_name(self, plan):
        if plan.is_combination:
            return " and ".join(part.name for part in plan.ingredients)
        if plan.drug_class.route == "oral" and self.rng.random() < 0.3:
            return f"{plan.name} {self.rng.choice(SALTS)}"
        return plan.name

    def summary_sentence(self, plan):
        conditions = condition_phrase(self.condition_names(plan))
        if plan.is_combination:
            return f"{plan.name} combines two medicines in one product to treat {conditions}."
        return f"{plan.name} is a {plan.drug_class.label} used to treat {conditions}."

    def usage_extras(self, plan):
        """One or two sentences that follow the summary in the usage text."""
        extras = self.rng.sample(USAGE_EXTRAS, self.rng.randint(1, 2))
        condition = lower_first(self.condition_names(plan)[0])
        return " ".join(extra.format(Name=plan.name, condition=condition) for extra in extras)

    def mechanism_text(self, plan):
        if plan.is_combination:
            return "\n\n".join(
                part.drug_class.mechanism.format(Name=part.name) for part in plan.ingredients
            )
        hours = self.rng.choice((4, 6, 8, 12, 20, 24, 36))
        return (
            plan.drug_class.mechanism.format(Name=plan.name)
            + f" Its effect lasts about {hours} hours after a dose."
        )

    def dosage_notes(self, plan):
        if plan.drug_class.route == "oral":
            return f"{plan.name} can be taken with or without food."
        return "Inject into the thigh, abdomen or upper arm, using a different site each time."

    def spread_edit_dates(self, drug_ids):
        """Created and last-edited dates over the last two years (auto_now set them to now)."""
        created_field = Drug._meta.get_field("created_at")
        updated_field = Drug._meta.get_field("updated_at")
        rows = []
        for pk in drug_ids:
            updated = self.now - EDIT_SPAN * self.rng.random()
            created = updated - timedelta(days=self.rng.uniform(0, 365))
            rows.append(
                (
                    created_field.get_db_prep_value(created, connection),
                    updated_field.get_db_prep_value(updated, connection),
                    pk,
                )
            )
        quote = connection.ops.quote_name
        sql = (
            f"UPDATE {quote(Drug._meta.db_table)} SET {quote(created_field.column)} = %s, "
            f"{quote(updated_field.column)} = %s WHERE {quote(Drug._meta.pk.column)} = %s"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    # Child rows

    def add_child_rows(self, rows, plan):
        for model, model_rows in (
            (Dosage, self.dosage_rows(plan)),
            (DrugSideEffect, self.side_effect_rows(plan)),
            (Precaution, self.precaution_rows(plan)),
            (FAQ, self.faq_rows(plan)),
            (Interaction, self.interaction_rows(plan)),
            (Drug.conditions.through, self.condition_link_rows(plan)),
            (Drug.ingredients.through, self.ingredient_rows(plan)),
        ):
            rows.setdefault(model, []).extend(model_rows)

    def dosage_rows(self, plan):
        """2-5 entries: an adult initial dose, then others for adults or special groups."""
        drug_class = plan.drug_class
        doses = sorted(drug_class.doses)
        options = [
            (Population.ADULTS, "Maintenance dose", doses[len(doses) // 2]),
            (Population.ADULTS, "Maximum dose", doses[-1]),
            (Population.CHILDREN, "Usual dose", doses[0] / 2),
            (Population.OLDER_ADULTS, "Initial dose", doses[0]),
            (Population.RENAL, "Dose adjustment", doses[0]),
        ]
        chosen = sorted(self.rng.sample(range(len(options)), self.rng.randint(1, 4)))
        entries = [(Population.ADULTS, "Initial dose", doses[0])] + [options[i] for i in chosen]
        indication = self.condition_names(plan)[0]
        frequency = self.rng.choice(drug_class.frequencies)
        return [
            {
                "drug_id": plan.pk,
                "order": order,
                "indication": indication if population == Population.ADULTS else "",
                "population": population,
                "label": label,
                "route": drug_class.route,
                "amount": Decimal(format_amount(amount)),
                "unit": drug_class.unit,
                "frequency": frequency,
                "instructions": dosage_instructions(drug_class, population, amount, frequency),
            }
            for order, (population, label, amount) in enumerate(entries)
        ]

    def side_effect_rows(self, plan):
        """5-25 links, popular terms most often, most common tier first."""
        links = []
        for term_id in self.draw_side_effects():
            frequency = self.rng.choices(
                list(FREQUENCY_WEIGHTS), weights=list(FREQUENCY_WEIGHTS.values())
            )[0]
            serious = self.rng.random() < SERIOUS_CHANCE[frequency]
            note = ""
            if self.rng.random() < 0.12:
                note = "get medical help at once" if serious else self.rng.choice(SIDE_EFFECT_NOTES)
            links.append((int(frequency), term_id, serious, note))
        links.sort(key=lambda link: link[0])
        return [
            {
                "drug_id": plan.pk,
                "side_effect_id": term_id,
                "frequency": frequency,
                "serious": serious,
                "note": note,
                "order": order,
            }
            for order, (frequency, term_id, serious, note) in enumerate(links)
        ]

    def draw_side_effects(self):
        """Distinct term ids, drawn by popularity."""
        wanted = min(self.rng.randint(*SIDE_EFFECTS_PER_DRUG), len(self.terms))
        chosen = {}
        while len(chosen) < wanted:
            for term_id in self.rng.choices(
                self.terms, cum_weights=self.term_weights, k=wanted - len(chosen)
            ):
                chosen.setdefault(term_id, None)
        return list(chosen)

    def precaution_rows(self, plan):
        """2-4 precautions: always contraindications, then warnings, pregnancy, interactions."""
        kinds = [Precaution.Kind.CONTRAINDICATION] + self.rng.sample(
            list(PRECAUTION_TOPICS)[1:], self.rng.randint(1, 3)
        )
        kinds.sort(key=list(PRECAUTION_TOPICS).index)
        return [
            {
                "drug_id": plan.pk,
                "order": order,
                "kind": kind,
                "topic": PRECAUTION_TOPICS[kind],
                "text": self.precaution_text(plan, kind),
            }
            for order, kind in enumerate(kinds)
        ]

    def precaution_text(self, plan, kind):
        name = plan.name
        if kind == Precaution.Kind.CONTRAINDICATION:
            return f"Do not use {name} if you are allergic to it or to any of its ingredients."
        if kind == Precaution.Kind.WARNING:
            return self.rng.choice(WARNINGS).format(Name=name, name=name)
        if kind == Precaution.Kind.PREGNANCY:
            return (
                f"Tell your doctor if you are pregnant, planning a pregnancy or breastfeeding. "
                f"{name} should be used in pregnancy only if the benefit outweighs the risk."
            )
        return (
            f"Tell your doctor about all the medicines you take, including those bought "
            f"without a prescription and herbal remedies, as some of them interact with {name}."
        )

    def faq_rows(self, plan):
        condition = lower_first(self.condition_names(plan)[0])
        values = {"name": plan.name, "Name": plan.name, "condition": condition}
        values["label"] = "combination" if plan.is_combination else plan.drug_class.label
        templates = self.rng.sample(FAQ_TEMPLATES, self.rng.randint(3, 6))
        return [
            {
                "drug_id": plan.pk,
                "order": order,
                "question": question.format(**values),
                "answer": answer.format(**values),
            }
            for order, (question, answer) in enumerate(templates)
        ]

    def interaction_rows(self, plan):
        """0-3 other drugs, linked to their monographs (all targets have one)."""
        wanted = self.rng.choice((0, 1, 1, 2, 2, 3))
        targets = {}
        for _ in range(wanted * 3):
            if len(targets) == wanted or len(self.interaction_targets) < 2:
                break
            name, pk = self.rng.choice(self.interaction_targets)
            if pk != plan.pk and name != plan.name:
                targets.setdefault(name, pk)
        rows = []
        for order, (name, pk) in enumerate(targets.items()):
            severity = self.rng.choice(("", "minor", "moderate", "moderate", "major"))
            text = INTERACTION_TEXT[severity].format(Other=name, other=name, name=plan.name)
            rows.append(
                {
                    "drug_id": plan.pk,
                    "order": order,
                    "name": name,
                    "severity": severity,
                    "description": text,
                    "interacting_drug_id": pk,
                }
            )
        return rows

    def condition_link_rows(self, plan):
        return [
            {"drug_id": plan.pk, "condition_id": pk} for pk, _ in plan.conditions if pk is not None
        ]

    def ingredient_rows(self, plan):
        return [{"from_drug_id": plan.pk, "to_drug_id": part.pk} for part in plan.ingredients]


def check_limits(drugs, rows):
    """Synthetic monographs hold no more than an editor or an import may write
    (monographs/limits.py): a change to the templates that breaks that fails here."""
    texts = [getattr(drug, name) for drug in drugs for name in Drug.CONTENT_FIELDS]
    texts += [value for model in rows for row in rows[model] for value in row.values()]
    longest = max((len(text) for text in texts if isinstance(text, str)), default=0)
    if longest > MAX_FIELD_CHARACTERS:
        raise SyntheticCorpusError(
            f"A synthetic text of {longest:,} characters is longer than a field may be "
            f"({MAX_FIELD_CHARACTERS:,})."
        )
    links = Counter(row["drug_id"] for row in rows.get(DrugSideEffect, []))
    if links and max(links.values()) > MAX_SIDE_EFFECT_LINKS:
        raise SyntheticCorpusError(
            f"A synthetic drug links {max(links.values())} side effects; a monograph may "
            f"link {MAX_SIDE_EFFECT_LINKS}."
        )


def dosage_instructions(drug_class, population, amount, frequency):
    dose = f"{format_amount(amount)} {drug_class.unit}"
    route = ROUTE_PHRASES[drug_class.route]
    if population == Population.CHILDREN:
        return f"Children 6 to 17 years: {dose} {route} {frequency}, adjusted to body weight."
    if population == Population.OLDER_ADULTS:
        return f"Start at {dose} {frequency}, since older adults may clear the drug more slowly."
    if population == Population.RENAL:
        return (
            f"If creatinine clearance is below 30 mL/min, do not exceed {dose} {route} {frequency}."
        )
    return f"{dose} {route} {frequency}."


SOURCE_NUMBER = re.compile(rf"^{re.escape(SOURCE_PREFIX)}(\d+)\.md$")


def next_source_number():
    """One more than the highest synthetic/<n>.md in use, so numbers never repeat."""
    numbers = (
        SOURCE_NUMBER.match(path)
        for path in synthetic_drugs().values_list("source_path", flat=True)
    )
    return max((int(match.group(1)) for match in numbers if match), default=0) + 1
