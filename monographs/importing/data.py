"""Plain data of a parsed monograph: what the parser produces and the writer stores."""

from dataclasses import dataclass, field
from decimal import Decimal

from monographs.models import Dosage, DrugSideEffect, Precaution


class MonographError(ValueError):
    """A file that cannot be imported; the message says why, in a user's words."""


@dataclass
class SideEffectMention:
    """A side effect as a monograph names it. From the parser, `term` is the source's own
    words; from a drug (the export), the term's name, and `source_text` the source's
    words when they differ from it."""

    term: str
    note: str = ""
    frequency: int = DrugSideEffect.Frequency.NOT_KNOWN
    serious: bool = False
    source_text: str = ""


@dataclass
class DosageEntry:
    instructions: str
    label: str = ""
    indication: str = ""
    population: str = Dosage.Population.GENERAL
    route: str = ""
    amount: Decimal | None = None
    amount_max: Decimal | None = None  # a range's upper end
    unit: str = ""
    frequency: str = ""


@dataclass
class PrecautionEntry:
    text: str
    topic: str = ""
    kind: str = Precaution.Kind.OTHER


@dataclass
class InteractionEntry:
    name: str
    description: str = ""
    severity: str = ""


@dataclass
class FAQEntry:
    question: str
    answer: str = ""


@dataclass
class Monograph:
    title: str
    front_matter: dict = field(default_factory=dict)
    generic_name: str = ""
    brand_names: str = ""  # comma-separated, as Drug.brand_names
    drug_class: str = ""
    availability: str = ""  # a Drug.Availability value
    summary: str = ""
    usage: str = ""
    dosage_notes: str = ""
    dosages: list[DosageEntry] = field(default_factory=list)
    side_effect_notes: str = ""
    side_effects: list[SideEffectMention] = field(default_factory=list)
    mechanism: str = ""
    precautions: list[PrecautionEntry] = field(default_factory=list)
    interactions: list[InteractionEntry] = field(default_factory=list)
    faqs: list[FAQEntry] = field(default_factory=list)
    interaction_notes: str = ""  # the lead-in that introduces several interactions
    other_notes: str = ""
    editor_notes: str = ""  # text about writing the page: never published
    has_sections: bool = True
    condition_names: list[str] = field(default_factory=list)  # what the usage says it treats
    unstructured_blocks: int = 0  # blocks kept as Markdown because they fit no field

    @property
    def ingredient_names(self):
        """The parts of a combination product's name ("A + B" -> ["A", "B"])."""
        parts = [part.strip() for part in self.title.split("+")]
        return parts if len(parts) > 1 and all(parts) else []
