"""Interactions, precautions, dosage, FAQs and long titles, shape by shape (issue 13,
points 7 to 11), from monographs written here in each shape, with the negative cases."""

import json
import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from monographs.importing.data import MonographError
from monographs.importing.parser import parse_monograph
from monographs.models import Dosage, Drug, Precaution
from tests.conftest import write_monograph
from tests.test_commands import run_import

Kind = Precaution.Kind
Population = Dosage.Population


def parse(body, title="Testazol"):
    return parse_monograph(f"---\ntitle: {title}\n---\n\n# {title}\n{body}".encode())


def interactions(body, title="Testazol"):
    return {i.name: i.description for i in parse(body, title).interactions}


# --- interactions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("Avoid NSAIDs (non-steroidal anti-inflammatory drugs) with it.", "NSAIDs"),
        ("Use caution with blood thinners (anticoagulants).", "Blood thinners"),
        ("Do not combine with MAOIs (monoamine oxidase inhibitors).", "MAOIs"),
        (
            "Do not combine with monoamine oxidase inhibitors (MAOIs).",
            "Monoamine oxidase inhibitors",
        ),
    ],
)
def test_a_gloss_is_one_interaction_and_stays_in_its_text(sentence, name):
    assert interactions(f"### Interactions\n{sentence}\n") == {name: sentence}


def test_an_acronym_and_its_words_in_two_sentences_are_one_interaction():
    found = interactions(
        "### Precautions\n* **Interactions:** NSAIDs raise the risk of bleeding. "
        "Nonsteroidal anti-inflammatory drugs also harm the kidneys.\n"
    )
    assert list(found) == ["NSAIDs"]
    assert "harm the kidneys" in found["NSAIDs"]


def test_examples_in_brackets_are_interactions_of_their_own():
    found = interactions(
        "### Interactions\nAvoid anticoagulants (warfarin) and blood thinners (like heparin).\n"
    )
    assert set(found) == {"Anticoagulants", "Warfarin", "Blood thinners", "Heparin"}


def test_advice_about_other_medicines_is_no_interaction():
    monograph = parse(
        "### Precautions\n* **Drug Interactions:** Tell your doctor about all other "
        "medications, over-the-counter medicines and herbal supplements you take.\n"
    )
    assert monograph.interactions == []
    assert "herbal supplements" in monograph.precautions[0].text


def test_advice_that_names_a_drug_gives_that_drug():
    found = interactions(
        "### Precautions\n* **Drug Interactions:** Herbal supplements such as "
        "St. John's wort lower its levels.\n"
    )
    assert list(found) == ["St. John's wort"]


def test_an_advice_label_keeps_its_text_and_gives_the_drugs_it_names():
    monograph = parse(
        "### Interactions\n* **Herbal supplements:** St. John's wort lowers its levels.\n"
        "* **Other medications:** Ask your pharmacist.\n* **Digoxin:** Levels rise.\n"
    )
    assert [(i.name, i.description) for i in monograph.interactions] == [
        ("St. John's wort", "Herbal supplements: St. John's wort lowers its levels."),
        ("Digoxin", "Levels rise."),
    ]
    kept = [(p.topic, p.kind, p.text) for p in monograph.precautions]
    assert kept == [
        (
            "Interactions",
            Kind.INTERACTION,
            "**Herbal supplements:** St. John's wort lowers its levels.",
        ),
        ("Interactions", Kind.INTERACTION, "**Other medications:** Ask your pharmacist."),
    ]


