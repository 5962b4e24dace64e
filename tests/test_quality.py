"""The quality report: each figure from a small database, the command, and the report at
the end of an import."""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monographs.importing import quality
from monographs.importing.interaction_checks import abbreviates, balanced, gloss_forms
from monographs.importing.quality import NOT_KNOWN, database_report, import_report
from monographs.importing.report import ImportReport
from monographs.models import Dosage, Drug, DrugSideEffect, Interaction, Precaution, SideEffect
from monographs.ontology import HpoTerm
from tests.conftest import write_monograph
from tests.factories import DrugFactory, DrugSideEffectFactory, SideEffectFactory

pytestmark = pytest.mark.django_db

COMMON = DrugSideEffect.Frequency.COMMON


@pytest.fixture
def empty_site():
    Drug.objects.all().delete()
    SideEffect.objects.all().delete()


def link(drug, term, frequency=COMMON, note=""):
    return DrugSideEffectFactory(drug=drug, side_effect=term, frequency=frequency, note=note)


class TestSideEffectFigures:
    @pytest.fixture
    def report(self, empty_site):
        reviewed = SideEffectFactory(hpo=HpoTerm.objects.get(pk="HP:0002315"))
        other = SideEffectFactory()
        unreviewed = SideEffectFactory(is_reviewed=False)
        SideEffectFactory(is_reviewed=False, name="Linked by no drug")
        mixed = DrugFactory()
        link(mixed, reviewed)
        link(mixed, other, NOT_KNOWN)
        link(mixed, unreviewed)
        # Every link "not stated", and the notes name a tier that the links lost.
        in_notes = DrugFactory(side_effect_notes="Less common side effects include zorbitis.")
        link(in_notes, reviewed, NOT_KNOWN)
        # A tier for side effects in general, naming none: no tier lost.
        in_general = DrugFactory(side_effect_notes="Serious side effects are uncommon.")
        link(in_general, reviewed, NOT_KNOWN)
        in_link_note = DrugFactory()
        link(in_link_note, reviewed, NOT_KNOWN, note="rare")
        link(in_link_note, other, NOT_KNOWN)
        # Every link "not stated", and nothing names a tier: "commonplace" is no tier word.
        unnamed = DrugFactory(side_effect_notes="A commonplace remark.")
        link(unnamed, reviewed, NOT_KNOWN)
        # One link states its tier: not every link is "not stated".
        one_stated = DrugFactory(side_effect_notes="Rarely, rash.")
        link(one_stated, reviewed, NOT_KNOWN)
        link(one_stated, other, COMMON)
        # Text, no link: one lists a side effect, one says none is known.
        DrugFactory(side_effect_notes="Side effects were not studied. It may cause rash.")
        DrugFactory(side_effect_notes="Its side effects are not known yet.")
        DrugFactory()  # no side-effect text at all
        # A working draft is not a monograph of its own: its links and text are not counted.
        draft = DrugFactory(
            draft_of=mixed,
            status=Drug.Status.DRAFT,
            slug=mixed.slug,
            side_effect_notes="Common: rash.",
        )
        link(draft, reviewed, NOT_KNOWN)
        return database_report()

    def test_links_on_reviewed_terms(self, report):
        assert report.monographs == 9
        assert report.side_effect_links == 10
        assert report.links_on_reviewed_terms == 9
        assert report.as_dict()["links_on_reviewed_terms_percent"] == 90.0

    def test_links_on_hpo_coded_terms(self, report):
        assert report.links_on_hpo_coded_terms == 6
        assert report.as_dict()["links_on_hpo_coded_terms_percent"] == 60.0

    def test_unreviewed_terms_per_1000_monographs(self, report):
        assert report.unreviewed_terms == 2
        figures = report.as_dict()
        assert figures["unreviewed_terms_per_1000"] == pytest.approx(222.2)
        assert figures["unreviewed_terms_per_1000_of"] == "monographs"

    def test_side_effect_text_without_links(self, report):
        assert report.drugs_with_side_effect_text_but_no_link == 1

    def test_tier_not_stated(self, report):
        assert report.links_tier_not_stated == 7
        assert report.as_dict()["links_tier_not_stated_percent"] == 70.0
        assert report.drugs_all_links_not_stated_though_tier_named == 2


