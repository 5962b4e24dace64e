"""export_monographs: the database back to Markdown that imports into the same data.

The round trip is the contract: export, empty the site, import the exported folder, and
every fact the importer stores must come back unchanged.
"""

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils.text import slugify

from monographs.exporting import SIDE_EFFECT_GROUPS, render_monograph
from monographs.importing.data import (
    DosageEntry,
    FAQEntry,
    InteractionEntry,
    Monograph,
    PrecautionEntry,
)
from monographs.importing.parser import group_of, parse_monograph
from monographs.models import Drug, DrugSideEffect, SideEffect
from tests.conftest import SAMPLE_CORPUS
from tests.factories import DrugFactory

pytestmark = pytest.mark.django_db


def snapshot():
    """Every monograph in the database as plain data, keyed by slug."""
    return {drug.slug: monograph_facts(drug) for drug in Drug.objects.with_monograph()}


def monograph_facts(drug):
    return {
        "name": drug.name,
        "generic_name": drug.generic_name,
        "drug_class": drug.drug_class,
        "availability": drug.availability,
        "usage": drug.usage,
        "mechanism": drug.mechanism,
        "dosage_notes": drug.dosage_notes,
        "side_effect_notes": drug.side_effect_notes,
        "other_notes": drug.other_notes,
        "side_effects": {
            (link.side_effect.name, link.frequency, link.serious, link.note, link.source_text)
            for link in drug.side_effect_links.all()
        },
        "dosages": [
            (dosage.indication, dosage.label, dosage.population, dosage.instructions)
            for dosage in drug.dosages.all()
        ],
        "precautions": [(p.topic, p.kind, p.text) for p in drug.precautions.all()],
        # The Interactions section is written before Precautions, so only the order of
        # interactions may change.
        "interactions": sorted(
            (i.name, i.description, i.severity) for i in drug.interactions.all()
        ),
        "faqs": [(faq.question, faq.answer) for faq in drug.faqs.all()],
    }


def differences(before, after):
    """One line per drug and field that differs, to read in an assertion message."""
    lines = []
    for slug in sorted(before.keys() - after.keys()):
        lines.append(f"{slug}: missing after the round trip")
    for slug in sorted(after.keys() - before.keys()):
        lines.append(f"{slug}: new after the round trip")
    for slug in sorted(before.keys() & after.keys()):
        for field, old in before[slug].items():
            new = after[slug][field]
            if old == new:
                continue
            if isinstance(old, set):
                old, new = sorted(old - new), sorted(new - old)
            elif isinstance(old, list):
                old, new = [x for x in old if x not in new], [x for x in new if x not in old]
            lines.append(f"{slug}: {field}: before {short(old)} after {short(new)}")
    return lines


def short(value, limit=300):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def export(folder, *args):
    out = StringIO()
    call_command("export_monographs", str(folder), *args, stdout=out)
    return out.getvalue()


def import_folder(folder):
    """Import a folder; a file that cannot be imported is reported and left out."""
    try:
        call_command("import_monographs", str(folder), verbosity=0, stderr=StringIO())
    except CommandError as error:
        return str(error)
    return None


def round_trip(folder):
    before = snapshot()
    export(folder)
    Drug.objects.all().delete()
    failure = import_folder(folder)
    return before, snapshot(), failure


def test_seeds_round_trip(tmp_path):
    before, after, failure = round_trip(tmp_path)
    assert failure is None
    assert len(before) >= 25
    mismatches = differences(before, after)
    assert mismatches == [], "\n".join(mismatches)


def test_writes_one_file_per_drug_in_the_seed_shape(tmp_path):
    out = export(tmp_path / "new" / "folder")
    count = Drug.objects.count()
    assert f"Exported {count} monographs to {tmp_path / 'new' / 'folder'}." in out
    files = (tmp_path / "new" / "folder").glob("*.md")
    assert sorted(file.stem for file in files) == sorted(
        Drug.objects.values_list("slug", flat=True)
    )
    text = (tmp_path / "new" / "folder" / "interferon-beta-1b.md").read_text()
    assert text.startswith("---\nlayout: minimal-medicine\ntitle: Interferon beta-1b\n---\n")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Interferon beta-1b",
        "### Generic Name",
        "### Usage",
        "### Dosage",
        "### Side Effects",
        "### How it Works",
        "### Precautions",
        "### FAQs",
    ]
    assert "* **Initial dose:** 0.0625 mg" in text
    assert (
        "**Uncommon, serious side effects (up to 1 in 100 people):**\n\n* Allergic reaction" in text
    )
    assert "* **Q: What should I do if I miss a dose?** A: Administer" in text