@pytest.mark.parametrize(
    "title, text, expected",
    [
        ("Warfarin Sodium", "Warfarin and aspirin raise the bleeding risk.", {"Aspirin"}),
        ("Calcium Carbonate + Vitamin D3", "Avoid calcium supplements and digoxin.", {"Digoxin"}),
        ("Lidocaine/ Lignocaine (Topical)", "Avoid lidocaine and amiodarone.", {"Amiodarone"}),
        ("Pancreatin + Charcoal", "Avoid activated charcoal and iron.", {"Iron"}),
        # Not an ingredient: a drug class that starts with the same word.
        (
            "Calcium Carbonate",
            "Calcium channel blockers work less well.",
            {"Calcium channel blockers"},
        ),
    ],
)
def test_a_drug_never_interacts_with_itself_or_its_ingredients(title, text, expected):
    assert set(interactions(f"### Interactions\n{text}\n", title)) == expected


def test_a_label_naming_the_drug_itself_is_kept_as_text():
    monograph = parse("### Interactions\n* **Testazol:** Lithium works less well with it.\n")
    assert [i.name for i in monograph.interactions] == ["Lithium"]
    assert monograph.precautions[0].text == "**Testazol:** Lithium works less well with it."


def test_the_generic_name_is_the_drug_itself_too():
    found = interactions(
        "### Generic Name\nParacetamol\n\n### Interactions\nAvoid paracetamol and alcohol.\n",
        "Fevernil",
    )
    assert set(found) == {"Alcohol"}


def test_names_never_reach_across_a_bracket():
    found = interactions(
        "### Interactions\nAvoid alcohol and other central nervous system (CNS) depressants "
        "(sedatives, tranquilizers).\n"
    )
    assert set(found) == {
        "Alcohol",
        "Central nervous system depressants",
        "Sedatives",
        "Tranquilizers",
    }
    names = [name for name in found]
    assert all(name.count("(") == name.count(")") for name in names)


def test_an_acronym_in_brackets_that_spells_no_words_is_no_gloss():
    found = interactions("### Interactions\nAvoid antacids (CNS) and digoxin.\n")
    assert set(found) == {"Antacids", "Digoxin"}


# --- precautions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "item, kind",
    [
        ("**Allergies:** Do not use if you are allergic to it.", Kind.CONTRAINDICATION),
        ("**Kidney disease:** It is contraindicated in severe disease.", Kind.CONTRAINDICATION),
        ("**Heart:** It must not be used after a heart attack.", Kind.CONTRAINDICATION),
        ("**Special groups:** Pregnant women should avoid it.", Kind.PREGNANCY),
        ("**Nursing:** Breastfeeding is not advised.", Kind.PREGNANCY),
        # The topic's own kind wins over the text's.
        ("**Warnings:** It is contraindicated in porphyria.", Kind.WARNING),
        # Denied, or said in passing.
        ("**Liver:** No contraindications are known; it is not contraindicated.", Kind.OTHER),
        ("**Liver:** Use with care. Not studied in pregnancy.", Kind.OTHER),
        ("**Driving:** Do not drive until you know how it affects you.", Kind.OTHER),
    ],
)
def test_what_the_text_says_decides_the_kind_a_topic_does_not_name(item, kind):
    (precaution,) = parse(f"### Precautions\n* {item}\n").precautions
    assert precaution.kind == kind


@pytest.mark.parametrize(
    "item, topic",
    [
        ("Severe bleeding disorders", "Severe bleeding disorders"),
        ("Use with caution in patients with severe liver disease.", "Severe liver disease"),
        ("Individuals with kidney stones, gout or high calcium should ask first.", "Kidney stones"),
        ("Testazol can cause dizziness and blurred vision.", "Dizziness and blurred vision"),
        ("This medication may increase the risk of falls.", "Risk of falls"),
        ("There is a small risk of liver damage.", "Small risk of liver damage"),
        ("Long-term use may weaken the bones.", "Long-term use"),
        ("As Testazol is no longer marketed, specific precautions are not available.",
         "Specific precautions"),
        ("Pregnancy: not studied in pregnant women.", "Pregnancy"),
        ("**Avoid contact with the eyes.** Rinse if it happens.", "Avoid contact with the eyes"),
        # An instruction not to, or a denial, keeps its "not".
        ("**Do not exceed the prescribed dose.**", "Do not exceed the prescribed dose"),
        ("Testazol is not given alone.", "Testazol is not given alone"),
        ("Should be used cautiously in elderly patients.", "Elderly patients"),
        ("Testazol is generally considered safe.", "Testazol is generally considered safe"),
    ],
)  # fmt: skip
def test_an_unlabelled_precaution_gets_a_topic_from_its_first_words(item, topic):
    (precaution,) = parse(f"### Precautions\n* {item}\n").precautions
    assert precaution.topic == topic


