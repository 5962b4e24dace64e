"""What the importer puts on pages (issue 15, defects 1 to 3): remarks about writing the
page are set aside for editors, each dosage field holds what its name says, and a lead-in
that introduces several interactions is shown once. Monographs written here, in each shape,
with the negative cases."""

import pytest

from monographs.importing.parser import parse_monograph
from monographs.importing.parser.meta_text import is_meta_text
from monographs.models import Dosage, Drug, Precaution
from tests.conftest import write_monograph
from tests.factories import DrugFactory
from tests.test_commands import run_import

Population = Dosage.Population


def parse(body, title="Testazol"):
    return parse_monograph(f"---\ntitle: {title}\n---\n\n# {title}\n{body}".encode())


# --- 1. meta-text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I cannot give a single description of this mixture, as its parts are sold apart.",
        "Please note: I am unable to provide dosing for a product that is not registered.",
        "Writing one monograph as the template asks would mislead, so each part follows.",
        "To get the format you requested, please specify which product you mean.",
        "Note: this section is left short because the product varies.",
        "As an AI, I do not give medical advice.",
        "Can it be used for [specific condition]?",
    ],
)
def test_remarks_about_writing_the_page_are_meta_text(text):
    assert is_meta_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Can I take it if I have kidney disease? Ask your doctor first.",
        "What should I do if I miss a dose?",
        "The dose is given on request of the treating physician.",
        "Seek prompt medical attention if a rash appears.",
        "Please note that it may cause drowsiness.",
        "This medicine is not a substitute for a balanced diet.",
    ],
)
def test_text_about_the_drug_is_no_meta_text(text):
    assert not is_meta_text(text)


def test_meta_text_and_empty_headings_go_to_the_editor_notes_and_nothing_is_lost():
    monograph = parse(
        "I cannot describe this pair as one product; each is described below.\n\n"
        "### Usage\nEases pain.\n\n"
        "### FAQs (for each part)\n\n**Part A questions:**\n\n"
        "* **Q: Is it safe?** A: Mostly.\n\n**Part B questions:**\n\n"
        "### Notes\nStore it cold.\n\n* Please double-check the spelling of the name.\n"
        "* Keep away from light.\n"
    )
    assert monograph.usage == "Eases pain."
    assert [faq.question for faq in monograph.faqs] == ["Is it safe?"]
    # What visitors read: the medical text, no remark and no empty heading.
    assert "I cannot" not in monograph.other_notes
    assert "questions" not in monograph.other_notes
    assert "Store it cold." in monograph.other_notes
    assert "Keep away from light." in monograph.other_notes
    assert "double-check" not in monograph.other_notes
    # What editors see: every remark and empty heading, whole.
    for kept in [
        "I cannot describe this pair as one product; each is described below.",
        "**Part A questions:**",
        "**Part B questions:**",
        "* Please double-check the spelling of the name.",
    ]:
        assert kept in monograph.editor_notes


def test_a_heading_with_text_under_it_stays():
    monograph = parse("### Usage\nEases pain.\n\n### Storage\n\n**Keep cold:**\n\nBelow 8 °C.\n")
    assert "**Keep cold:**" in monograph.other_notes
    assert monograph.editor_notes == ""


def test_a_file_of_remarks_only_is_kept_for_editors_not_refused():
    remark = "I cannot provide information on this product, as it is not a medicine. " * 4
    monograph = parse(remark.strip() + "\n")
    assert not monograph.has_sections
    assert monograph.editor_notes == remark.strip()
    assert monograph.other_notes == ""


@pytest.mark.django_db
def test_imported_meta_text_reaches_the_worklist_not_the_page(tmp_path, client):
    write_monograph(
        tmp_path,
        "testazol.md",
        "---\ntitle: Testazol\n---\n# Testazol\n"
        "I cannot give one description, as the template requests.\n\n"
        "### Usage\nEases pain.\n\n### Notes\nStore it cold.\n",
    )
    run_import(tmp_path)
    drug = Drug.objects.get(name="Testazol")
    assert "the template requests" in drug.editor_notes
    assert list(Drug.objects.with_editor_notes()) == [drug]
    Drug.objects.filter(pk=drug.pk).update(status=Drug.Status.PUBLISHED)
    page = client.get(drug.get_absolute_url()).content.decode()
    assert "template" not in page
    assert "Store it cold." in page
    assert '<a href="#more">More information</a>' in page


@pytest.mark.django_db
def test_more_information_is_a_jump_link_only_when_there_is_some(client):
    with_notes = DrugFactory(other_notes="Store it cold.")
    without = DrugFactory(other_notes="")
    assert '<a href="#more">' in client.get(with_notes.get_absolute_url()).content.decode()
    assert '<a href="#more">' not in client.get(without.get_absolute_url()).content.decode()


