"""The diff between two revisions reads as what an editor changed, inlines included."""

import copy

import pytest
from django.template.loader import render_to_string

from monographs.editorial.diffs import diff_snapshots, summarise
from monographs.editorial.revisions import snapshot
from monographs.models import Drug, DrugSideEffect

TEMPLATE = "admin/monographs/drug/includes/revision_diff.html"
Frequency = DrugSideEffect.Frequency


def make_snapshot(**parts):
    data = {
        "fields": {"name": "Interferon beta-1b", "usage": "Treats relapsing multiple sclerosis."},
        "dosages": [
            {
                "indication": "",
                "population": "adults",
                "label": "Initial dose",
                "route": "subcutaneous",
                "amount": "0.0625",
                "unit": "mg",
                "frequency": "every other day",
                "instructions": "",
                "order": 0,
            }
        ],
        "side_effect_links": [
            side_effect_row(1, "Headache", order=0),
            side_effect_row(2, "Nausea", frequency=Frequency.UNCOMMON, order=1),
        ],
        "precautions": [],
        "interactions": [],
        "faqs": [
            {"question": "When does it start working?", "answer": "Within weeks.", "order": 0},
            {"question": "Can I drink alcohol?", "answer": "Ask your doctor.", "order": 1},
        ],
    }
    data.update(parts)
    return data


def side_effect_row(term_id, name, frequency=Frequency.COMMON, serious=False, note="", order=0):
    return {
        "side_effect_id": term_id,
        "side_effect_name": name,
        "frequency": frequency,
        "serious": serious,
        "note": note,
        "order": order,
    }


def marked(line):
    """A line as text, with [-deleted-] and {+inserted+} words, wdiff style."""
    wrap = {"same": "{}", "del": "[-{}-]", "ins": "{{+{}+}}"}
    return "".join(wrap[op].format(text) for op, text in line.segments)


def by_title(sections):
    return {section.title: section for section in sections}


def kinds(section):
    return [line.kind for line in section.lines]


def test_identical_snapshots_have_no_diff():
    assert diff_snapshots(make_snapshot(), make_snapshot()) == []
    assert summarise([]) == "No changes"


def test_a_word_added_to_a_field():
    new = make_snapshot()
    new["fields"]["usage"] = "Treats relapsing forms of multiple sclerosis."
    [section] = diff_snapshots(make_snapshot(), new)
    assert section.title == "Usage"
    [line] = section.lines
    assert line.kind == "changed"
    assert [text.strip() for op, text in line.segments if op == "ins"] == ["forms of"]
    assert not [text for op, text in line.segments if op == "del"]


def test_a_dosage_amount_change_shows_old_and_new_amount():
    new = make_snapshot()
    new["dosages"][0]["amount"] = "0.1250"
    [section] = diff_snapshots(make_snapshot(), new)
    assert section.title == "Dosage"
    [line] = section.lines
    assert line.kind == "changed"
    assert marked(line) == (
        "Adults · Initial dose · [-0.0625-]{+0.125+} mg every other day · subcutaneous"
    )


def test_a_dose_that_becomes_a_range_shows_its_upper_end():
    new = make_snapshot()
    new["dosages"][0]["amount_max"] = "0.1250"
    [section] = diff_snapshots(make_snapshot(), new)
    [line] = section.lines
    assert marked(line) == (
        "Adults · Initial dose · [-0.0625-]{+0.0625–0.125+} mg every other day · subcutaneous"
    )


def test_an_added_and_a_removed_side_effect():
    new = make_snapshot(
        side_effect_links=[
            side_effect_row(1, "Headache", order=0),
            side_effect_row(3, "Dizziness", serious=True, note="when standing up", order=1),
        ]
    )
    [section] = diff_snapshots(make_snapshot(), new)
    assert section.title == "Side effects"
    assert [(line.kind, marked(line)) for line in section.lines] == [
        ("same", "Headache — Common"),
        ("removed", "[-Nausea — Uncommon-]"),
        ("added", "{+Dizziness — Common, serious — when standing up+}"),
    ]


def test_an_edited_row_next_to_an_added_one_is_matched_by_what_it_is():
    new = make_snapshot()
    new["side_effect_links"].insert(1, side_effect_row(3, "Dizziness", order=1))
    new["side_effect_links"][2]["order"] = 2
    new["side_effect_links"][2]["serious"] = True
    [section] = diff_snapshots(make_snapshot(), new)
    assert [(line.kind, marked(line)) for line in section.lines] == [
        ("same", "Headache — Common"),
        ("added", "{+Dizziness — Common+}"),
        ("changed", "Nausea — [-Uncommon-]{+Uncommon, serious+}"),
    ]


def test_a_reordered_list_shows_the_moved_row_only():
    new = make_snapshot()
    new["faqs"][0]["order"], new["faqs"][1]["order"] = 1, 0
    [section] = diff_snapshots(make_snapshot(), new)
    assert section.title == "FAQs"
    assert sorted(kinds(section)) == ["added", "removed", "same"]
    moved = {marked(line).strip("[-{+}]") for line in section.lines if line.kind != "same"}
    assert len(moved) == 1  # one FAQ, removed from its old place and added at its new one


def test_renumbering_without_reordering_is_no_change():
    new = make_snapshot()
    for number, faq in enumerate(new["faqs"]):
        faq["order"] = 10 * (number + 1)
    assert diff_snapshots(make_snapshot(), new) == []