def test_no_precaution_is_left_without_a_topic():
    monograph = parse(
        "### Precautions\nSome people should not take it.\n\n* Asthma\n* **Alcohol:** Avoid.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert all(p.topic for p in monograph.precautions)


def test_a_paragraph_that_introduces_a_list_is_one_precaution_with_it():
    monograph = parse(
        "### Precautions\n**Contraindications:**\n\n* Severe liver disease\n* Porphyria\n\n"
        "Testazol is contraindicated in patients with:\n\n* Gout\n* Asthma\n\n"
        "**Warnings:**\n\n* **Driving:** Take care.\n"
    )
    assert [(p.topic, p.kind, p.text) for p in monograph.precautions] == [
        ("Contraindications", Kind.CONTRAINDICATION, "* Severe liver disease\n* Porphyria"),
        (
            "Contraindicated",
            Kind.CONTRAINDICATION,
            "Testazol is contraindicated in patients with:\n\n* Gout\n* Asthma",
        ),
        ("Warnings", Kind.WARNING, ""),
        ("Driving", Kind.OTHER, "Take care."),
    ]


# --- dosage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label, population",
    [
        ("Adults and Children", Population.ALL_AGES),
        ("Adult and Pediatric Patients", Population.ALL_AGES),
        ("Children and adults over 12 years", Population.ALL_AGES),
        ("Adults/adolescents", Population.ALL_AGES),
        ("Adults", Population.ADULTS),
        ("Children over 6", Population.CHILDREN),
        ("Adults (not for children)", Population.ADULTS),
    ],
)
def test_adults_and_children_together_are_both_populations(label, population):
    (entry,) = parse(f"### Dosage\n* **{label}:** 10 mg daily.\n").dosages
    assert entry.population == population


def test_weight_bands_keep_their_labels():
    monograph = parse(
        "### Dosage\n**Children:**\n\n* 10–20 kg: 250 mg twice daily\n"
        "* 20 to 30 kg: 500 mg twice daily\n* <10 kg: 125 mg twice daily\n* ≥30 kg: 1 g daily\n"
    )
    # The group's bare population name is the population, not an indication too.
    assert [(d.label, d.indication, d.population) for d in monograph.dosages] == [
        ("10–20 kg", "", Population.CHILDREN),
        ("20 to 30 kg", "", Population.CHILDREN),
        ("<10 kg", "", Population.CHILDREN),
        ("≥30 kg", "", Population.CHILDREN),
    ]


def test_a_group_inside_a_group_belongs_to_both():
    monograph = parse(
        "### Dosage\n**Adults:**\n\n* **For heartburn:**\n    * Tablets: 1 tablet as needed.\n"
        "* **For constipation:**\n    * Tablets: 2 tablets at bedtime.\n"
    )
    assert [(d.indication, d.label, d.population) for d in monograph.dosages] == [
        ("For heartburn", "Tablets", Population.ADULTS),
        ("For constipation", "Tablets", Population.ADULTS),
    ]