# --- 2. dosage fields --------------------------------------------------------------------------


def test_a_condition_under_a_population_is_the_indication():
    monograph = parse(
        "### Dosage\n**Adults:**\n\n* **Pain (moderate to severe):** Intravenous (IV) "
        "administration: 30 mg once daily.\n* **Gout:** Oral: 15 mg once daily.\n\n"
        "**Children (2–12 years):**\n\n* **Juvenile arthritis:** Oral: 0.1 mg/kg daily.\n"
    )
    assert [(d.indication, d.label, d.population, d.route) for d in monograph.dosages] == [
        ("Pain (moderate to severe)", "", Population.ADULTS, "intravenous"),
        ("Gout", "", Population.ADULTS, "oral"),
        # Ages are more than the population's name: they stay, as the label.
        ("Juvenile arthritis", "Children (2–12 years)", Population.CHILDREN, "oral"),
    ]


def test_a_dose_label_under_a_population_stays_the_label():
    monograph = parse(
        "### Dosage\n**Adults:**\n\n* **Initial dose:** 5 mg daily.\n"
        "* **Maintenance dose:** 10 mg daily.\n* **10–20 kg:** 2 mg daily.\n"
    )
    assert [(d.indication, d.label, d.population) for d in monograph.dosages] == [
        ("", "Initial dose", Population.ADULTS),
        ("", "Maintenance dose", Population.ADULTS),
        ("", "10–20 kg", Population.ADULTS),
    ]


def test_dialysis_and_an_ingredient_under_a_population_stay_labels():
    # Dialysis is a state of the kidneys, not what a dose treats; a combination's part is
    # named as a label, also in another spelling of one letter.
    monograph = parse(
        "### Dosage\n**Kidney impairment:**\n\n* **Haemodialysis:** 1 g after each session.\n\n"
        "**Adults:**\n\n* **Amoxicillin:** 1000 mg twice daily.\n"
        "* **Sinusitis:** 500 mg twice daily.\n",
        title="Omeprazole + Amoxycillin",
    )
    assert [(d.indication, d.label, d.population) for d in monograph.dosages] == [
        ("", "Haemodialysis", Population.RENAL),
        ("", "Amoxicillin", Population.ADULTS),
        ("Sinusitis", "", Population.ADULTS),
    ]


def test_the_route_comes_from_the_heading_that_governs_the_entry():
    monograph = parse(
        "### Dosage\n**Intravenous (IV) Administration:**\n\n"
        "* **Adults:** 1 g every 8 hours; switch to oral tablets when possible.\n"
        "* **Severe infection:** 2 g every 8 hours.\n\n"
        "**Oral Administration:**\n\n* **Adults:** 500 mg twice daily.\n"
    )
    assert [d.route for d in monograph.dosages] == ["intravenous", "intravenous", "oral"]
    # A condition under a route's heading is the indication; the route heading its label.
    assert (monograph.dosages[1].indication, monograph.dosages[1].label) == (
        "Severe infection",
        "Intravenous (IV) Administration",
    )


def test_a_route_word_inside_a_condition_is_no_route():
    (entry,) = parse(
        "### Dosage\n**Oral Administration:**\n\n* **Vaginal atrophy:** 0.3 mg daily.\n"
    ).dosages
    assert (entry.indication, entry.route) == ("Vaginal atrophy", "oral")


@pytest.mark.parametrize(
    "label",
    ["Adults and Children", "Adult and Pediatric Patients", "Adults (and adolescents 13-17)"],
)
def test_adults_with_children_are_all_ages_not_children(label):
    (entry,) = parse(f"### Dosage\n* **{label}:** 10 mg daily.\n").dosages
    assert entry.population == Population.ALL_AGES


@pytest.mark.django_db
def test_the_page_shows_the_condition_as_heading_and_the_population_once(tmp_path, client):
    write_monograph(
        tmp_path,
        "testazol.md",
        "---\ntitle: Testazol\n---\n# Testazol\n### Usage\nEases pain.\n\n"
        "### Dosage\n**Adults:**\n\n* **Back pain:** 30 mg once daily.\n",
    )
    run_import(tmp_path)
    drug = Drug.objects.get(name="Testazol")
    Drug.objects.filter(pk=drug.pk).update(status=Drug.Status.PUBLISHED)
    page = client.get(drug.get_absolute_url()).content.decode()
    assert "<h3>Back pain</h3>" in page
    assert page.count(">Adults<") == 1  # the population's badge, no "Adults" heading


def dosages(body):
    return [
        (d.label, d.indication, d.population, d.route) for d in parse(f"### Dosage\n{body}").dosages
    ]