def test_an_faq_answer_with_two_words_changed():
    old = make_snapshot()
    old["faqs"][1]["answer"] = "Ask your doctor before drinking alcohol."
    new = copy.deepcopy(old)
    new["faqs"][1]["answer"] = "Ask your pharmacist before drinking wine."
    [section] = diff_snapshots(old, new)
    assert [(line.kind, marked(line)) for line in section.lines] == [
        ("same", "Q: When does it start working? A: Within weeks."),
        (
            "changed",
            "Q: Can I drink alcohol? A: Ask your [-doctor-]{+pharmacist+} before drinking "
            "[-alcohol.-]{+wine.+}",
        ),
    ]


def test_a_reworded_question_is_one_changed_line():
    new = make_snapshot()
    new["faqs"][0]["question"] = "When does it begin working?"
    [section] = diff_snapshots(make_snapshot(), new)
    assert kinds(section) == ["changed", "same"]
    assert "[-start-]{+begin+}" in marked(section.lines[0])


def test_missing_keys_in_an_old_snapshot_count_as_empty():
    old = {
        "fields": {"name": "Interferon beta-1b"},
        "side_effect_links": [{"side_effect_name": "Nausea"}],
    }
    sections = by_title(diff_snapshots(old, make_snapshot()))
    assert list(sections) == ["Usage", "Dosage", "Side effects", "FAQs"]
    assert kinds(sections["Dosage"]) == ["added"]
    assert kinds(sections["Side effects"]) == ["added", "changed"]
    assert marked(sections["Side effects"].lines[1]) == "Nausea{+ — Uncommon+}"
    assert diff_snapshots({}, {}) == []
    assert [section.title for section in diff_snapshots(None, {"fields": {"name": "X"}})] == [
        "Name"
    ]


def test_sections_follow_the_page_and_the_summary_names_them():
    new = make_snapshot(
        precautions=[
            {"topic": "Liver", "kind": "warning", "text": "Check liver tests.", "order": 0}
        ],
        interactions=[
            {
                "interacting_drug_id": None,
                "name": "Cladribine",
                "severity": "major",
                "description": "Adds to immune suppression.",
                "order": 0,
            }
        ],
    )
    new["fields"]["mechanism"] = "Calms the immune system."
    new["fields"]["conditions"] = [{"id": 4, "name": "Multiple sclerosis"}]
    sections = diff_snapshots(make_snapshot(), new)
    assert summarise(sections) == (
        "4 sections changed: Conditions, How it works, Precautions, Interactions"
    )
    lines = [marked(section.lines[0]) for section in sections]
    assert lines == [
        "{+Multiple sclerosis+}",
        "{+Calms the immune system.+}",
        "{+Warning: Liver — Check liver tests.+}",
        "{+Cladribine (major) — Adds to immune suppression.+}",
    ]


def test_a_long_field_keeps_one_line_of_context_around_a_change():
    text = "\n\n".join(f"Paragraph {number}." for number in range(1, 11))
    old, new = make_snapshot(), make_snapshot()
    old["fields"]["other_notes"] = text
    new["fields"]["other_notes"] = text.replace("Paragraph 5.", "Paragraph five.")
    [section] = diff_snapshots(old, new)
    assert section.title == "Other notes"
    assert kinds(section) == ["gap", "same", "changed", "same", "gap"]
    assert marked(section.lines[2]) == "Paragraph [-5.-]{+five.+}"


def test_the_template_escapes_hostile_text():
    new = make_snapshot()
    new["fields"]["usage"] = "Treats <script>alert(1)</script> sclerosis."
    new["faqs"][0]["answer"] = '<img src=x onerror="alert(1)">'
    html = render_to_string(TEMPLATE, {"sections": diff_snapshots(make_snapshot(), new)})
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h3>Usage</h3>" in html
    assert "<ins>" in html and "<del>" in html


def test_the_template_marks_changes_without_colour():
    new = make_snapshot(side_effect_links=[side_effect_row(1, "Headache")])
    new["dosages"][0]["amount"] = "0.125"
    html = render_to_string(TEMPLATE, {"sections": diff_snapshots(make_snapshot(), new)})
    assert '<span class="visually-hidden">Removed: </span><del>Nausea — Uncommon</del>' in html
    assert '<span class="visually-hidden">[removed: </span>0.0625' in html
    assert '<span class="visually-hidden">[added: </span>0.125' in html
    assert "−</span>" in html  # the visible marker of a removed line


def test_the_template_says_when_nothing_changed():
    assert "No changes." in render_to_string(TEMPLATE, {"sections": []})


@pytest.mark.django_db
def test_a_real_monograph_dosage_change():
    drug = Drug.objects.get(slug="interferon-beta-1b")
    old = snapshot(drug)
    new = copy.deepcopy(old)
    assert diff_snapshots(old, new) == []
    dosage = next(row for row in new["dosages"] if row["amount"] is not None)
    was = old["dosages"][new["dosages"].index(dosage)]["amount"]
    dosage["amount"] = "0.1250"
    [section] = diff_snapshots(old, new)
    assert section.title == "Dosage"
    [line] = [line for line in section.lines if line.kind == "changed"]
    assert ("ins", "0.125") in line.segments
    assert ("del", was.rstrip("0").rstrip(".")) in line.segments
