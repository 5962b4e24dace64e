"""The parser on its own: Markdown in, plain data out, no database."""

import pytest

from monographs.importing.data import MonographError
from monographs.importing.parser import group_of, mention, parse_monograph, split_label
from monographs.models import Dosage, DrugSideEffect, Precaution

Frequency = DrugSideEffect.Frequency
Population = Dosage.Population


def parse(body, title="Testazol"):
    return parse_monograph(f"---\ntitle: {title}\n---\n\n# {title}\n{body}".encode())


def test_bold_labels_stand_for_section_headings():
    monograph = parse(
        "**Usage:** Treats tests.\n\n**Side Effects:**\n\n* Nausea\n* Rash\n\n"
        "**How it Works:**\n\nBlocks test receptors.\n"
    )
    assert monograph.usage == "Treats tests."
    assert [m.term for m in monograph.side_effects] == ["Nausea", "Rash"]
    assert monograph.mechanism == "Blocks test receptors."


def test_headings_with_colons_and_other_words():
    monograph = parse("### Usage:\nTreats tests.\n\n### Side Effects of Testazol\n* Nausea\n")
    assert monograph.usage == "Treats tests."
    assert [m.term for m in monograph.side_effects] == ["Nausea"]


def test_nested_bullets_under_group_labels():
    monograph = parse(
        "### Side Effects\n* **Common:**\n    * Nausea (mild)\n    * Headache\n"
        "* **Rare but serious:**\n    * Seizures\n"
    )
    assert [(m.term, m.note, m.frequency, m.serious) for m in monograph.side_effects] == [
        ("Nausea", "mild", Frequency.COMMON, False),
        ("Headache", "", Frequency.COMMON, False),
        ("Seizures", "", Frequency.RARE, True),
    ]


def test_sentence_group_labels():
    monograph = parse(
        "### Side Effects\nLess common but serious side effects include:\n\n* Liver damage\n"
    )
    assert (monograph.side_effects[0].frequency, monograph.side_effects[0].serious) == (
        Frequency.UNCOMMON,
        True,
    )


@pytest.mark.parametrize(
    "label, expected",
    [
        ("Common Side Effects (occurring in >10% of patients)", (Frequency.VERY_COMMON, False)),
        ("Common side effects (&gt;10% of patients) include:", (Frequency.VERY_COMMON, False)),
        ("Serious (but less common)", (Frequency.UNCOMMON, True)),
        ("Common side effects are mild and infrequent.", (Frequency.COMMON, False)),
        ("Less Common, but Serious Side Effects", (Frequency.UNCOMMON, True)),
        ("Rare side effects", (Frequency.RARE, False)),
        ("Serious side effects (seek medical help)", (Frequency.NOT_KNOWN, True)),
        ("Side effects that are usually not serious", (Frequency.NOT_KNOWN, False)),
    ],
)
def test_group_labels(label, expected):
    assert group_of(label) == expected


def test_mentions_keep_detail_as_the_note():
    assert mention("Flu-like symptoms (fever, chills)", 1, False).note == "fever, chills"
    assert mention("**Dizziness:** when standing up", 1, False).term == "Dizziness"
    assert mention("Severe allergic reactions", 2, False).serious is True


@pytest.mark.parametrize(
    "text, term, note",
    [
        ("Perforation (rupture) of the bowel", "Perforation of the bowel", "rupture"),
        ("Raised CPK (creatine kinase) levels", "Raised CPK levels", "creatine kinase"),
        ("Hives (rare) are possible", "Hives", "are possible"),
        ("Rash (mild), mostly at first", "Rash", "mild; mostly at first"),
    ],
)
def test_words_after_a_parenthesis_may_carry_on_the_term(text, term, note):
    found = mention(text, 1, False)
    assert (found.term, found.note) == (term, note)