def test_text_under_a_condition_that_names_its_population_is_for_that_condition():
    assert dosages(
        "**Gout (Adults):**\n\nTestazol is taken once a day.\n\n"
        "* **Initial dose:** 10 mg once daily.\n"
    ) == [
        ("", "Gout (Adults)", Population.ADULTS, ""),
        ("Initial dose", "Gout (Adults)", Population.ADULTS, ""),
    ]
    # A population's own label keeps the text as that population's entry.
    assert dosages("**Children:**\n\nNot recommended under 12.\n") == [
        ("Children", "", Population.CHILDREN, "")
    ]


@pytest.mark.parametrize(
    "label, population",
    [
        ("Kidney Transplant (Prophylaxis)", Population.ADULTS),
        ("Hepatic Encephalopathy", Population.ADULTS),
        ("Renal Osteodystrophy", Population.ADULTS),
        # A disease named before the organ's: what is treated, under the group's ages.
        ("Cystic fibrosis-related liver disease", Population.ADULTS),
        ("Lupus kidney disease", Population.ADULTS),
    ],
)
def test_an_organ_that_is_treated_is_no_impaired_population(label, population):
    [(entry_label, indication, entry_population, _)] = dosages(
        f"**Adults:**\n\n* **{label}:** 1.5 mg/kg once daily.\n"
    )
    assert (entry_label, indication, entry_population) == ("", label, population)


@pytest.mark.parametrize(
    "label",
    [
        "Renal Impairment",
        "Kidney disease",
        "Patients on dialysis",
        "Hepatic",
        "Patients with severe hepatic impairment",
        "Chronic kidney disease",
        "Dosage in renal failure",
        "Dose adjustments based on renal function",
        "Adults with moderate liver disease",
    ],
)
def test_an_impaired_organ_is_a_population(label):
    [(_, _, population, _)] = dosages(f"* **{label}:** Halve the dose.\n")
    assert population in (Population.RENAL, Population.HEPATIC)


@pytest.mark.parametrize(
    "text, population",
    [
        ("The usual adult dose is 50-100 mg, 3-4 times daily.", Population.ADULTS),
        ("The standard dose for both adults and children is 4 mg/kg.", Population.ALL_AGES),
        # A population named without a dose, or a word that only contains one, is none.
        ("Instruct the child to close the eye gently.", Population.GENERAL),
        ("0.2 mg after delivery of the placenta.", Population.GENERAL),
        ("10 mg in adrenal insufficiency.", Population.GENERAL),
    ],
)
def test_the_first_dose_of_an_unlabelled_population_says_whom_it_is_for(text, population):
    [(_, _, entry_population, _)] = dosages(f"* **Oral:** {text}\n")
    assert entry_population == population


@pytest.mark.parametrize("label", ["After delivery", "Adrenal insufficiency"])
def test_a_word_that_contains_a_population_word_names_no_population(label):
    [(_, _, population, _)] = dosages(f"* **{label}:** 0.2 mg once.\n")
    assert population == Population.GENERAL


def test_a_route_in_the_label_governs_the_entry_and_a_denied_route_is_none():
    assert dosages(
        "**Intravenous (IV) Administration:**\n\n"
        "* **Postpartum bleeding (IM):** 10 units after delivery.\n"
        "* **Induction of labour:** 1 milliunit per minute.\n"
    ) == [
        ("", "Postpartum bleeding (IM)", Population.GENERAL, "intramuscular"),
        (
            "Intravenous (IV) Administration",
            "Induction of labour",
            Population.GENERAL,
            "intravenous",
        ),
    ]
    assert dosages(
        "**IV Administration:** Testazol is not given intravenously. It is an oral tablet.\n"
    ) == [("IV Administration", "", Population.GENERAL, "")]


@pytest.mark.parametrize(
    "text",
    [
        # Denied in the first sentence, though named without denial after it.
        "Testazol is not typically given intravenously. Its parts may each be given "
        "intravenously in hospital.",
        "While testazol base can be given intravenously, this mix is not suitable for IV use.",
    ],
)
def test_a_route_the_first_sentence_denies_is_no_route(text):
    [(_, _, _, route)] = dosages(f"* **IV Administration:** {text}\n")
    assert route == ""


def test_a_condition_named_with_a_route_word_is_no_route():
    [(_, _, _, route)] = dosages(
        "* **Adults:** 60 mcg/kg/day by IV bolus, to prevent oral mucositis.\n"
    )
    assert route == "intravenous"