class TestInteractionFigures:
    @pytest.fixture
    def report(self, empty_site):
        aspirin = DrugFactory(name="Aspirin")
        combination = DrugFactory(name="Aspirin + Caffeine")
        combination.ingredients.add(aspirin)
        names = [
            "Caffeine",  # its own ingredient, by the name in its title
            "Warfarin",
            "NSAIDs (non-steroidal anti-inflammatory drugs)",
            "Non-steroidal anti-inflammatory drugs",  # the gloss of the one before
            "MAOIs",
            "Monoamine oxidase inhibitors",  # MAOIs written out
            "Beta-blockers",
            "beta blocker",  # the same, in other case, hyphen and number
            "CNS) depressants",  # a bracket that closes nothing
            "Anticoagulants",
            "Blood thinners",  # a synonym: not found
        ]
        for order, name in enumerate(names):
            Interaction.objects.create(drug=combination, name=name, order=order)
        # Its ingredient through the link to the ingredient's monograph, under another name.
        Interaction.objects.create(drug=combination, name="ASA", interacting_drug=aspirin)
        systemic = DrugFactory(name="Acyclovir (Systemic)")
        Interaction.objects.create(drug=systemic, name="Acyclovir")
        Interaction.objects.create(drug=systemic, name="Probenecid [oral")
        Interaction.objects.create(drug=aspirin, name="Methotrexate")
        return database_report()

    def test_counts(self, report):
        assert report.interactions == 15
        assert report.interactions_naming_own_drug == 3
        assert report.interaction_duplicate_pairs == 3
        assert report.interactions_unbalanced_brackets == 2


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("NSAIDs", "Non-steroidal anti-inflammatory drugs"),
        ("NSAIDs", "Nonsteroidal anti-inflammatory drugs"),
        ("MAOIs", "Monoamine oxidase inhibitors"),
        ("MAO inhibitors", "Monoamine oxidase inhibitors"),
        ("CNS depressants", "Central nervous system depressants"),
        ("ACE inhibitors", "Angiotensin-converting enzyme inhibitors"),
    ],
)
def test_abbreviations(short, long):
    assert abbreviates(short, long)
    assert not abbreviates(long, short)


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("ACE", "Acetaminophen"),  # one word: no abbreviation of it
        ("Iron", "Iron supplements"),  # not written in capitals
        ("ARBs", "ACE inhibitors"),
        ("SSRIs", "Serotonin-norepinephrine reuptake inhibitors"),
        ("CYP3A4 inhibitors", "Strong CYP3A4 inhibitors"),
    ],
)
def test_not_abbreviations(short, long):
    assert not abbreviates(short, long)


def test_gloss_forms():
    assert gloss_forms("NSAIDs (Non-steroidal anti-inflammatory drugs)") == {
        "nsaids non steroidal anti inflammatory drug",
        "nsaid",
        "non steroidal anti inflammatory drug",
    }
    assert gloss_forms("Warfarin") == {"warfarin"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CNS depressants", True),
        ("Antacids (aluminium [or magnesium])", True),
        ("CNS) depressants", False),
        ("Antacids (aluminium", False),
        ("Antacids (aluminium]", False),
        ("Antacids )(", False),
    ],
)
def test_balanced_brackets(name, expected):
    assert balanced(name) is expected


