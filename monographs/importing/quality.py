"""The quality report: how much of what the monographs say the import kept as facts
(side-effect links, tiers, interactions, precautions, dose amounts), counted over the
database.

`manage.py monograph_quality` reports on every monograph; each `import_monographs` run
ends with the report on the monographs it wrote. The counts come from a few aggregate
queries for each batch of drugs; interaction names are compared in Python, in one pass
over them (`interaction_checks`), and so is the side-effect text of the drugs that may
have lost their links or tiers (`side_effect_checks`).
"""

import json
import re
from dataclasses import asdict, dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, Length

from monographs.importing.interaction_checks import interaction_counts
from monographs.importing.side_effect_checks import gives_a_tier, lists_side_effects
from monographs.models import Dosage, Drug, DrugSideEffect, Precaution, SideEffect

# The tier of a link whose source states none ("not known" on the CIOMS scale).
NOT_KNOWN = DrugSideEffect.Frequency.NOT_KNOWN

# The patterns below run in the database: SQLite (Python's re) and PostgreSQL read them
# alike, and case-insensitively (__iregex).

# A word that names a frequency tier: "Common", "less common", "rarely", "infrequent".
TIER_WORDS = (
    "common", "commonly", "uncommon", "frequent", "frequently", "infrequent", "infrequently",
    "rare", "rarely", "occasional", "occasionally",
)  # fmt: skip
NAMES_A_TIER = rf"(^|[^a-zA-Z])({'|'.join(TIER_WORDS)})([^a-zA-Z]|$)"
TIER_PATTERN = re.compile(NAMES_A_TIER, re.IGNORECASE)

# A dose amount stated in text: a number, then a unit ("10 mg", "0.5mL", "2 drops", "1%").
AMOUNT_UNITS = (
    "mg", "mcg", "µg", "μg", "g", "grams?", "milligrams?", "micrograms?", "ml", "millilit(er|re)s?",
    "lit(er|re)s?", "iu", "units?", "mmol", "meq", "%", "drops?", "tablets?", "capsules?",
    "puffs?", "sprays?", "sachets?", "patch(es)?", "teaspoons?", "tablespoons?", "tsp",
)  # fmt: skip
STATES_AN_AMOUNT = rf"[0-9]\s*({'|'.join(AMOUNT_UNITS)})([^a-zA-Z]|$)"

# Drugs a query names by id: SQLite allows as few as 999 variables in a statement.
BATCH = 900


@dataclass
class QualityReport:
    """The figures as counts, for the whole database or the monographs one import wrote."""

    scope: str = "database"  # or "import"
    monographs: int = 0
    side_effect_links: int = 0
    links_on_reviewed_terms: int = 0
    links_on_hpo_coded_terms: int = 0
    # The database's unreviewed terms; for an import, the ones it created.
    unreviewed_terms: int = 0
    files_read: int | None = None  # an import's
    # Drugs with no link whose side-effect text lists side effects (not one that only says
    # none is known).
    drugs_with_side_effect_text_but_no_link: int = 0
    links_tier_not_stated: int = 0
    # Drugs with links, all "not stated", where a link's note names a tier, or a sentence of
    # the side-effect notes that names or lists side effects (not "Serious ones are rare").
    drugs_all_links_not_stated_though_tier_named: int = 0
    interactions: int = 0
    interactions_naming_own_drug: int = 0
    interaction_duplicate_pairs: int = 0
    interactions_unbalanced_brackets: int = 0
    precautions: int = 0
    precautions_without_topic: int = 0
    dosage_entries: int = 0
    dosage_entries_stating_amount: int = 0
    # Among those stating one.
    dosage_entries_with_structured_amount: int = 0
    more_information_drugs: int = 0
    more_information_characters: int = 0
    # Blocks are known from an import's parse; the database keeps their text only.
    more_information_blocks: int | None = None

    def add(self, counts):
        for name, count in counts.items():
            setattr(self, name, getattr(self, name) + count)

    @property
    def unreviewed_terms_per(self):
        """What "per 1,000" counts: the files an import read, or the monographs."""
        return "files read" if self.files_read is not None else "monographs"

    def as_dict(self):
        """The counts and the shares worked out from them (None where nothing to divide)."""
        per = self.files_read if self.files_read is not None else self.monographs
        return {
            **asdict(self),
            "links_on_reviewed_terms_percent": percent(
                self.links_on_reviewed_terms, self.side_effect_links
            ),
            "links_on_hpo_coded_terms_percent": percent(
                self.links_on_hpo_coded_terms, self.side_effect_links
            ),
            "unreviewed_terms_per_1000": ratio(1000 * self.unreviewed_terms, per),
            "unreviewed_terms_per_1000_of": self.unreviewed_terms_per,
            "links_tier_not_stated_percent": percent(
                self.links_tier_not_stated, self.side_effect_links
            ),
            "precautions_without_topic_percent": percent(
                self.precautions_without_topic, self.precautions
            ),
            "dosage_structured_amount_percent": percent(
                self.dosage_entries_with_structured_amount, self.dosage_entries_stating_amount
            ),
        }

    def as_json(self):
        return json.dumps(self.as_dict(), indent=2)

    def lines(self):
        """The report as an aligned table, one figure a line."""
        new = "New unreviewed" if self.scope == "import" else "Unreviewed"
        per_1000 = shown(self.as_dict()["unreviewed_terms_per_1000"])
        more_information = (
            f"{self.more_information_drugs:,} drugs, {self.more_information_characters:,} "
            "characters"
        )
        if self.more_information_blocks is not None:
            more_information += f", {self.more_information_blocks:,} blocks"
        links = self.side_effect_links
        rows = [
            ("Side-effect links on reviewed terms", share(self.links_on_reviewed_terms, links)),
            ("Side-effect links on HPO-coded terms", share(self.links_on_hpo_coded_terms, links)),
            (
                f"{new} side-effect terms",
                f"{self.unreviewed_terms:,} ({per_1000} per 1,000 {self.unreviewed_terms_per})",
            ),
            (
                "Drugs with side-effect text but no link",
                f"{self.drugs_with_side_effect_text_but_no_link:,}",
            ),
            ('Links with tier "not stated"', share(self.links_tier_not_stated, links)),
            (
                'Drugs naming tiers, every link "not stated"',
                f"{self.drugs_all_links_not_stated_though_tier_named:,}",
            ),
            (
                "Interactions naming the drug or its ingredient",
                f"{self.interactions_naming_own_drug:,} of {self.interactions:,}",
            ),
            ("Duplicate interaction pairs", f"{self.interaction_duplicate_pairs:,}"),
            (
                "Interactions with unbalanced brackets",
                f"{self.interactions_unbalanced_brackets:,} of {self.interactions:,}",
            ),
            ("Precautions with no topic", share(self.precautions_without_topic, self.precautions)),
            (
                "Dosage entries stating an amount: structured",
                share(
                    self.dosage_entries_with_structured_amount, self.dosage_entries_stating_amount
                ),
            ),
            ('Text in "More information"', more_information),
        ]
        width = max(len(label) for label, _ in rows)
        whose = "this import wrote" if self.scope == "import" else "in the database"
        return [f"Quality of the {self.monographs:,} monographs {whose}:"] + [
            f"  {label:<{width}}  {value}" for label, value in rows
        ]


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def ratio(part, whole):
    return round(part / whole, 1) if whole else None


