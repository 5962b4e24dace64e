"""Synthetic monographs in bulk, to measure pages and queries at 20,000 and 100,000 drugs.

The seeds are a few dozen monographs: too few to show a slow query, a missing index or a
listing that degrades with size. The corpus made here has the shape of real content
rather than uniform filler, because that shape is what the queries feel: invented generic
names with real stems ("-sartan", "-mab") and some "A + B" combinations, several dosage
entries, precautions and FAQs per drug, side-effect links whose terms follow a Zipf-like
popularity (headache everywhere, a rare term on a handful of drugs) with realistic
frequency tiers, interactions that link to other monographs, and edit dates spread over
two years.

One seed gives the same names and content for the same starting database. Every drug made
here has a source_path under "synthetic/", so a later run can remove exactly these.
Rows are written in batches (bulk_create for drugs, plain multi-row inserts for the rest),
one transaction per batch: 20,000 drugs take seconds, not minutes.
"""

import random
import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from monographs.db import insert_rows
from monographs.editorial.changes import changed_everything
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
COMBINATION_SHARE = 0.08
CONDITION_LINK_SHARE = 0.7
EDIT_SPAN = timedelta(days=730)
# Zipf exponent of side-effect popularity: the k-th most popular term is drawn 1/k^s as often.
POPULARITY_EXPONENT = 1.05
SIDE_EFFECTS_PER_DRUG = (5, 25)

Frequency = DrugSideEffect.Frequency
Population = Dosage.Population
FREQUENCY_WEIGHTS = {
    Frequency.COMMON: 40,
    Frequency.LESS_COMMON: 35,
    Frequency.RARE: 15,
    Frequency.NOT_STATED: 10,
}
# About 20% serious overall, mostly among the less common and rare.
SERIOUS_CHANCE = {
    Frequency.COMMON: 0.05,
    Frequency.LESS_COMMON: 0.3,
    Frequency.RARE: 0.45,
    Frequency.NOT_STATED: 0.15,
}
# Terms real monographs list most; the rest of the vocabulary follows in a seeded order.
POPULAR_SIDE_EFFECTS = (
    "Headache", "Nausea", "Dizziness", "Diarrhea", "Fatigue (tiredness)", "Vomiting", "Rash",
    "Abdominal pain", "Drowsiness", "Constipation", "Dry mouth", "Insomnia",
    "Pruritus (itching)", "Upset stomach", "Weakness", "Muscle pain", "Joint pain",
    "Back pain", "Loss of appetite", "Indigestion", "Edema (swelling)", "Cough",
    "Sweating", "Fever", "Hypotension (low blood pressure)", "Anxiety", "Flushing",
    "Upper respiratory tract infection", "Weight gain", "Blurred vision",
)  # fmt: skip
SIDE_EFFECT_NOTES = (
    "usually mild", "usually mild and temporary", "mostly in the first weeks of treatment",
    "more likely at higher doses", "tell your doctor if it persists", "may need medical attention",
)  # fmt: skip

ONSETS = (
    "b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "z",
    "br", "cl", "dr", "fl", "pr", "tr", "k", "st", "x", "ch",
)  # fmt: skip
VOWELS = ("a", "a", "e", "e", "i", "o", "o", "u")
SALTS = ("hydrochloride", "sodium", "potassium", "besylate", "maleate", "mesylate", "acetate")


@dataclass(frozen=True)
class DrugClass:
    """A family of drugs: the stems its names end in, and what its monographs say."""

    suffixes: tuple[str, ...]
    label: str
    conditions: tuple[str, ...]
    mechanism: str
    doses: tuple[float, ...]
    frequencies: tuple[str, ...]
    route: str = "oral"
    unit: str = "mg"