class TestOtherFigures:
    @pytest.fixture
    def report(self, empty_site):
        drug = DrugFactory(other_notes="### Storage\n\nKeep it cool.")
        DrugFactory(other_notes="Twelve chars")
        DrugFactory()
        Precaution.objects.create(drug=drug, topic="Alcohol", text="Avoid it.")
        Precaution.objects.create(drug=drug, topic="", text="Be careful.")
        doses = [
            ("10 mg once daily.", Decimal(10)),  # states an amount, structured
            ("0.5mL into the muscle.", None),
            ("Two to 4 tablets a day.", None),
            ("Apply a 1% cream twice daily.", None),
            ("2 g at bedtime.", None),
            ("As directed, 3 times a day for 6 months.", None),  # no amount
            ("Vitamin B12 injections as needed.", None),
            ("No dose is stated.", Decimal(5)),  # structured, but its text states none
        ]
        for instructions, amount in doses:
            Dosage.objects.create(drug=drug, instructions=instructions, amount=amount)
        return database_report()

    def test_precautions_without_topic(self, report):
        assert (report.precautions, report.precautions_without_topic) == (2, 1)
        assert report.as_dict()["precautions_without_topic_percent"] == 50.0

    def test_dosage_entries_with_a_structured_amount(self, report):
        assert report.dosage_entries == 8
        assert report.dosage_entries_stating_amount == 5
        assert report.dosage_entries_with_structured_amount == 1
        assert report.as_dict()["dosage_structured_amount_percent"] == 20.0

    def test_more_information(self, report):
        assert report.more_information_drugs == 2
        assert report.more_information_characters == len("### Storage\n\nKeep it cool.") + 12
        assert report.more_information_blocks is None


def test_an_empty_database_has_no_shares(empty_site):
    figures = database_report().as_dict()
    assert figures["monographs"] == 0
    assert figures["links_on_reviewed_terms_percent"] is None
    assert figures["unreviewed_terms_per_1000"] is None


def make_drugs(count):
    term = SideEffectFactory()
    for number in range(count):
        drug = DrugFactory(side_effect_notes="Common.", other_notes="More.")
        link(drug, term, NOT_KNOWN, note="rare")
        Interaction.objects.create(drug=drug, name=f"Other drug {number}")
        Precaution.objects.create(drug=drug, text="Careful.")
        Dosage.objects.create(drug=drug, instructions="5 mg daily.")
    return Drug.objects.order_by("pk").values_list("pk", flat=True)


def queries(report):
    with CaptureQueriesContext(connection) as captured:
        report()
    return len(captured)


def test_queries_do_not_grow_with_the_drugs(empty_site):
    make_drugs(2)
    few = queries(database_report)
    make_drugs(20)
    assert queries(database_report) == few


def test_an_imports_report_takes_a_few_queries_per_batch(empty_site, monkeypatch):
    ids = list(make_drugs(6))
    run = ImportReport()
    one_batch = queries(lambda: import_report(ids[:2], run))
    assert queries(lambda: import_report(ids, run)) == one_batch
    monkeypatch.setattr(quality, "BATCH", 2)
    assert queries(lambda: import_report(ids, run)) == 3 * one_batch
    batched = import_report(ids, run).as_dict()
    monkeypatch.setattr(quality, "BATCH", 900)
    assert batched == import_report(ids, run).as_dict()
    assert batched["monographs"] == 6
    assert batched["drugs_all_links_not_stated_though_tier_named"] == 6


JSON_KEYS = {
    "scope", "monographs", "side_effect_links", "links_on_reviewed_terms",
    "links_on_reviewed_terms_percent", "links_on_hpo_coded_terms",
    "links_on_hpo_coded_terms_percent", "unreviewed_terms", "unreviewed_terms_per_1000",
    "unreviewed_terms_per_1000_of", "files_read", "drugs_with_side_effect_text_but_no_link",
    "links_tier_not_stated", "links_tier_not_stated_percent",
    "drugs_all_links_not_stated_though_tier_named", "interactions",
    "interactions_naming_own_drug", "interaction_duplicate_pairs",
    "interactions_unbalanced_brackets", "precautions", "precautions_without_topic",
    "precautions_without_topic_percent", "dosage_entries", "dosage_entries_stating_amount",
    "dosage_entries_with_structured_amount", "dosage_structured_amount_percent",
    "more_information_drugs", "more_information_characters", "more_information_blocks",
}  # fmt: skip


