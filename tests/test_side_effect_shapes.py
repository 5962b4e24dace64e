"""Side-effect shapes that used to lose facts or make junk terms (issue 13), on text
written here in each shape; then the resolver's variant wordings, and the source's own
wording through an export."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from monographs.exporting import monograph_markdown
from monographs.importing.parser import parse_monograph
from monographs.models import Drug, DrugSideEffect, SideEffect
from monographs.vocabulary.resolver import SideEffectResolver
from monographs.vocabulary.wording import wording_key
from tests.conftest import write_monograph
from tests.factories import DrugFactory, SideEffectFactory

Frequency = DrugSideEffect.Frequency


def parse(side_effects, title="Testazol", usage=""):
    usage = f"### Usage\n{usage}\n\n" if usage else ""
    text = f"---\ntitle: {title}\n---\n\n# {title}\n{usage}### Side Effects\n{side_effects}\n"
    return parse_monograph(text.encode())


def found(monograph):
    return [(m.term, m.note, m.frequency) for m in monograph.side_effects]


def terms(monograph):
    return [m.term for m in monograph.side_effects]


# --- shape 1: a second sentence or clause inside a labelled item ---------------------------


def test_every_sentence_of_a_labelled_item_that_lists_effects_is_read():
    monograph = parse(
        "* **Common:** Headache. Skin irritation, redness, dryness.\n"
        "* **Rare:** Liver damage. Stop the medicine and call a doctor.\n"
    )
    assert found(monograph) == [
        ("Headache", "", Frequency.COMMON),
        ("Skin irritation", "", Frequency.COMMON),
        ("redness", "", Frequency.COMMON),
        ("dryness", "", Frequency.COMMON),
        ("Liver damage", "", Frequency.RARE),
    ]
    assert "Stop the medicine and call a doctor." in monograph.side_effect_notes


def test_a_sentence_of_a_group_may_give_its_own_tier_and_context():
    monograph = parse("* **Common:** Nausea. Rarely, at high doses, kidney stones.\n")
    assert found(monograph) == [
        ("Nausea", "", Frequency.COMMON),
        ("kidney stones", "at high doses", Frequency.RARE),
    ]


def test_prose_after_a_label_that_names_a_side_effect_keeps_the_side_effect():
    monograph = parse("* **Liver problems:** These pass when the medicine is stopped.\n")
    assert found(monograph) == [
        ("Liver problems", "These pass when the medicine is stopped", Frequency.NOT_KNOWN)
    ]


# --- shape 2: plain-text lists with no bullet ----------------------------------------------


def test_a_plain_text_list_after_a_group_label_and_a_colon():
    monograph = parse("Other less frequent side effects: lens opacities, glare, …\n")
    assert found(monograph) == [
        ("lens opacities", "", Frequency.UNCOMMON),
        ("glare", "", Frequency.UNCOMMON),
    ]
    assert monograph.side_effect_notes == ""


def test_list_lines_inside_a_prose_paragraph_are_each_a_group():
    monograph = parse(
        "Most people tolerate it well.\nCommon side effects: dry mouth, sweating\n"
        "Rare side effects: fainting, palpitations\n"
    )
    assert found(monograph) == [
        ("dry mouth", "", Frequency.COMMON),
        ("sweating", "", Frequency.COMMON),
        ("fainting", "", Frequency.RARE),
        ("palpitations", "", Frequency.RARE),
    ]
    assert monograph.side_effect_notes == "Most people tolerate it well."


def test_a_sentence_that_says_what_people_may_experience_lists_side_effects():
    monograph = parse("It is mild. Some people may experience dryness, flaking or itching.\n")
    assert terms(monograph) == ["dryness", "flaking or itching"]  # the resolver splits "or"
    assert monograph.side_effect_notes == "It is mild."


def test_a_sentence_that_is_no_list_stays_text():
    monograph = parse("If you notice anything unusual, talk to your pharmacist.\n")
    assert monograph.side_effects == []
    assert "talk to your pharmacist" in monograph.side_effect_notes


# --- shape 3: labels that are an ingredient, a body system, a route or a condition ---------


def test_an_ingredient_label_is_the_note_of_each_effect():
    monograph = parse(
        "* **Testazol & Placebin:** diarrhea, rash, nausea\n", title="Testazol + Placebin"
    )
    assert found(monograph) == [
        ("diarrhea", "Testazol & Placebin", Frequency.NOT_KNOWN),
        ("rash", "Testazol & Placebin", Frequency.NOT_KNOWN),
        ("nausea", "Testazol & Placebin", Frequency.NOT_KNOWN),
    ]


@pytest.mark.parametrize(
    "label, note",
    [
        ("Gastrointestinal", ""),  # a body system sorts, and says nothing of the effect
        ("Nervous system disorders", ""),
        ("Intravenous", "Intravenous"),  # a route
        ("Fetus/Neonate", "Fetus/Neonate"),  # who
        ("CoQ10", "CoQ10"),  # a supplement the title does not name
        ("Zinc Gluconate", "Zinc Gluconate"),  # a salt, by its last word
        ("Caffeine-related", "Caffeine"),
        ("Knotted Palm Syndrome", "Knotted Palm Syndrome"),  # what the usage treats
    ],
)
def test_labels_that_sort_a_list(label, note):
    monograph = parse(
        f"* **{label}:** headache, fatigue\n", usage="Used to treat knotted palm syndrome."
    )
    assert found(monograph) == [
        ("headache", note, Frequency.NOT_KNOWN),
        ("fatigue", note, Frequency.NOT_KNOWN),
    ]


def test_a_body_system_with_its_effects_in_parentheses():
    assert terms(parse("* CNS effects (e.g., headache, insomnia, tremor)\n")) == [
        "headache",
        "insomnia",
        "tremor",
    ]


def test_an_ingredient_with_its_effects_in_parentheses():
    monograph = parse("* Selenium (nausea, hair loss, garlic breath)\n", title="Selenium + Zinc")
    assert found(monograph) == [
        ("nausea", "Selenium", Frequency.NOT_KNOWN),
        ("hair loss", "Selenium", Frequency.NOT_KNOWN),
        ("garlic breath", "Selenium", Frequency.NOT_KNOWN),
    ]


@pytest.mark.parametrize(
    "item, term, note",
    [
        # A side effect with its signs is one mention, not a list of them.
        ("* **Allergic reactions:** rash, hives", "Allergic reactions", "rash, hives"),
        ("* **Hypotension:** dizziness, fainting", "Hypotension", "dizziness, fainting"),
        ("* Infusion reactions (fever, chills)", "Infusion reactions", "fever, chills"),
        # "Heart problems" in other words.
        (
            "* Cardiac issues (heart failure, palpitations)",
            "Cardiac issues",
            "heart failure, palpitations",
        ),
        # A condition the usage does not name is no label of a list.
        ("* **Knotted Palm Syndrome:** pain", "Knotted Palm Syndrome", "pain"),
    ],
)
def test_labels_that_name_a_side_effect_keep_it(item, term, note):
    monograph = parse(f"{item}\n", usage="Used to treat high blood pressure.")
    assert found(monograph) == [(term, note, Frequency.NOT_KNOWN)]


# --- shape 6: junk never becomes a term -----------------------------------------------------


@pytest.mark.parametrize(
    "item",
    [
        "Serious side effects",  # group labels
        "Rare but serious reactions",
        "Other side effects",
        "Ophthalmic",  # body systems and routes
        "Gastrointestinal",
        "Feet",  # a body part
        "CoQ10",  # drugs, ingredients, supplements
        "Omega-3 Fatty Acids",
        "Warfarin",
        "Testazol",  # the drug itself
        "Benzyl alcohol is generally considered safe",  # sentences
        "Are possible",
        "Characterized by difficulty breathing",
        "Mania can occur",
        "Require immediate medical attention",
        "Discuss this risk with your doctor",
        "Mild and temporary",
        "Toxicity",  # of what, it does not say
        "Sunlight-related side effects",
        "Symptoms related to nerve stimulation",
    ],
)
def test_junk_is_kept_as_text_not_made_a_term(item):
    monograph = parse(f"* Nausea\n* {item}\n")
    assert terms(monograph) == ["Nausea"]
    assert item in monograph.side_effect_notes


def test_a_bullet_of_several_effects_is_several_mentions():
    monograph = parse(
        "* Eczema, psoriasis, xeroderma (dry skin)\n"
        "* Itching, redness, or other skin reactions\n"
        "* Pain, redness, or swelling at the injection site\n"
        "* Nausea, rash, and other mild reactions\n"
    )
    assert found(monograph) == [
        ("Eczema", "", Frequency.NOT_KNOWN),
        ("psoriasis", "", Frequency.NOT_KNOWN),
        ("xeroderma", "dry skin", Frequency.NOT_KNOWN),
        ("Itching", "", Frequency.NOT_KNOWN),
        ("redness", "", Frequency.NOT_KNOWN),
        ("other skin reactions", "", Frequency.NOT_KNOWN),  # "Skin reactions", resolved
        # One place for all three: the resolver reads it as the site's reaction.
        ("Pain, redness, or swelling at the injection site", "", Frequency.NOT_KNOWN),
        ("Nausea", "", Frequency.NOT_KNOWN),
        ("rash", "", Frequency.NOT_KNOWN),
    ]
    assert monograph.side_effect_notes == "other mild reactions"


def test_a_bullet_that_is_a_sentence_listing_effects():
    monograph = parse(
        "* Other reported side effects include anemia, anorexia, and colitis.\n"
        "* Allergic reactions such as rash\n"
        "* Wheezing (bronchospasm) - in rare cases, it can cause a cough.\n"
    )
    assert terms(monograph) == [
        "anemia",
        "anorexia",
        "colitis",
        "Allergic reactions",  # one side effect; its example is its note
        "Wheezing",  # its detail says more about it, and lists nothing of its own
    ]
    assert monograph.side_effects[3].note == "such as rash"


def test_a_measure_word_is_shared_by_the_lab_values_after_it():
    assert terms(parse("* Elevated ALT, AST, and bilirubin levels\n")) == [
        "Elevated ALT",
        "Elevated AST",
        "Elevated bilirubin levels",
    ]
    # Side effects after it are not lab values: "Increased nausea" would be wrong.
    assert terms(parse("* Increased appetite, nausea, rash\n")) == [
        "Increased appetite",
        "nausea",
        "rash",
    ]


def test_a_list_keeps_its_effects_and_leaves_out_its_junk():
    monograph = parse("Common side effects include nausea, headache, and other mild reactions.\n")
    assert terms(monograph) == ["nausea", "headache"]
    assert "other mild reactions" in monograph.side_effect_notes


@pytest.mark.parametrize(
    "item",
    [
        "Skin reactions",
        "Infections",
        "Contact dermatitis",
        "Feeling like the room is spinning",
        "Tooth discoloration",
        "Low potassium",
        "High uric acid",
        "Swelling of the hands and feet",
        "Weight gain",
        "Other allergic reactions",
    ],
)
def test_side_effects_that_look_like_junk_stay_side_effects(item):
    assert terms(parse(f"* {item}\n")) == [item]


@pytest.mark.parametrize(
    "text, term, note",
    [
        ("Garlic breath at high doses", "Garlic breath", "at high doses"),
        ("Skin thinning with prolonged use", "Skin thinning", "with prolonged use"),
        ("Dryness in some individuals", "Dryness", "in some individuals"),
        ("Mood changes, including low mood", "Mood changes", "including low mood"),
        (
            "Hypothalamic-pituitary-adrenal (HPA) axis suppression (low cortisol)",
            "Hypothalamic-pituitary-adrenal axis suppression",
            "HPA; low cortisol",
        ),
        ("Occasionally, constipation has been reported", "constipation", ""),
    ],
)
def test_who_when_and_how_much_go_to_the_note(text, term, note):
    [mention] = parse(f"* {text}\n").side_effects
    assert (mention.term, mention.note) == (term, note)


# --- the resolver: variant wordings -----------------------------------------------------


@pytest.fixture
def resolver(db):
    return SideEffectResolver()


def names(resolver, mention):
    return [resolver.names[pk] for pk, _ in resolver.known(mention)]


@pytest.mark.parametrize(
    "mention, expected",
    [
        ("Irritation of the eye", ["Eye irritation"]),
        ("Redness of the eyes", ["Eye redness"]),
        ("Swelling in the ankles", ["Peripheral edema"]),
        ("Peripheral oedema", ["Peripheral edema"]),
        ("Diarrhoea", ["Diarrhea"]),
        ("Anaemia", ["Anemia"]),
        ("Increased blood triglyceride levels", ["High triglycerides"]),
        ("Elevated calcium levels in the blood", ["Hypercalcemia (high calcium)"]),
        ("Swelling in the tongue", ["Angioedema"]),  # "tongue swelling" is one of its aliases
        ("Neurological complications", ["Neurological problems"]),
        ("Renal failure", ["Kidney failure"]),
        ("Tumour lysis syndrome", ["Tumor lysis syndrome"]),
        ("Glaucoma worsening", ["Glaucoma"]),
        ("Dizziness when standing up", ["Dizziness"]),
        ("Swelling of the face, lips, or tongue", ["Angioedema"]),
        (
            "Fast or slow heart rate",
            ["Tachycardia (fast heartbeat)", "Bradycardia (slow heartbeat)"],
        ),
        ("Muscle and bone pain", ["Muscle pain", "Bone pain"]),
        ("Increased cholesterol and triglycerides", ["High cholesterol", "High triglycerides"]),
        ("Stomach upset or pain", ["Upset stomach", "Abdominal pain"]),  # not mere "Pain"
        ("Leg pain or swelling", ["Pain in extremities", "Peripheral edema"]),
    ],
)
def test_variant_wordings_find_the_reviewed_term(resolver, mention, expected):
    assert names(resolver, mention) == expected
    assert all(reviewed for _, reviewed in resolver.known(mention))


@pytest.mark.parametrize(
    "mention, expected",
    [
        # Near words that are other side effects.
        ("Hypokalemia", ["Hypokalemia (low potassium)"]),
        ("Hyperkalemia", ["Hyperkalemia (high potassium)"]),
        ("Low blood pressure", ["Hypotension (low blood pressure)"]),
        ("Increased appetite", ["Increased appetite"]),
        ("Decreased sweating", ["Decreased sweating"]),
        ("Pulmonary edema", ["Pulmonary edema"]),  # not Edema, nor a "swelling"
        ("Eye pain", ["Eye pain"]),
        # No term of the vocabulary: none is guessed.
        ("Swelling of the spleen", []),
        ("Knotted palm syndrome", []),
        # Not a reaction at the injection site.
        ("Spread of muscle weakness beyond the injection site", []),
    ],
)
def test_wordings_do_not_reach_a_wrong_term(resolver, mention, expected):
    assert names(resolver, mention) == expected


def test_a_split_never_reaches_a_fragment_term_an_earlier_file_made(resolver):
    [(discomfort, _)] = resolver.create("Discomfort")  # an earlier file's unreviewed term
    [(irritation, _)] = resolver.create("Irritation")
    resolver.commit()
    for mention in ["Local discomfort and irritation", "Bloating or discomfort"]:
        linked = [pk for pk, _ in resolver.resolve(mention)]
        assert discomfort not in linked and irritation not in linked
        assert [SideEffect.objects.get(pk=pk).name for pk in linked] == [mention]
    # Parts that are all reviewed terms are still linked each.
    assert names(resolver, "Nausea and vomiting") == ["Nausea", "Vomiting"]


def test_a_wording_that_two_reviewed_terms_share_reaches_neither():
    resolver = SideEffectResolver(
        terms=[(1, "Eye irritation", True), (2, "Irritation of the eye", True)], aliases=[]
    )
    assert resolver.known("Eye irritation") == [(1, True)]  # each by its own name
    assert resolver.known("Irritation of the eye") == [(2, True)]
    assert resolver.known("Irritation in the eyes") == []


def test_wording_keys():
    assert wording_key("Irritation of the eye") == wording_key("Eye irritation")
    assert wording_key("Swelling in the ankles") == "ankle swelling"
    assert wording_key("Haemorrhage") == wording_key("hemorrhage")
    assert wording_key("Localised rashes") == wording_key("localized rash")
    assert wording_key("Low blood platelet count") == "low platelet"
    assert wording_key("Low platelet count") != wording_key("High platelet count")


# --- the source's own wording ----------------------------------------------------------------


MONOGRAPH = """---
title: Wordazol
---