DRUG_CLASSES = (
    DrugClass(
        ("umab", "zumab", "ximab", "lizumab"),
        "monoclonal antibody",
        ("rheumatoid arthritis", "plaque psoriasis", "Crohn's disease", "multiple sclerosis"),
        "{Name} is an antibody that attaches to one protein of the immune system and blocks "
        "its signal. Damping this signal calms the inflammation that drives the disease.",
        (40, 80, 100, 150, 300),
        ("every 2 weeks", "every 4 weeks", "once a month"),
        route="subcutaneous",
    ),
    DrugClass(
        ("tinib", "anib", "rafenib"),
        "kinase inhibitor",
        ("chronic myeloid leukaemia", "non-small cell lung cancer", "kidney cancer"),
        "{Name} blocks kinases, enzymes that pass growth signals inside cancer cells. Without "
        "these signals the cells divide more slowly and many of them die.",
        (50, 100, 150, 200, 400),
        ("once daily", "twice daily"),
    ),
    DrugClass(
        ("opril", "april", "ipril"),
        "ACE inhibitor",
        ("high blood pressure", "heart failure", "diabetic kidney disease"),
        "{Name} blocks angiotensin-converting enzyme, which makes the hormone angiotensin II. "
        "With less of it, blood vessels relax, blood pressure falls and the heart pumps more "
        "easily.",
        (2.5, 5, 10, 20, 40),
        ("once daily", "twice daily"),
    ),
    DrugClass(
        ("sartan", "esartan"),
        "angiotensin II receptor blocker",
        ("high blood pressure", "heart failure", "diabetic kidney disease"),
        "{Name} blocks the receptor that angiotensin II acts on. Blood vessels widen and the "
        "kidneys release more salt and water, so blood pressure falls.",
        (25, 50, 80, 160, 300),
        ("once daily",),
    ),
    DrugClass(
        ("vastatin", "astatin"),
        "statin",
        ("high cholesterol", "prevention of heart attack and stroke"),
        "{Name} blocks HMG-CoA reductase, the liver enzyme that makes cholesterol. The liver "
        "then takes up more LDL cholesterol from the blood.",
        (5, 10, 20, 40, 80),
        ("once daily", "once daily at bedtime"),
    ),
    DrugClass(
        ("olol", "alol", "ilol"),
        "beta blocker",
        ("high blood pressure", "angina", "atrial fibrillation", "migraine prevention"),
        "{Name} blocks beta receptors in the heart, the targets of adrenaline. The heart beats "
        "more slowly and with less force, which lowers blood pressure and its need for oxygen.",
        (12.5, 25, 50, 100),
        ("once daily", "twice daily"),
    ),
    DrugClass(
        ("conazole", "azole"),
        "azole antifungal",
        ("vaginal thrush", "fungal nail infection", "oral candidiasis", "aspergillosis"),
        "{Name} blocks an enzyme fungi need to make ergosterol, a building block of their cell "
        "membrane. The weakened membrane leaks and the fungus stops growing.",
        (50, 100, 150, 200, 400),
        ("once daily", "twice daily", "once a week"),
    ),
    DrugClass(
        ("cillin", "acillin", "oxacillin"),
        "penicillin antibiotic",
        ("ear infections", "strep throat", "pneumonia", "skin infections"),
        "{Name} stops bacteria from building their cell wall. The bacteria burst and die as "
        "they grow.",
        (250, 500, 875, 1000),
        ("every 8 hours", "every 12 hours"),
    ),
    DrugClass(
        ("mycin", "romycin", "thromycin"),
        "macrolide antibiotic",
        ("pneumonia", "sinusitis", "whooping cough", "chlamydia"),
        "{Name} binds to bacterial ribosomes and stops bacteria from making the proteins they "
        "need to grow. The immune system then clears the infection.",
        (250, 500),
        ("once daily", "twice daily"),
    ),
    DrugClass(
        ("prazole", "eprazole"),
        "proton pump inhibitor",
        ("heartburn", "gastro-oesophageal reflux disease", "stomach ulcers"),
        "{Name} switches off the proton pumps in the stomach lining that release acid. With "
        "less acid, the lining of the oesophagus and stomach can heal.",
        (10, 20, 40),
        ("once daily before breakfast", "twice daily"),
    ),
    DrugClass(
        ("glutide", "natide", "tide"),
        "GLP-1 receptor agonist",
        ("type 2 diabetes", "obesity"),
        "{Name} acts like the gut hormone GLP-1. It helps the pancreas release insulin when "
        "blood sugar is high, slows the emptying of the stomach and reduces appetite.",
        (0.25, 0.5, 1, 2.4),
        ("once a week", "once daily"),
        route="subcutaneous",
    ),
    DrugClass(
        ("previr", "navir", "ovir", "asvir"),
        "antiviral",
        ("HIV infection", "hepatitis C", "herpes simplex infections", "shingles"),
        "{Name} blocks an enzyme the virus needs to copy itself. The amount of virus in the "
        "body falls, which gives the immune system the upper hand.",
        (100, 200, 400, 500, 800),
        ("once daily", "twice daily", "every 8 hours"),
    ),
    DrugClass(
        ("dipine", "odipine"),
        "calcium channel blocker",
        ("high blood pressure", "angina", "Raynaud's phenomenon"),
        "{Name} stops calcium from entering the muscle cells of blood vessel walls. The "
        "vessels relax and widen, which lowers blood pressure.",
        (2.5, 5, 10),
        ("once daily",),
    ),
    DrugClass(
        ("gliptin", "agliptin"),
        "DPP-4 inhibitor",
        ("type 2 diabetes",),
        "{Name} blocks DPP-4, the enzyme that breaks down incretin hormones. The incretins "
        "last longer and help the pancreas release insulin after meals.",
        (2.5, 5, 50, 100),
        ("once daily",),
    ),
    DrugClass(
        ("floxacin", "oxacin"),
        "fluoroquinolone antibiotic",
        ("urinary tract infections", "pneumonia", "traveller's diarrhoea"),
        "{Name} blocks DNA gyrase, an enzyme bacteria need to copy their DNA, so they cannot "
        "multiply.",
        (250, 500, 750),
        ("once daily", "twice daily"),
    ),
    DrugClass(
        ("triptan",),
        "triptan",
        ("migraine", "cluster headache"),
        "{Name} acts on serotonin receptors of blood vessels and nerves in the head. It "
        "narrows widened vessels and blocks the release of substances that cause migraine pain.",
        (2.5, 5, 50, 100),
        ("at the start of a migraine, repeated after 2 hours if needed",),
    ),
    DrugClass(
        ("lukast",),
        "leukotriene receptor antagonist",
        ("asthma", "allergic rhinitis"),
        "{Name} blocks leukotrienes, chemicals that narrow and inflame the airways during an "
        "asthma or allergy attack.",
        (4, 5, 10),
        ("once daily in the evening",),
    ),
    DrugClass(
        ("parin", "aparin"),
        "low-molecular-weight heparin",
        ("deep vein thrombosis", "pulmonary embolism", "blood clots after surgery"),
        "{Name} boosts antithrombin, the body's own brake on clotting, so new clots form less "
        "easily.",
        (20, 40, 60, 80),
        ("once daily", "twice daily"),
        route="subcutaneous",
    ),
    DrugClass(
        ("dronate", "edronate"),
        "bisphosphonate",
        ("osteoporosis", "Paget's disease of bone"),
        "{Name} attaches to bone and slows the cells that break it down. Bone density slowly "
        "increases and fractures become less likely.",
        (5, 35, 70, 150),
        ("once a week", "once a month"),
    ),
    DrugClass(
        ("zepam", "zolam"),
        "benzodiazepine",
        ("anxiety", "insomnia", "seizures"),
        "{Name} strengthens the effect of GABA, the brain's main calming messenger. Nerve "
        "activity settles, which eases anxiety and helps sleep.",
        (0.5, 1, 2, 5, 10),
        ("two to three times daily", "at bedtime"),
    ),
    DrugClass(
        ("oxetine", "aloxetine"),
        "selective serotonin reuptake inhibitor",
        ("depression", "generalised anxiety disorder", "panic disorder"),
        "{Name} stops nerve cells from taking serotonin back up, so more of it stays available "
        "between them. Mood and anxiety improve gradually over several weeks.",
        (10, 20, 40),
        ("once daily",),
    ),
    DrugClass(
        ("tadine", "astine"),
        "antihistamine",
        ("hay fever", "hives", "allergic conjunctivitis"),
        "{Name} blocks H1 receptors, so the histamine released in an allergic reaction cannot "
        "cause itching, sneezing or swelling.",
        (5, 10, 20),
        ("once daily",),
    ),
)