def test_side_effect_groups_in_prose_and_labels():
    monograph = parse(
        "### Side Effects\n"
        "**Common Side Effects:** These occur in more than 10% of patients:\n\n* Nausea\n\n"
        "Rare, but serious side effects, including stroke (a clot), have been reported.\n\n"
        "Side effects include rash, hives (including wheals), and cough. "
        "Rarely, fainting can occur.\n\n"
        "* **Allergic reactions:** rash, swelling\n"
        "* **Skin:** itching, interaction with other medications\n"
    )
    # The group opened by the label holds until the next one; prose may state its own.
    assert [(m.term, m.note, m.frequency, m.serious) for m in monograph.side_effects] == [
        ("Nausea", "", Frequency.VERY_COMMON, False),
        ("stroke", "a clot", Frequency.RARE, True),
        ("rash", "", Frequency.VERY_COMMON, False),
        ("hives", "including wheals", Frequency.VERY_COMMON, False),
        ("cough", "", Frequency.VERY_COMMON, False),
        ("fainting", "", Frequency.RARE, False),
        ("Allergic reactions", "rash, swelling", Frequency.VERY_COMMON, False),
        # A body system sorts the list but says nothing about the side effect.
        ("itching", "", Frequency.VERY_COMMON, False),
    ]
    assert "interaction with other medications" in monograph.side_effect_notes


def test_sections_of_each_ingredient():
    monograph = parse(
        "### Testazol\n**Generic Name:** Testazol\n\n**Side Effects:**\n\n* Common: nausea\n\n"
        "### Placebin\n**Generic Name:** Placebin\n\n**Side Effects:**\n\n* Common: rash\n",
        title="Testazol + Placebin",
    )
    assert monograph.generic_name == "Testazol + Placebin"
    assert [(m.term, m.note) for m in monograph.side_effects] == [
        ("nausea", "Testazol"),
        ("rash", "Placebin"),
    ]


@pytest.mark.parametrize(
    "body, generic_name, other_notes",
    [
        ("### Generic Name\nTestazol\n\nNote: it has no other name.\n", "Testazol", True),
        ("### Generic Name\nTestazol (This is a combination.)\n", "Testazol", True),
        ("### Generic Name: Testazol (Combination)\n", "Testazol", True),
        # What " + " says already is no remark.
        ("### Generic Name: Testa + Zol (Combination Therapy)\n", "Testa + Zol", False),
        ("### Generic Name\nTestazol (Systemic)\n", "Testazol (Systemic)", False),
        ("### Generic Name\n* **Testa:** a salt.\n* **Zol:** a base.\n", "Testa + Zol", True),
        ("### Generic Name\nThere is no single generic name for this.\n", "", True),
    ],
)
def test_generic_name_is_the_name_and_remarks_are_notes(body, generic_name, other_notes):
    monograph = parse(body)
    assert monograph.generic_name == generic_name
    assert monograph.other_notes.startswith("### Generic Name\n\n") is other_notes


@pytest.mark.parametrize(
    "item",
    [
        "* **Q: Can I drive?** A: Not until you know how it affects you.",
        "* **Can I drive?** Not until you know how it affects you.",
        "1. **Q:** Can I drive? **A:** Not until you know how it affects you.",
        "* Q: Can I drive? A: Not until you know how it affects you.",
    ],
)
def test_faq_forms(item):
    faqs = parse(f"### FAQs\n{item}\n").faqs
    assert [(faq.question, faq.answer) for faq in faqs] == [
        ("Can I drive?", "Not until you know how it affects you.")
    ]


def test_faq_question_paragraph_then_answer():
    faqs = parse("### FAQs\n**Can I drive?**\n\nNot at first.\n\nAsk your doctor.\n").faqs
    assert faqs[0].question == "Can I drive?"
    assert faqs[0].answer == "Not at first.\n\nAsk your doctor."


def test_faq_prefixes_on_separate_lines_are_not_kept():
    faqs = parse("**FAQs (for both):**\n\n**Q: Can I drive?**\n\nA: Not at first.\n").faqs
    assert [(faq.question, faq.answer) for faq in faqs] == [("Can I drive?", "Not at first.")]