def test_what_a_person_eats_is_no_route():
    [(_, _, _, route)] = dosages(
        "* **Pregnancy:** 60 mcg daily, if oral or enteral intake is insufficient.\n"
    )
    assert route == ""
    [(_, _, _, route)] = dosages("* **Pregnancy:** 60 mcg daily by mouth.\n")
    assert route == "oral"


# --- 3. interaction lead-ins -------------------------------------------------------------------


LEAD_IN = "Testazol can interact with many medicines, such as warfarin, aspirin and digoxin."


def test_a_shared_lead_in_is_the_intro_once_not_each_description_nor_a_precaution():
    monograph = parse(
        f"### Interactions\n{LEAD_IN} Warfarin raises the bleeding risk.\n\n"
        "### Precautions\n* **Drug interactions:** " + LEAD_IN + "\n"
    )
    assert monograph.interaction_notes == LEAD_IN
    descriptions = {i.name: i.description for i in monograph.interactions}
    assert descriptions == {
        "Warfarin": "Warfarin raises the bleeding risk.",
        "Aspirin": "",
        "Digoxin": "",
    }
    texts = [p.text for p in monograph.precautions]
    assert not any("many medicines" in text for text in texts)


def test_the_rest_of_an_interactions_paragraph_is_kept():
    monograph = parse(f"### Interactions\n{LEAD_IN} Tell your doctor what you take.\n")
    assert monograph.interaction_notes == LEAD_IN
    assert [(p.kind, p.text) for p in monograph.precautions] == [
        (Precaution.Kind.INTERACTION, "Tell your doctor what you take.")
    ]


def test_a_sentence_about_one_interaction_stays_its_description():
    monograph = parse("### Interactions\nWarfarin raises the bleeding risk with Testazol.\n")
    assert monograph.interaction_notes == ""
    assert [(i.name, i.description) for i in monograph.interactions] == [
        ("Warfarin", "Warfarin raises the bleeding risk with Testazol.")
    ]


def test_labelled_interactions_with_the_same_words_keep_them():
    monograph = parse(
        "### Interactions\n* **Warfarin:** Raises the bleeding risk.\n"
        "* **Aspirin:** Raises the bleeding risk.\n"
    )
    assert monograph.interaction_notes == ""
    assert {i.description for i in monograph.interactions} == {"Raises the bleeding risk."}


@pytest.mark.parametrize("topic", ["Other medications", "Other medicines", "Concomitant drugs"])
def test_a_precaution_about_other_medicines_gives_its_lead_in_to_the_interactions(topic):
    monograph = parse(f"### Precautions\n* **{topic}:** {LEAD_IN} Tell your doctor.\n")
    assert monograph.interaction_notes == LEAD_IN
    assert [(p.kind, p.text) for p in monograph.precautions] == [
        (Precaution.Kind.INTERACTION, "Tell your doctor.")
    ]
    assert {i.name for i in monograph.interactions} == {"Warfarin", "Aspirin", "Digoxin"}


@pytest.mark.django_db
def test_the_page_shows_the_lead_in_once(tmp_path, client):
    write_monograph(
        tmp_path,
        "testazol.md",
        "---\ntitle: Testazol\n---\n# Testazol\n### Usage\nEases pain.\n\n"
        f"### Interactions\n{LEAD_IN}\n\n### Precautions\n* **Drug interactions:** {LEAD_IN}\n",
    )
    run_import(tmp_path)
    drug = Drug.objects.get(name="Testazol")
    Drug.objects.filter(pk=drug.pk).update(status=Drug.Status.PUBLISHED)
    page = client.get(drug.get_absolute_url()).content.decode()
    assert page.count("many medicines") == 1


@pytest.mark.django_db
def test_the_page_prints_a_sentence_once_though_its_interactions_keep_it(tmp_path, client):
    """The checker and the API read each interaction's sentence; the page, which shows
    the precaution that says it, does not print it again under the interaction."""
    sentence = "Bleeding is more likely with concomitant warfarin or aspirin."
    write_monograph(
        tmp_path,
        "testazol.md",
        "---\ntitle: Testazol\n---\n# Testazol\n### Usage\nEases pain.\n\n"
        f"### Precautions\n* **Bleeding:** {sentence}\n\n"
        "### Interactions\n* **Digoxin:** Levels rise.\n",
    )
    run_import(tmp_path)
    drug = Drug.objects.get(name="Testazol")
    descriptions = dict(drug.interactions.values_list("name", "description"))
    assert descriptions == {"Warfarin": sentence, "Aspirin": sentence, "Digoxin": "Levels rise."}
    Drug.objects.filter(pk=drug.pk).update(status=Drug.Status.PUBLISHED)
    page = client.get(drug.get_absolute_url()).content.decode()
    assert page.count("more likely with concomitant") == 1
    assert page.count("Levels rise.") == 1