def test_a_population_label_with_text_opens_a_group_of_the_list_below_it():
    monograph = parse(
        "### Dosage\n**Adults:** Taken by mouth.\n\n* **Rickets:** 0.5 mg daily.\n\n"
        "**Children:** Lower doses.\n\n* **Rickets:** 0.1 mg daily.\n\n"
        "**Initial dose:** 1 mg.\n\n* **Note:** 2 mg.\n"
    )
    assert [(d.indication, d.label, d.population) for d in monograph.dosages] == [
        ("", "Adults", Population.ADULTS),
        # What it treats is the indication, the group's population its population.
        ("Rickets", "", Population.ADULTS),
        ("", "Children", Population.CHILDREN),
        ("Rickets", "", Population.CHILDREN),
        ("", "Initial dose", Population.GENERAL),
        # Not a population: the list after it is no group of it.
        ("", "Note", Population.GENERAL),
    ]


def test_unlabelled_bullets_after_a_population_label_with_text_are_no_group_of_it():
    monograph = parse("### Dosage\n**Children:** Lower doses.\n\n* Use the syrup.\n")
    assert [(d.indication, d.label) for d in monograph.dosages] == [("", "Children")]
    assert monograph.dosage_notes == "* Use the syrup."  # no dose, no group: text


def test_a_lead_that_states_a_dose_first_is_an_entry_and_criteria_stay_text():
    monograph = parse(
        "### Dosage\nThe usual adult dose is 20 mg once daily. Take it with food.\n\n"
        "Patients at high risk include:\n\n* Adults over 65.\n* Smokers.\n\n"
        "**Children:** 5 mg once daily.\n"
    )
    assert [(d.label, d.population, d.amount) for d in monograph.dosages] == [
        ("", Population.ADULTS, Decimal(20)),
        ("Children", Population.CHILDREN, Decimal(5)),
    ]
    assert "* Smokers." in monograph.dosage_notes


def test_a_lead_that_only_mentions_a_dose_later_stays_text():
    monograph = parse(
        "### Dosage\nDosage varies by product. Most adults take 1-2 tablets daily.\n\n"
        "**Children:** 5 mg once daily.\n"
    )
    assert [d.label for d in monograph.dosages] == ["Children"]
    assert monograph.dosage_notes.startswith("Dosage varies by product.")


def test_a_combination_section_for_one_ingredient_names_it_in_each_entry():
    monograph = parse(
        "### Citicoline\n\n**Dosage:**\n\n* **Oral:** 500 mg daily.\n\n"
        "### Piracetam\n\n**Dosage:**\n\n* **Oral:** 800 mg three times daily.\n",
        "Citicoline + Piracetam",
    )
    assert [(d.indication, d.label) for d in monograph.dosages] == [
        ("Citicoline", "Oral"),
        ("Piracetam", "Oral"),
    ]


