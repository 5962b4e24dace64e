"""What the API answers, as pydantic schemas: the OpenAPI schema is generated from these,
and every response is validated against them."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class Schema(BaseModel):
    """Every answer is built as plain data, so plain pydantic models validate it: ninja's
    Schema wraps every value to read ORM objects attribute by attribute, which cost the
    drug endpoint about half a millisecond of its ten and is not needed here."""


class Error(Schema):
    detail: str = Field(description="What was wrong, in words.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="For a bad parameter: its name and the messages."
    )


class Page(Schema):
    count: int = Field(description="How many results in all pages.")
    page: int
    pages: int = Field(description="How many pages.")
    page_size: int


class Link(Schema):
    """Another published thing, by name and slug."""

    name: str
    slug: str


class Codes(Schema):
    hpo_id: str | None = Field(description="Human Phenotype Ontology, e.g. HP:0002315.")
    umls_cui: str | None
    meddra_code: str | None


class DrugSummary(Schema):
    name: str
    slug: str
    summary: str
    url: str = Field(description="The monograph's page on this site.")


class DrugList(Page):
    results: list[DrugSummary]


class DosageEntry(Schema):
    indication: str
    population: str
    population_label: str
    label: str
    route: str
    amount: float | None = Field(description="The dose, or the lower end of a range.")
    amount_max: float | None = Field(description="The upper end of a range, else null.")
    unit: str
    frequency: str
    dose: str = Field(description="The structured dose in words: amount, frequency, route.")
    instructions: str = Field(description="Markdown.")


class SideEffectLink(Schema):
    term: str = Field(
        description="The vocabulary term, or the source's words where the term is not yet reviewed."
    )
    slug: str | None = Field(description="The term's slug; null for a term not yet reviewed.")
    codes: Codes | None
    tier: str = Field(description="How common, on the CIOMS scale: very-common … not-known.")
    tier_in_words: str
    serious: bool
    note: str


class Precaution(Schema):
    topic: str
    kind: str
    text: str = Field(description="Markdown.")


class Interaction(Schema):
    name: str = Field(description="The other drug or drug class as named.")
    severity: str = Field(description="minor, moderate, major, or empty: not stated.")
    description: str = Field(description="Markdown.")
    drug: Link | None = Field(description="The other drug's monograph, when one is published.")


class Faq(Schema):
    question: str
    answer: str = Field(description="Markdown.")


class MedicalReview(Schema):
    reviewed_at: datetime
    reviewed_by: str


class Monograph(Schema):
    name: str
    slug: str
    url: str
    generic_name: str
    drug_class: str = Field(description="As the monograph states it; blank when it does not.")
    availability: Literal["", "prescription", "over_the_counter", "both"] = Field(
        description="Prescription only, over the counter, or both (over the counter at a "
        "lower strength); blank when the monograph does not say."
    )
    summary: str
    usage: str = Field(description="Markdown, as are the other texts.")
    dosage_notes: str
    dosage: list[DosageEntry]
    side_effect_notes: str
    side_effects: list[SideEffectLink]
    mechanism: str
    precautions: list[Precaution]
    interactions: list[Interaction]
    faqs: list[Faq]
    other_notes: str
    conditions: list[Link]
    is_combination: bool
    ingredients: list[Link] = Field(description="A combination's single-ingredient monographs.")
    combinations: list[Link] = Field(description="The combination products containing it.")
    last_medical_review: MedicalReview | None
    published_at: datetime | None
    updated_at: datetime


class SideEffectMatch(Schema):
    name: str
    slug: str
    matched: str = Field(description="The name or alias the words matched.")
    score: float
    drug_count: int = Field(description="Published drugs that list it.")
    url: str


class SideEffectSearch(Schema):
    query: str
    results: list[SideEffectMatch]


class NearbyTerm(Schema):
    name: str
    slug: str
    distance: int = Field(description="Steps in HPO's hierarchy: 1 is the parent or a child.")


class DrugListing(Schema):
    """A published drug as a side effect's page lists it."""

    drug: Link
    side_effect: Link = Field(description="The term it lists: this one, or a narrower one.")
    tier: str
    tier_in_words: str
    serious: bool
    note: str


class SideEffectDetail(Page):
    term: str
    slug: str
    url: str
    description: str
    body_system: str
    codes: Codes
    broader: list[NearbyTerm]
    narrower: list[NearbyTerm]
    results: list[DrugListing] = Field(description="Its drugs, most common first, then by name.")


class ComparisonCell(Schema):
    tier: str
    tier_in_words: str
    serious: bool
    note: str


class ComparisonRow(Schema):
    drug: Link
    side_effect_count: int
    common_side_effect_count: int
    cells: list[ComparisonCell | None] = Field(
        description="One per column, in their order; null where the drug does not list it."
    )


class ConditionComparison(Page):
    name: str
    slug: str
    url: str
    description: str = Field(description="Markdown.")
    sort: str
    side_effects: list[Link] = Field(description="The columns: what most of its drugs list.")
    results: list[ComparisonRow] = Field(description="The rows: this page of its drugs.")