def command_output(*options):
    out = StringIO()
    call_command("monograph_quality", *options, stdout=out)
    return out.getvalue()


class TestCommand:
    @pytest.fixture(autouse=True)
    def drugs(self, empty_site):
        make_drugs(3)

    def test_json_has_stable_keys(self):
        figures = json.loads(command_output("--json"))
        assert set(figures) == JSON_KEYS
        assert figures["scope"] == "database"
        assert figures["monographs"] == 3
        assert figures["dosage_entries_with_structured_amount"] == 0

    def test_table(self):
        lines = command_output().splitlines()
        assert lines[0] == "Quality of the 3 monographs in the database:"
        assert "  Side-effect links on reviewed terms  " in lines[1]
        assert lines[1].endswith("3 of 3 (100.0 %)")
        assert "  Side-effect links on HPO-coded terms  " in lines[2]
        assert lines[2].endswith("0 of 3 (0.0 %)")
        assert lines[3].endswith("0 (0.0 per 1,000 monographs)")
        assert lines[5].endswith("3 of 3 (100.0 %)")
        assert lines[-1].endswith("3 drugs, 15 characters")
        # The figures make one column: every label is padded to the same width.
        assert len({re.match(r"  \S.*?\s{2,}(?=\S)", line).end() for line in lines[1:]}) == 1


GOOD = """---
title: {title}
---

# {title}
### Usage
{title} treats test anxiety.

### Dosage
**Adults:** 10 mg once daily.

### Side Effects
* Headache
* {new_effect}

### Precautions
* **Alcohol:** Avoid it.
* Take care in the heat.

### Storage
Keep it cool.
"""


def run_import(*paths):
    out = StringIO()
    call_command("import_monographs", *map(str, paths), stdout=out, stderr=StringIO())
    return out.getvalue()


class TestImportReport:
    @pytest.fixture
    def folder(self, empty_site, tmp_path):
        for title, new_effect in [("Calmazol", "Glittering toenails"), ("Restazol", "Nausea")]:
            text = GOOD.format(title=title, new_effect=new_effect)
            write_monograph(tmp_path, f"{title.lower()}.md", text)
        return tmp_path

    def test_the_import_ends_with_the_report_of_what_it_wrote(self, folder):
        lines = run_import(folder).splitlines()
        start = lines.index("Quality of the 2 monographs this import wrote:")
        report = lines[start + 1 :]
        assert lines[start - 1].startswith("Text kept as Markdown")
        assert report[0].endswith("3 of 4 (75.0 %)")
        assert "New unreviewed side-effect terms" in report[2]
        assert report[2].endswith("1 (500.0 per 1,000 files read)")
        assert report[-1].endswith("2 blocks")
        # On the same drugs the import's figures are the database's.
        database = command_output().splitlines()
        assert report[:2] == database[1:3]
        assert report[3:-1] == database[4:-1]

    def test_only_the_monographs_written_are_counted(self, folder):
        run_import(folder)
        write_monograph(folder, "calmazol.md", GOOD.format(title="Calmazol", new_effect="Rash"))
        lines = run_import(folder).splitlines()
        start = lines.index("Quality of the 1 monographs this import wrote:")
        assert lines[start + 1].endswith("2 of 2 (100.0 %)")
        assert lines[start + 3].endswith("0 (0.0 per 1,000 files read)")

    def test_no_report_when_nothing_was_written(self, folder):
        run_import(folder)
        out = run_import(folder)
        assert "Nothing to do" in out
        assert "Quality of" not in out