# Wordazol

### Side Effects

**Rare, serious side effects:**

* Exfoliative dermatitis
* Nausea and vomiting (mild)
"""


def test_the_source_wording_is_kept_and_exported(db, tmp_path):
    call_command("import_monographs", str(write_monograph(tmp_path, "w.md", MONOGRAPH)))
    drug = Drug.objects.with_monograph().get(slug="wordazol")
    links = {link.side_effect.name: link.source_text for link in drug.side_effect_links.all()}
    assert links == {
        "Severe skin reactions": "Exfoliative dermatitis",
        "Nausea": "",  # the term's own name
        "Vomiting": "vomiting",  # the words of its part of the mention
    }
    exported = monograph_markdown(drug)
    assert "* Exfoliative dermatitis\n" in exported
    assert "* Nausea (mild)\n* vomiting (mild)\n" in exported
    assert "Severe skin reactions" not in exported


def test_editors_see_and_edit_the_wording(admin_client):
    drug = DrugFactory(status=Drug.Status.DRAFT)
    DrugSideEffect.objects.create(
        drug=drug, side_effect=SideEffectFactory(), source_text="Peeling skin"
    )
    response = admin_client.get(reverse("admin:monographs_drug_change", args=[drug.pk]))
    assert 'name="side_effect_links-0-source_text"' in response.content.decode()
    assert 'value="Peeling skin"' in response.content.decode()