def test_dosage_labels_notes_and_populations():
    monograph = parse(
        "### Dosage\nDosage in adults depends on the weight:\n\n"
        "* **Low weight:** 10 mg 1-2 times daily.\n\n"
        "**Important Note:** Do not double a dose.\n\n"
        "**Children:**\n\nAsk a pediatrician.\n\n"
        "**Infection:**\n\n* Over 12 years: 20 mg daily.\n\nTake it with food.\n"
    )
    assert [(d.label, d.indication, d.population) for d in monograph.dosages] == [
        ("Low weight", "", Population.ADULTS),
        ("Children", "", Population.CHILDREN),
        ("Over 12 years", "Infection", Population.ADULTS),
    ]
    assert "Important Note" in monograph.dosage_notes
    assert "Take it with food." in monograph.dosage_notes


def test_precautions_are_labelled_bullets_with_kinds():
    monograph = parse(
        "### Precautions\n* **Alcohol:** Avoid it.\n* **Interactions:** Avoid warfarin.\n"
        "* **Other precautions:** Rest.\n* **Calcium Lactate:** Take with food.\n"
    )
    assert [(p.topic, p.kind) for p in monograph.precautions] == [
        ("Alcohol", Precaution.Kind.OTHER),
        ("Interactions", Precaution.Kind.INTERACTION),
        ("Other precautions", Precaution.Kind.OTHER),
        ("Calcium Lactate", Precaution.Kind.OTHER),
    ]
    # A topic that is an interacting name is that interaction.
    assert [(i.name, i.description) for i in monograph.interactions] == [
        ("Alcohol", "Avoid it."),
        ("Warfarin", "Avoid warfarin."),
    ]


def test_other_precautions_name_interactions_only_where_they_say_so():
    monograph = parse(
        "### Precautions\n"
        "* **Warnings:** Use with caution in patients with low potassium levels. "
        "Those taking certain CYP2D6 and CYP3A4 inhibitors should avoid it.\n"
        "* **Contraindications:** Warfarin users need checks. Avoid concomitant use of "
        "ketoconazole.\n"
    )
    assert sorted(i.name for i in monograph.interactions) == [
        "CYP2D6 inhibitors",
        "CYP3A4 inhibitors",
        "Ketoconazole",
    ]


def test_interaction_severity_only_where_stated():
    monograph = parse(
        "### Interactions\nUse caution with lithium. Taking tramadol is contraindicated.\n"
    )
    assert {i.name: i.severity for i in monograph.interactions} == {
        "Lithium": "",
        "Tramadol": "major",
    }


def test_a_drug_does_not_interact_with_itself():
    monograph = parse("### Interactions\nWarfarin raises the effect of warfarin.\n", "Warfarin")
    assert monograph.interactions == []


def test_unknown_sections_are_kept_as_markdown():
    monograph = parse("### Usage\nTreats tests.\n\n### Storage\nKeep **cool**.\n")
    assert monograph.other_notes == "### Storage\n\nKeep **cool**."
    assert monograph.unstructured_blocks == 1


def test_combination_titles_name_their_ingredients():
    assert parse("### Usage\nx\n", "Acarbose + Metformin").ingredient_names == [
        "Acarbose",
        "Metformin",
    ]


def test_split_label():
    assert split_label("**Initial dose:** 10 mg") == ("Initial dose", "10 mg")
    assert split_label("**Initial dose**: 10 mg") == ("Initial dose", "10 mg")
    assert split_label("No label here") == ("", "No label here")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"---\ntitle: x\n", "not closed"),
        (b"---\ntitle: 'x\n---\n### Usage\n", "not valid YAML"),
        (b"----\ntitle: x\n---\n", "no YAML front matter"),
        (b"\xef\xbb\xbf---\ntitle: X\n---\n", "no sections"),
        (
            "---\ntitle: " + "x" * 601 + "\n---\n### Usage\ny\n",
            "601 characters long; a title may have 600",
        ),
        (b"---\ntitle: {a: 1}\n---\n### Usage\ny\n", "'title' must be text"),
    ],
)
def test_unusable_files_say_why(data, message):
    data = data.encode() if isinstance(data, str) else data
    with pytest.raises(MonographError, match=message):
        parse_monograph(data)


def test_windows_line_endings():
    data = b"---\r\ntitle: Testazol\r\n---\r\n### Usage\r\nTreats tests.\r\n"
    assert parse_monograph(data).usage == "Treats tests."