ROUTE_PHRASES = {
    "oral": "by mouth",
    "subcutaneous": "as an injection under the skin",
}
USAGE_EXTRAS = (
    "It can be used alone or together with other medicines for {condition}.",
    "It does not cure {condition}, but it helps to keep it under control.",
    "{Name} is used in adults and, for some conditions, in children.",
    "Your doctor will decide how long you need to take it.",
    "It is usually started at a low dose that is increased over a few weeks.",
)
WARNINGS = (
    "{Name} can cause dizziness; do not drive or use machines until you know how it affects you.",
    "Liver function should be checked before and during treatment with {name}.",
    "Use with caution in people with kidney or liver disease; a lower dose may be needed.",
    "Stop taking {name} and get medical help at once if you have signs of a severe "
    "allergic reaction, such as swelling of the face or difficulty breathing.",
    "Older adults may be more sensitive to the side effects of {name}.",
)
FAQ_TEMPLATES = (
    (
        "How long does {name} take to work?",
        "Some effect is usually seen within days, but the full benefit may take a few weeks.",
    ),
    (
        "What should I do if I miss a dose of {name}?",
        "Take it as soon as you remember, unless it is nearly time for the next dose. Never "
        "take two doses at once.",
    ),
    (
        "Can I drink alcohol while taking {name}?",
        "Alcohol can make some side effects, such as dizziness, worse. Keep to small amounts "
        "and ask your doctor.",
    ),
    (
        "Can {name} be taken with food?",
        "Yes. {Name} can be taken with or without food, at the same time each day.",
    ),
    (
        "Is {name} safe during pregnancy?",
        "Ask your doctor: the benefit must be weighed against possible risks to the baby.",
    ),
    (
        "Can I stop taking {name} suddenly?",
        "Talk to your doctor first. Stopping suddenly may bring back the symptoms of {condition}.",
    ),
    (
        "How should I store {name}?",
        "Keep it at room temperature, away from moisture and out of the reach of children.",
    ),
    (
        "Does {name} cause weight gain?",
        "Weight changes are possible but not common. Tell your doctor if your weight changes "
        "a lot.",
    ),
    (
        "Is {name} used for {condition}?",
        "Yes. {Name} is a {label} used to treat {condition}.",
    ),
)
PRECAUTION_TOPICS = {
    Precaution.Kind.CONTRAINDICATION: "Contraindications",
    Precaution.Kind.WARNING: "Warnings",
    Precaution.Kind.PREGNANCY: "Pregnancy and breastfeeding",
    Precaution.Kind.INTERACTION: "Interactions",
}
INTERACTION_TEXT = {
    "": "{Other} may change how {name} works; your doctor may adjust the dose.",
    "minor": "{Other} may slightly change the level of {name} in the blood.",
    "moderate": "{Other} can raise the level of {name} in the blood and add to its side "
    "effects; the dose may need to be changed.",
    "major": "Taking {other} with {name} can cause serious side effects; avoid the "
    "combination unless your doctor advises it.",
}