@pytest.mark.parametrize(
    "text, dose",
    [
        ("0.25 mg every other day.", ("0.25", None, "mg", "every other day")),
        ("10–20 mg once daily.", ("10", "20", "mg", "once daily")),
        ("Take 500 mg twice a day with food.", ("500", None, "mg", "twice a day")),
        ("1 tablet three times daily.", ("1", None, "tablet", "three times daily")),
        ("5 mL every 6 hours.", ("5", None, "mL", "every 6 hours")),
        ("Instil 2 drops in each eye TID.", ("2", None, "drops", "three times daily")),
        ("One or two puffs as needed.", ("1", "2", "puffs", "as needed")),
        ("100 mg to 200 mg per day.", ("100", "200", "mg", "per day")),
        ("1,000 mg q8h.", ("1000", None, "mg", "every 8 hours")),
        ("Usually 5 mg/kg/day in two doses.", ("5", None, "mg/kg/day", "")),
        # A strength, a cap and a step are not the dose; the dose after them is.
        ("Syrup (100 mg/5 mL): 10 mL daily.", ("10", None, "mL", "daily")),
        ("Up to 4 g a day, as 500 mg every 6 hours.", ("500", None, "mg", "every 6 hours")),
        # Other amounts that are no choice: a step, a part, another drug's dose.
        ("10 mg daily, increased to 20 mg after a week.", ("10", None, "mg", "daily")),
        ("30 g daily, divided into six doses of 5 g each.", ("30", None, "g", "daily")),
        ("300 mg once daily with 100 mg ritonavir.", ("300", None, "mg", "once daily")),
        # A unit per kilogram in words, and a count of times from "once" or "twice".
        (
            "1.25 mg per kilogram of body weight, four times a day.",
            ("1.25", None, "mg/kg", "four times a day"),
        ),
        ("0.05-0.1 mg per kilogram of body weight.", ("0.05", "0.1", "mg/kg", "")),
        ("300 mg twice or three times daily.", ("300", None, "mg", "twice or three times daily")),
        ("10 mg once to four times daily.", ("10", None, "mg", "once to four times daily")),
    ],
)
def test_the_dose_a_text_states_is_structured(text, dose):
    (entry,) = parse(f"### Dosage\n* **Adults:** {text}\n").dosages
    amount, most, unit, frequency = dose
    assert (entry.amount, entry.amount_max, entry.unit, entry.frequency) == (
        Decimal(amount),
        Decimal(most) if most else None,
        unit,
        frequency,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Reduce the dose when creatinine is above 1.8 mg/dL.",
        "Do not exceed 4 g in 24 hours.",
        "Increase by 50 mg each week.",
        "10 milliunits a minute, with a maximum total dose of 30 units over 12 hours.",
        "Apply a 1% cream to the skin.",
        "Ask your doctor.",
        # Amounts to choose from: any one of them alone would be a wrong fact.
        "Either 80 mg once daily or 40 mg twice daily.",
        "840 mg every 2 weeks, 1200 mg every 3 weeks, or 1680 mg every 4 weeks.",
        "Males 1.2 g, females 1.0 g.",
        "Vials of 5000 IU or 20000 IU are made up with the diluent.",
    ],
)
def test_text_that_states_no_dose_has_no_structured_dose(text):
    (entry,) = parse(f"### Dosage\n* **Adults:** {text}\n").dosages
    assert (entry.amount, entry.unit, entry.frequency) == (None, "", "")


@pytest.mark.parametrize(
    "text, route",
    [
        ("Eye drops: 1 drop twice daily.", "ophthalmic"),
        ("Instil 1 drop into the affected eye.", "ophthalmic"),
        ("Rinse the mouth with 10 mL of the mouthwash.", "oromucosal"),
        ("Apply the cream twice daily.", "topical"),
        ("Two puffs from the inhaler.", "inhaled"),
        ("Ear drops: 3 drops.", "otic"),
        ("Not for intravenous use. Take 1 tablet daily.", "oral"),
        ("It is not given intravenously.", ""),
        ("For stage IV disease: ask a specialist.", ""),
    ],
)
def test_the_route_is_what_the_text_says_the_product_is(text, route):
    (entry,) = parse(f"### Dosage\n* **Adults:** {text}\n").dosages
    assert entry.route == route


def test_a_label_too_long_to_be_one_stays_in_the_text():
    heading = "Dose " + "very " * 150 + "long"
    monograph = parse(f"### Dosage\n* {heading}: 10 mg daily.\n")
    (entry,) = monograph.dosages
    assert entry.label == ""
    assert heading in entry.instructions


# --- FAQs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "* **Q: Can I drive?**\n* A: Not at first.\n",
        "* Q: Can I drive?\n* Answer: Not at first.\n",
        "* **Can I drive?**\n* Not at first.\n",
        "* **Q:** Can I drive?\n\n* **A:** Not at first.\n",
    ],
)
def test_a_question_and_its_answer_in_separate_bullets_pair_up(body):
    monograph = parse(f"### FAQs\n{body}")
    assert [(f.question, f.answer) for f in monograph.faqs] == [("Can I drive?", "Not at first.")]
    assert monograph.other_notes == ""


