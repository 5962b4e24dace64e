"""Interactions: names matched whatever their spelling, and every sentence of the text kept
somewhere on the page, from monographs written here in each shape."""

import pytest

from monographs.importing.parser import parse_monograph
from monographs.text import sentences


def parse(body, title="Testazol"):
    return parse_monograph(f"---\ntitle: {title}\n---\n\n# {title}\n{body}".encode())


def interaction_names(text):
    return [i.name for i in parse(f"### Interactions\n{text}\n").interactions]


def page_text(monograph):
    return " ".join(
        [
            monograph.interaction_notes,
            *(p.text for p in monograph.precautions),
            *(i.description for i in monograph.interactions),
        ]
    )


# --- a name as the list has it, in another spelling ------------------------------------


@pytest.mark.parametrize(
    "text, names",
    [
        # A hyphen for a space, and the acronym glossing it is the same interaction.
        ("Avoid proton-pump inhibitors (PPIs).", ["Proton-pump inhibitors"]),
        # "other", "some": a qualifier; "agents", "medications": a class's generic noun.
        ("Avoid other myelosuppressive agents.", ["Myelosuppressive agents"]),
        ("Use caution with some antiretroviral medications.", ["Antiretroviral medications"]),
        # A class in the singular, as a noun after an article.
        ("Do not take it with an MAO inhibitor.", ["MAO inhibitor"]),
        # The plural of an abbreviation.
        ("Avoid TCAs and alcohol.", ["TCAs", "Alcohol"]),
        # Names sharing their last word across a slash.
        ("Avoid CYP2D6/CYP3A4 inhibitors.", ["CYP2D6 inhibitors", "CYP3A4 inhibitors"]),
    ],
)
def test_a_name_matches_in_another_spelling(text, names):
    assert interaction_names(text) == names


@pytest.mark.parametrize(
    "text, names",
    [
        # Drugs the list lacks, named by the ending of their group's INNs.
        ("Avoid warfarin, zalperidol and quetomazine.", ["Warfarin", "Zalperidol", "Quetomazine"]),
        ("Use caution with Novatinib; it raises the levels of both.", ["Novatinib"]),
        # Not a word that merely ends alike, nor a short one.
        ("Check cholesterol and the April dose.", []),
    ],
)
def test_a_drug_the_list_lacks_is_named_by_its_inn_stem(text, names):
    assert interaction_names(text) == names


@pytest.mark.parametrize(
    "text, names",
    [
        # An adjective, not the class: "opioid" of opioid antagonists is no "opioids".
        ("Avoid opioid receptor blockers and digoxin.", ["Digoxin"]),
        ("It has an anticoagulant effect with warfarin.", ["Warfarin"]),
        # A gloss with an article is no second interaction.
        ("Avoid warfarin (a blood thinner).", ["Warfarin"]),
    ],
)
def test_a_word_of_a_name_used_otherwise_is_no_interaction(text, names):
    assert interaction_names(text) == names


@pytest.mark.parametrize(
    "name",
    [
        "erectile dysfunction medications",
        "neuromuscular blocking agents",
        "antimuscarinics",
        "betahistine",
        "monoclonal antibodies",
        "oral diabetes medications",
        "carbonic anhydrase inhibitors",
    ],
)
def test_common_classes_and_drugs_are_named(name):
    assert [n.lower() for n in interaction_names(f"Do not combine it with {name}.")] == [name]


def test_a_class_and_its_other_spelling_are_one_interaction():
    monograph = parse(
        "### Interactions\n* **Proton pump inhibitors:** Lower its absorption.\n\n"
        "### Precautions\n* **Stomach:** Avoid taking it together with proton-pump inhibitors.\n"
    )
    assert [i.name for i in monograph.interactions] == ["Proton pump inhibitors"]


# --- nothing lost, nothing junk ----------------------------------------------------------


def test_vague_classes_stay_text():
    text = (
        "Testazol can interact with some heart medications, medications affecting the "
        "liver, warfarin and digoxin."
    )
    monograph = parse(f"### Interactions\n{text}\n")
    assert [i.name for i in monograph.interactions] == ["Warfarin", "Digoxin"]
    assert monograph.interaction_notes == text


def test_the_rest_of_a_sentence_after_a_semicolon_stays_with_its_interaction():
    monograph = parse(
        "### Precautions\n* **Interactions:** Testazol enhances the effects of opioids and "
        "barbiturates.  It can mask the signs of ototoxicity caused by aminoglycosides; "
        "therefore, concurrent use is not recommended.\n"
    )
    described = {i.name: i.description for i in monograph.interactions}
    assert described["Aminoglycosides"] == (
        "It can mask the signs of ototoxicity caused by aminoglycosides; therefore, "
        "concurrent use is not recommended."
    )
    assert not any("therefore" in p.text for p in monograph.precautions)


def test_a_sentence_that_refers_back_to_a_lead_in_goes_with_it():
    monograph = parse(
        "### Precautions\n* **Interactions:** Testazol can enhance the effects of opioids, "
        "barbiturates and betahistine.  Concomitant use should generally be avoided.  "
        "Tell your doctor what you take.\n"
    )
    assert monograph.interaction_notes == (
        "Testazol can enhance the effects of opioids, barbiturates and betahistine. "
        "Concomitant use should generally be avoided."
    )
    assert [p.text for p in monograph.precautions] == ["Tell your doctor what you take."]


def test_advice_after_a_lead_in_stays_in_the_precaution():
    advice = (
        "Inform your doctor of all medications you are taking, including over-the-counter "
        "drugs and herbal supplements."
    )
    monograph = parse(
        "### Precautions\n* **Other Medications:** This medication may interact with other "
        f"drugs, including nitroglycerin and erectile dysfunction medications.  {advice}\n"
    )
    assert {i.name for i in monograph.interactions} == {
        "Nitroglycerin",
        "Erectile dysfunction medications",
    }
    assert [p.text for p in monograph.precautions] == [advice]


def test_a_drug_named_again_keeps_what_the_later_sentence_says():
    monograph = parse(
        "### Interactions\n* **Warfarin:** Raises the bleeding risk.\n\n"
        "### Precautions\n* **Drug interactions:** Testazol interacts with digoxin and "
        "lithium.  Warfarin works less well with long use.\n"
    )
    described = {i.name: i.description for i in monograph.interactions}
    assert (
        described["Warfarin"] == "Raises the bleeding risk. Warfarin works less well with long use."
    )


def test_every_sentence_of_an_interactions_section_is_on_the_page():
    section = (
        "Testazol may interact with anticoagulants, other antimuscarinics, TCAs, zorbicillin "
        "and certain heart medications.  These combinations can be dangerous.  Avoid "
        "proton-pump inhibitors; they lower its absorption.  Inform your doctor of all "
        "medications you are taking, including over-the-counter drugs and herbal supplements."
        "  Ketoconazole raises its levels."
    )
    monograph = parse(f"### Interactions\n{section}\n")
    on_page = page_text(monograph)
    assert [s for s in sentences(section) if s not in on_page] == []
    assert {i.name for i in monograph.interactions} == {
        "Anticoagulants",
        "Antimuscarinics",
        "TCAs",
        "Proton-pump inhibitors",
        "Ketoconazole",
        "Zorbicillin",  # not in the list, a penicillin by its INN stem
    }
