"""The parser on its own: Markdown in, plain data out, no database."""

import pytest

from monographs.importing.data import MonographError
from monographs.importing.parser import group_of, mention, parse_monograph, split_label
from monographs.models import DrugSideEffect, Precaution

Frequency = DrugSideEffect.Frequency


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
        Frequency.LESS_COMMON,
        True,
    )


@pytest.mark.parametrize(
    "label, expected",
    [
        ("Common Side Effects (occurring in >10% of patients)", (Frequency.COMMON, False)),
        ("Less Common, but Serious Side Effects", (Frequency.LESS_COMMON, True)),
        ("Rare side effects", (Frequency.RARE, False)),
        ("Serious side effects (seek medical help)", (Frequency.NOT_STATED, True)),
        ("Side effects that are usually not serious", (Frequency.NOT_STATED, False)),
    ],
)
def test_group_labels(label, expected):
    assert group_of(label) == expected


def test_mentions_keep_detail_as_the_note():
    assert mention("Flu-like symptoms (fever, chills)", 1, False).note == "fever, chills"
    assert mention("**Dizziness:** when standing up", 1, False).term == "Dizziness"
    assert mention("Severe allergic reactions", 2, False).serious is True


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


def test_precautions_are_labelled_bullets_with_kinds():
    monograph = parse(
        "### Precautions\n* **Alcohol:** Avoid it.\n* **Interactions:** Avoid warfarin.\n"
    )
    assert [(p.topic, p.kind) for p in monograph.precautions] == [
        ("Alcohol", Precaution.Kind.OTHER),
        ("Interactions", Precaution.Kind.INTERACTION),
    ]
    assert [i.name for i in monograph.interactions] == ["Warfarin"]


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
        ("---\ntitle: " + "x" * 300 + "\n---\n### Usage\ny\n", "limit is 255"),
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