def test_quiet_at_verbosity_zero(tmp_path):
    out = StringIO()
    call_command("export_monographs", str(tmp_path), verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_refuses_a_file_as_the_folder(tmp_path):
    file = tmp_path / "taken.md"
    file.write_text("not a folder")
    with pytest.raises(CommandError, match="exists and is not a folder"):
        export(file)
    assert file.read_text() == "not a folder"


def test_published_only_leaves_drafts_out(tmp_path):
    draft = DrugFactory(name="Draftamab", status=Drug.Status.DRAFT)
    export(tmp_path / "all")
    out = export(tmp_path / "published", "--published-only")
    assert (tmp_path / "all" / f"{draft.slug}.md").exists()
    assert not (tmp_path / "published" / f"{draft.slug}.md").exists()
    published = Drug.objects.published().count()
    assert len(list((tmp_path / "published").glob("*.md"))) == published
    assert f"Exported {published} monographs" in out


def test_hostile_title_gets_valid_front_matter_and_imports_back(tmp_path):
    title = 'Foo: "bar" # baz'
    DrugFactory(name=title, slug="foo-bar-baz", usage="Treats tests.")
    export(tmp_path)
    text = (tmp_path / "foo-bar-baz.md").read_text()
    front_matter = yaml.safe_load(text.split("---\n")[1])
    assert front_matter == {"layout": "minimal-medicine", "title": title}
    Drug.objects.all().delete()
    assert import_folder(tmp_path) is None
    assert Drug.objects.get(slug="foo-bar-baz").name == title


def test_side_effect_names_with_parentheses_or_colons_read_back(tmp_path):
    drug = DrugFactory(name="Testazol", slug="testazol")
    links = [
        ("Fatigue (tiredness)", "", 1, False),
        ("Edema (swelling)", "ankles and feet", 1, False),
        ("Swelling - face", "", 3, True),
        ("Rash", "itchy (sometimes)", 4, False),
        ("Injection site reactions", "pain, redness", 1, False),
    ]
    for name, note, frequency, serious in links:
        side_effect, _ = SideEffect.objects.get_or_create(
            name=name, defaults={"slug": slugify(name)}
        )
        DrugSideEffect.objects.create(
            drug=drug, side_effect=side_effect, note=note, frequency=frequency, serious=serious
        )
    before, after, failure = round_trip(tmp_path)
    assert failure is None
    assert after["testazol"]["side_effects"] == {
        (name, frequency, serious, note, "") for name, note, frequency, serious in links
    }
    assert differences(before, after) == []


def test_every_tier_and_serious_flag_reads_back(tmp_path):
    drug = DrugFactory(name="Testazol", slug="testazol")
    links = []
    for tier in DrugSideEffect.Frequency:
        for serious in (False, True):
            name = f"Tier {tier.value} {'serious' if serious else 'mild'} effect"
            # A note that states a tier of its own words says the link's: it reads back.
            note = "rare in children" if tier == DrugSideEffect.Frequency.RARE else ""
            links.append((name, note, tier, serious))
            DrugSideEffect.objects.create(
                drug=drug,
                side_effect=SideEffect.objects.create(name=name, slug=slugify(name)),
                frequency=tier,
                serious=serious,
                note=note,
            )
    before, after, failure = round_trip(tmp_path)
    assert failure is None
    assert after["testazol"]["side_effects"] == {
        (name, tier, serious, note, "") for name, note, tier, serious in links
    }
    assert differences(before, after) == []


# --- shapes, read back by the parser alone -------------------------------------------------


def reparse(monograph):
    return parse_monograph(render_monograph(monograph).encode())


@pytest.mark.parametrize("group", list(SIDE_EFFECT_GROUPS))
def test_every_side_effect_group_label_reads_back(group):
    assert group_of(SIDE_EFFECT_GROUPS[group]) == group


def test_dosage_entries_without_a_group_after_a_group_read_back():
    dosages = [
        DosageEntry("Take with water.", label="Tip"),
        DosageEntry("One tablet.\n\nOr two.", label="Dose"),
        DosageEntry("Start low.", indication="Pain"),
        DosageEntry("10 mg daily.", label="Initial dose", indication="Pain"),
        DosageEntry("* a\n* b", indication="Pain"),
        DosageEntry("Not established.", label="Pediatric Dosage"),
        DosageEntry("Ask a doctor."),
        DosageEntry("5 mg.", label="Dosage"),
    ]
    monograph = Monograph(title="Testazol", dosage_notes="Doses vary.", dosages=dosages)
    back = reparse(monograph)
    assert back.dosage_notes == "Doses vary."
    assert [(d.indication, d.label, d.instructions) for d in back.dosages] == [
        (d.indication, d.label, d.instructions) for d in dosages
    ]


def test_multi_paragraph_precautions_and_answers_stay_in_their_bullets():
    precautions = [
        PrecautionEntry("First.\n\nSecond, with a list:\n\n* one\n* two", "Warnings", "warning"),
        PrecautionEntry("No topic here.", "", "other"),
    ]
    faqs = [
        FAQEntry("Can I?", "Yes.\n\nBut ask first."),
        FAQEntry("Is it bold?", "**Yes:** it is."),
        FAQEntry("No answer?", ""),
    ]
    back = reparse(Monograph(title="Testazol", precautions=precautions, faqs=faqs))
    # The import gives every precaution a topic: one made without a topic in the admin
    # comes back with the topic its first words give.
    assert back.precautions == [
        precautions[0],
        PrecautionEntry("No topic here.", "No topic here", "other"),
    ]
    assert back.faqs == faqs


def test_a_precaution_over_a_list_comes_back_with_its_list():
    precautions = [
        PrecautionEntry(
            "* Severe liver disease\n* Pregnancy", "Contraindications", "contraindication"
        ),
        PrecautionEntry("Do not use it in patients with:\n\n* gout", "Gout", "contraindication"),
        PrecautionEntry("Avoid driving.", "Driving", "other"),
    ]
    back = reparse(Monograph(title="Testazol", precautions=precautions))
    assert back.precautions == precautions


def test_interactions_not_found_again_in_precautions_get_their_own_section():
    interactions = [
        InteractionEntry("Warfarin", "Use caution when combining with warfarin.", ""),
        InteractionEntry("Grapefruit juice", "Avoid it.", ""),
    ]
    precautions = [
        PrecautionEntry("Use caution when combining with warfarin.", "Interactions", "interaction")
    ]
    monograph = Monograph(title="Testazol", precautions=precautions, interactions=interactions)
    text = render_monograph(monograph)
    assert "### Interactions\n\n* **Grapefruit juice:** Avoid it." in text
    assert "**Warfarin:**" not in text
    back = parse_monograph(text.encode())
    assert sorted(back.interactions, key=lambda i: i.name) == sorted(
        interactions, key=lambda i: i.name
    )


def test_text_before_the_first_heading_stays_before_it():
    monograph = Monograph(
        title="Testazol",
        usage="Treats tests.",
        other_notes="An introduction.\n\n### Storage\n\nKeep cool.",
    )
    text = render_monograph(monograph)
    assert text.index("An introduction.") < text.index("### Usage") < text.index("### Storage")
    assert reparse(monograph).other_notes == monograph.other_notes


# --- the sample corpus ------------------------------------------------------------------------


@pytest.mark.skipif(
    not SAMPLE_CORPUS.is_dir(), reason=f"the sample corpus is not at {SAMPLE_CORPUS}"
)
def test_sample_corpus_round_trip(tmp_path):
    Drug.objects.all().delete()
    import_folder(SAMPLE_CORPUS)
    assert Drug.objects.count() == len(list(SAMPLE_CORPUS.rglob("*.md")))
    before, after, failure = round_trip(tmp_path)
    mismatches = differences(before, after)
    if failure:
        mismatches.insert(0, f"the exported files did not all import: {failure}")
    assert mismatches == [], f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)