class SyntheticCorpusError(Exception):
    """Synthetic monographs cannot be made in this database; the message says why."""


@dataclass
class PlannedDrug:
    """A drug to create: its name, class, and for a combination, its ingredients' plans."""

    name: str
    slug: str
    drug_class: DrugClass
    ingredients: tuple["PlannedDrug", ...] = ()
    pk: int | None = None
    conditions: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def is_combination(self):
        return bool(self.ingredients)


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


# Names


def invent_stem(rng):
    """A pronounceable stem of two or three syllables ("ravo", "teleni")."""
    syllables = 2 if rng.random() < 0.7 else 3
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)]
    if rng.random() < 0.15:
        parts[0] = rng.choice(VOWELS)
    return "".join(parts)


def join_stem(stem, suffix):
    """Stem + suffix without a doubled letter or a vowel clash ("ravo" + "azole" -> "ravazole")."""
    if stem[-1] == suffix[0] or (stem[-1] in "aeiou" and suffix[0] in "aeiou"):
        stem = stem[:-1]
    return (stem + suffix).capitalize()


def invent_name(rng, drug_class):
    return join_stem(invent_stem(rng), rng.choice(drug_class.suffixes))


def plan_drugs(rng, count, taken_slugs):
    """Unique names for count drugs; about 8% are "A + B" of two earlier single drugs.

    taken_slugs is updated with every slug planned.
    """
    plans, singles = [], []
    while len(plans) < count:
        if len(singles) >= 2 and rng.random() < COMBINATION_SHARE:
            plan = plan_combination(rng, singles, taken_slugs)
        else:
            plan = plan_single(rng, taken_slugs)
            singles.append(plan)
        if plan is not None:
            taken_slugs.add(plan.slug)
            plans.append(plan)
    return plans


def plan_single(rng, taken_slugs):
    drug_class = rng.choice(DRUG_CLASSES)
    while True:
        name = invent_name(rng, drug_class)
        slug = Drug.slug_for(name)
        if slug not in taken_slugs:
            return PlannedDrug(name, slug, drug_class)


def plan_combination(rng, singles, taken_slugs):
    """Two different single drugs as "A + B", or None when that name is taken."""
    first, second = rng.sample(singles, 2)
    name = f"{first.name} + {second.name}"
    slug = Drug.slug_for(name)
    if slug in taken_slugs:
        return None
    return PlannedDrug(name, slug, first.drug_class, ingredients=(first, second))


# Side-effect popularity


def rank_side_effects(rng, terms):
    """Term ids, most popular first: the usual suspects, then reviewed terms in a seeded order.

    terms are (pk, name, is_reviewed). Unreviewed terms (often odd phrases an import could
    not resolve) are used only when there are too few reviewed ones, and come last.
    """
    popular = {name: rank for rank, name in enumerate(POPULAR_SIDE_EFFECTS)}
    head = sorted((t for t in terms if t[1] in popular), key=lambda t: popular[t[1]])
    reviewed = [t for t in terms if t[1] not in popular and t[2]]
    unreviewed = [t for t in terms if t[1] not in popular and not t[2]]
    rng.shuffle(reviewed)
    rng.shuffle(unreviewed)
    ranked = head + reviewed
    if len(ranked) < SIDE_EFFECTS_PER_DRUG[1]:
        ranked += unreviewed
    return [pk for pk, _, _ in ranked]


def zipf_cumulative_weights(count):
    """Cumulative weights for random.choices: rank k is drawn 1/k^s as often as rank 1."""
    weights, total = [], 0.0
    for rank in range(1, count + 1):
        total += rank**-POPULARITY_EXPONENT
        weights.append(total)
    return weights


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