def test_bullets_that_answer_no_question_stay_in_more_information():
    monograph = parse("### FAQs\n* Ask your pharmacist.\n")
    assert monograph.faqs == []
    assert "Ask your pharmacist." in monograph.other_notes


# --- long titles -----------------------------------------------------------------------------


def long_title(first="Ascorbic Acid", last="Zinc Sulfate"):
    """A combination title of 258 characters, as real ones run."""
    middle = [f"Ingredient Number {number:02d}" for number in range(1, 11)]
    title = " + ".join([first, *middle, last])
    return title + "X" * (258 - len(title))


def test_a_258_character_title_parses():
    title = long_title()
    assert len(title) == 258
    assert parse("### Usage\nTreats tests.\n", title).title == title


def test_a_title_beyond_the_limit_is_refused_with_its_reason():
    with pytest.raises(MonographError, match="601 characters long; a title may have 600"):
        parse("### Usage\nTreats tests.\n", "T" * 601)


# --- stored and shown --------------------------------------------------------------------


def monograph_text(title, body="### Usage\nTreats tests.\n"):
    return f"---\ntitle: {title}\n---\n\n# {title}\n{body}"


@pytest.mark.django_db
def test_a_258_character_title_imports_with_a_short_stable_unique_slug(tmp_path):
    first, second = long_title(last="Zinc Sulfate"), long_title(last="Zinc Oxide X")
    write_monograph(tmp_path, "one.md", monograph_text(first))
    write_monograph(tmp_path, "two.md", monograph_text(second))
    _, err, error = run_import(tmp_path)
    assert error is None, err
    drugs = dict(Drug.objects.filter(name__in=[first, second]).values_list("name", "slug"))
    assert set(drugs) == {first, second}
    assert all(len(slug) <= Drug.MAX_SLUG_CHARACTERS for slug in drugs.values())
    # Cut at a word boundary: the slug is the start of the whole slug up to a hyphen.
    assert (slugify(first) + "-").startswith(drugs[first] + "-")
    assert drugs[first] != drugs[second]
    # A changed file keeps its monograph's slug.
    write_monograph(tmp_path, "one.md", monograph_text(first, "### Usage\nTreats more.\n"))
    run_import(tmp_path)
    assert dict(Drug.objects.filter(name__in=drugs).values_list("name", "slug")) == drugs


def test_a_numbered_slug_fits_the_length_too():
    slug = Drug.slug_for(long_title(), room=3)
    assert len(slug) + 3 <= Drug.MAX_SLUG_CHARACTERS
    assert not slug.endswith("-")


@pytest.mark.django_db
def test_adults_and_children_and_a_dose_range_are_shown_and_structured(tmp_path, client):
    body = "### Dosage\n* **Adults and Children:** 10–20 mg once daily.\n"
    write_monograph(tmp_path, "dosazol.md", monograph_text("Dosazol", body))
    run_import(tmp_path)
    dosage = Dosage.objects.get(drug__name="Dosazol")
    assert (dosage.population, dosage.dose) == (Population.ALL_AGES, "10–20 mg, once daily")
    response = client.get(dosage.drug.get_absolute_url())
    assert '<span class="population">Adults and children</span>' in response.content.decode()
    assert "<strong>10–20 mg, once daily</strong>" in response.content.decode()
    page = response.content.decode()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script', page, re.S)
    (schedule,) = json.loads(script)["doseSchedule"]
    assert schedule["targetPopulation"] == "Adults and children"
    assert "doseValue" not in schedule  # one number would say 10 mg
    assert schedule["description"] == "Adults and Children: 10–20 mg once daily."


@pytest.mark.django_db
def test_a_range_never_ends_below_its_start():
    drug = Drug.objects.create(name="Rangazol", slug="rangazol")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dosage.objects.create(drug=drug, amount=Decimal(20), amount_max=Decimal(10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Dosage.objects.create(drug=drug, amount_max=Decimal(10))