def shown(number):
    return "–" if number is None else f"{number:,}"


def share(part, whole):
    return f"{part:,} of {whole:,} ({shown(percent(part, whole))} %)"


def database_report():
    """The report on every monograph (one row each: working drafts left out)."""
    report = QualityReport(unreviewed_terms=SideEffect.objects.filter(is_reviewed=False).count())
    report.add(measure(Drug.objects.without_working_drafts()))
    return report


def import_report(drug_ids, run):
    """The report on the monographs an import run wrote (their ids), with the terms it
    created per file it read (run: its importing.report.ImportReport)."""
    report = QualityReport(
        scope="import",
        unreviewed_terms=run.new_terms,
        files_read=len(run.results),
        more_information_blocks=run.unstructured_blocks,
    )
    ids = sorted(drug_ids)
    for start in range(0, len(ids), BATCH):
        drugs = Drug.objects.without_working_drafts().filter(pk__in=ids[start : start + BATCH])
        report.add(measure(drugs))
    return report


def measure(drugs):
    """The counts of a QualityReport for the monographs of a Drug queryset."""
    links = DrugSideEffect.objects.filter(drug__in=drugs).aggregate(
        side_effect_links=Count("pk"),
        links_on_reviewed_terms=Count("pk", filter=Q(side_effect__is_reviewed=True)),
        links_on_hpo_coded_terms=Count("pk", filter=Q(side_effect__hpo__isnull=False)),
        links_tier_not_stated=Count("pk", filter=Q(frequency=NOT_KNOWN)),
    )
    monographs = drugs.aggregate(
        monographs=Count("pk"),
        more_information_drugs=Count("pk", filter=~Q(other_notes="")),
        more_information_characters=Coalesce(Sum(Length("other_notes")), 0),
    )
    monographs.update(side_effect_text_counts(drugs))
    precautions = Precaution.objects.filter(drug__in=drugs).aggregate(
        precautions=Count("pk"), precautions_without_topic=Count("pk", filter=Q(topic=""))
    )
    dosages = Dosage.objects.filter(drug__in=drugs)
    # The pattern filters, so that it runs once an entry (not once a count).
    dosage = dosages.filter(instructions__iregex=STATES_AN_AMOUNT).aggregate(
        dosage_entries_stating_amount=Count("pk"),
        dosage_entries_with_structured_amount=Count("pk", filter=Q(amount__isnull=False)),
    )
    dosage["dosage_entries"] = dosages.count()
    return {**links, **monographs, **precautions, **dosage, **interaction_counts(drugs)}


def side_effect_text_counts(drugs):
    """The drugs whose side-effect text lists side effects but that have no link, and those
    whose every link is "not stated" though a link's note, or a sentence of the text about
    side effects, names a tier (side_effect_checks). The database finds the candidates;
    their text is read in Python, in two queries."""
    own_links = DrugSideEffect.objects.filter(drug=OuterRef("pk"))
    all_not_stated = Exists(own_links) & ~Exists(own_links.exclude(frequency=NOT_KNOWN))
    candidates = drugs.filter(
        (~Q(side_effect_notes="") & ~Exists(own_links))
        | (all_not_stated & Q(side_effect_notes__iregex=NAMES_A_TIER))
    ).annotate(linked=Exists(own_links))
    in_link_notes = drugs.filter(
        all_not_stated & Exists(own_links.filter(note__iregex=NAMES_A_TIER))
    ).values_list("pk", flat=True)
    tier_lost = set(in_link_notes)
    unlinked = 0
    for pk, text, linked in candidates.values_list("pk", "side_effect_notes", "linked"):
        if not linked:
            unlinked += lists_side_effects(text)
        elif gives_a_tier(text, TIER_PATTERN):
            tier_lost.add(pk)
    return {
        "drugs_with_side_effect_text_but_no_link": unlinked,
        "drugs_all_links_not_stated_though_tier_named": len(tier_lost),
    }
