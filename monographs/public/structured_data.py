"""schema.org JSON-LD for a drug page, built from the drug the page has already fetched.

The drug must come from ``Drug.objects.published().with_monograph()`` or
``get_monograph()``: everything read here is prefetched there, so the JSON-LD adds no
query to the page.
"""

import html
from decimal import Decimal

from django.utils.html import strip_tags

from monographs.models import Dosage, Drug, Precaution
from monographs.rendering import render_markdown

WARNING_KINDS = {Precaution.Kind.WARNING, Precaution.Kind.CONTRAINDICATION}
# schema.org's DrugPrescriptionStatus has no value for "both": it is left out then.
PRESCRIPTION_STATUS = {
    Drug.Availability.PRESCRIPTION: "https://schema.org/PrescriptionOnly",
    Drug.Availability.OVER_THE_COUNTER: "https://schema.org/OTC",
}


def plain_text(markdown_text):
    """The visible text of an editor's Markdown: no tags, no entities, one line."""
    text = html.unescape(strip_tags(render_markdown(markdown_text or "")))
    return " ".join(text.split())


def active_ingredients(drug):
    """The ingredient names of a combination ("A + B"), else the drug's own name."""
    if drug.is_combination:
        return [part.strip() for part in drug.name.split("+") if part.strip()]
    return [drug.name]


def _number(value: Decimal):
    """A JSON number for a Decimal: 25 rather than "25.0000"."""
    return int(value) if value == value.to_integral_value() else float(value)


def _dose_schedule(dosage):
    """One DoseSchedule; the label and instructions as text where there is no single
    structured dose."""
    schedule = {"@type": "DoseSchedule"}
    if dosage.label:
        schedule["name"] = dosage.label
    # "General" names no population, so the entry applies to everyone: leave it out.
    if dosage.population != Dosage.Population.GENERAL:
        schedule["targetPopulation"] = dosage.get_population_display()
    # doseValue is one number: a range ("10–20 mg") is told by the text instead.
    single = dosage.amount is not None and dosage.amount_max is None
    if single:
        schedule["doseValue"] = _number(dosage.amount)
    if dosage.unit:
        schedule["doseUnit"] = dosage.unit
    if dosage.frequency:
        schedule["frequency"] = dosage.frequency
    if not single:
        description = ": ".join(filter(None, [dosage.label, plain_text(dosage.instructions)]))
        if not description:
            return None
        schedule["description"] = description
    return schedule


def _sign_or_symptom(link, absolute_url):
    term = link.side_effect
    found = {
        "@type": "MedicalSignOrSymptom",
        "name": term.name,
        "url": absolute_url(term.get_absolute_url()),
    }
    codes = [
        {"@type": "MedicalCode", "codeValue": value, "codingSystem": system}
        for system, value in term.codes()
    ]
    if codes:
        found["code"] = codes[0] if len(codes) == 1 else codes
    return found


def _interacting_drugs(drug, absolute_url):
    """The interacting drugs that have a published monograph here, each once."""
    seen = {}
    for interaction in drug.interactions.all():
        link = interaction.public_link
        if link and link not in seen:
            seen[link] = {
                "@type": "Drug",
                "name": interaction.interacting_drug.name,
                "url": absolute_url(link),
            }
    return list(seen.values())


def drug_jsonld(drug, request):
    """The schema.org ``Drug`` of a monograph as a dict; empty properties are left out."""
    absolute_url = request.build_absolute_uri
    # An unreviewed term has no public page, and no name a reader could rely on.
    links = [link for link in drug.side_effect_links.all() if link.side_effect.is_reviewed]
    schedules = (_dose_schedule(dosage) for dosage in drug.dosages.all())
    data = {
        "@context": "https://schema.org",
        "@type": "Drug",
        "name": drug.name,
        "url": absolute_url(drug.get_absolute_url()),
        "description": drug.summary,
        "nonProprietaryName": drug.generic_name or drug.name,
        "drugClass": {"@type": "DrugClass", "name": drug.drug_class} if drug.drug_class else None,
        "prescriptionStatus": PRESCRIPTION_STATUS.get(drug.availability),
        "activeIngredient": active_ingredients(drug),
        "adverseOutcome": [
            _sign_or_symptom(link, absolute_url) for link in links if not link.serious
        ],
        "seriousAdverseOutcome": [
            _sign_or_symptom(link, absolute_url) for link in links if link.serious
        ],
        "doseSchedule": [schedule for schedule in schedules if schedule],
        "interactingDrug": _interacting_drugs(drug, absolute_url),
        "mechanismOfAction": plain_text(drug.mechanism),
        "warning": [
            f"{precaution}: {plain_text(precaution.text)}"
            for precaution in drug.precautions.all()
            if precaution.kind in WARNING_KINDS
        ],
        "indication": [
            {
                "@type": "MedicalIndication",
                "name": condition.name,
                "url": absolute_url(condition.get_absolute_url()),
            }
            for condition in drug.conditions.all()
        ],
        "dateModified": drug.updated_at.isoformat(),
    }
    return {key: value for key, value in data.items() if value}
