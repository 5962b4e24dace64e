"""How an import run moves files through its steps: every file parsed and its new terms
counted before the first is written (unless --allow-new-terms), parsed files held packed,
and the queries one file costs a large import."""

import pytest
from django.db import connection

from monographs.db import BULK_CHECKPOINT_PAGES, fewer_checkpoints, insert_instance
from monographs.importing import pipeline
from monographs.importing.files import content_hash, find_monograph_files
from monographs.importing.parser import parse_monograph
from monographs.importing.pipeline import MonographImporter, Parsed
from monographs.importing.writer import MonographWriter
from monographs.models import Drug
from monographs.vocabulary.conditions import conditions_in
from monographs.vocabulary.resolver import SideEffectResolver
from tests.conftest import write_monograph

pytestmark = pytest.mark.django_db

# Every part a file can fill, so that writing it touches every table a monograph has.
FULL = """---
title: {title}
---

# {title}
### Usage
{title} treats high blood pressure.

### Dosage
**Adults:**

* **Initial dose:** 10 mg once daily.

### Side Effects
**Common Side Effects:**

* Headache
* Nausea (mild)

### Precautions
* **Warnings:** Stop if a rash appears.

### Interactions
* **Aspirin:** Raises the risk of bleeding.

### FAQs
* **Q: Can I take it with food?** A: Yes.
"""


def full_text(title):
    return FULL.format(title=title)


@pytest.fixture
def folder(tmp_path):
    for number in range(3):
        write_monograph(tmp_path, f"probe-{number}.md", full_text(f"Probezol {number}"))
    return tmp_path


@pytest.fixture
def steps(monkeypatch):
    """The order in which the run parses and writes files: ("parse"|"write", title)."""
    seen = []
    parse = pipeline.parse_or_error

    def parse_and_note(data):
        parsed = parse(data)
        seen.append(("parse", parsed.monograph().title))
        return parsed

    monkeypatch.setattr(pipeline, "parse_or_error", parse_and_note)
    return seen


def import_noting_writes(folder, steps, **options):
    importer = MonographImporter(**options)
    report = importer.import_paths(
        [folder], on_result=lambda result: steps.append(("write", result.title))
    )
    assert [result.outcome for result in report.results] == ["created"] * 3
    return steps


def test_every_file_is_parsed_before_the_first_is_written(folder, steps):
    titles = [f"Probezol {number}" for number in range(3)]
    assert import_noting_writes(folder, steps) == [
        *[("parse", title) for title in titles],
        *[("write", title) for title in titles],
    ]


def test_with_new_terms_allowed_each_file_is_written_as_it_is_parsed(folder, steps):
    noted = import_noting_writes(folder, steps, allow_new_terms=True)
    assert noted == [
        (step, f"Probezol {number}") for number in range(3) for step in ("parse", "write")
    ]


def test_a_file_lets_go_of_its_bytes_once_handed_to_the_parser(folder):
    importer = MonographImporter()
    files, _ = find_monograph_files([folder])
    to_parse = importer.read_all(files, None)
    assert all(source.data for source in to_parse)
    parsed = list(importer.parse_and_count(to_parse))
    assert len(parsed) == 3
    assert [source.data for source in to_parse] == [b""] * 3


def test_a_parsed_file_comes_back_whole_from_its_packing():
    monograph = parse_monograph(full_text("Probezol").encode())
    monograph.condition_names = ["High blood pressure"]
    parsed = Parsed.pack(monograph)
    assert parsed.monograph() == monograph
    assert parsed.terms == ["Headache", "Nausea"]


def test_a_file_of_a_large_import_costs_one_query_a_table(tmp_path, django_assert_num_queries):
    """A new monograph in a large import: its drug row, one INSERT for each kind of child
    row, the page generations, inside its savepoint (a transaction outside tests)."""
    path = write_monograph(tmp_path, "probezol.md", full_text("Probezol"))
    source = find_monograph_files([path])[0][0]
    source.digest = content_hash(path.read_bytes())
    monograph = pipeline.parse_or_error(path.read_bytes()).monograph()
    importer = MonographImporter()
    writer = MonographWriter(
        importer.drug_ids, importer.condition_ids, importer.resolver, True, False, True
    )
    # SAVEPOINT, the drug, dosage, precaution, FAQ, interaction, side effects,
    # conditions, the generations, RELEASE SAVEPOINT
    with django_assert_num_queries(10):
        written = writer.write(monograph, source, None)
    drug = Drug.objects.get(pk=written.drug_id)
    counts = [
        drug.dosages.count(),
        drug.precautions.count(),
        drug.faqs.count(),
        drug.interactions.count(),
        drug.side_effect_links.count(),
        drug.conditions.count(),
    ]
    assert counts == [1, 1, 1, 1, 2, 1]


def test_fewer_checkpoints_lasts_as_long_as_the_block():
    def checkpoint_pages():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint")
            return cursor.fetchone()[0]

    if connection.vendor != "sqlite":
        with fewer_checkpoints():  # nothing to change on PostgreSQL
            assert connection.vendor == "postgresql"
        return
    before = checkpoint_pages()
    assert before != BULK_CHECKPOINT_PAGES
    with fewer_checkpoints():
        assert checkpoint_pages() == BULK_CHECKPOINT_PAGES
    assert checkpoint_pages() == before


def test_with_workers_the_conditions_are_found_beside_the_writing(folder, monkeypatch):
    """The workers parse for the count without looking for conditions, and find them
    after it, while the files are written: each monograph still gets its conditions."""
    monkeypatch.setattr(pipeline, "PARALLEL_THRESHOLD", 2)
    report = MonographImporter(workers=2).import_paths([folder])
    assert [result.outcome for result in report.results] == ["created"] * 3
    expected = conditions_in("Probezol treats high blood pressure.")
    assert expected
    drugs = Drug.objects.filter(name__startswith="Probezol")
    assert [list(drug.conditions.values_list("name", flat=True)) for drug in drugs] == [
        expected
    ] * 3


def test_the_count_resolves_a_known_mention_once_for_the_whole_run(monkeypatch):
    resolver = SideEffectResolver(terms=[(1, "Headache", True)], aliases=[])
    asked = []
    known = resolver.known

    def known_and_noted(term, planned=()):
        asked.append(term)
        return known(term, planned)

    monkeypatch.setattr(resolver, "known", known_and_noted)
    count = pipeline.NewTermsCount(resolver)
    count.add("a.md", ["Headache", "Probe twitch"])
    count.add("b.md", ["Headache", "Probe twitch", "Probe flutter", "Headache"])
    # Probe twitch is new in a.md and planned, so known, in b.md; then known for good.
    assert [found for found, _ in count.counts] == [1, 1]
    assert asked == ["Headache", "Probe twitch", "Probe twitch", "Probe flutter"]


def test_a_drug_inserted_by_its_statement_reads_back_as_saved():
    drug = Drug(name="Probezol", slug="probezol", usage="Treats probes.")
    insert_instance(drug)
    assert drug.pk is not None and not drug._state.adding
    stored = Drug.objects.get(pk=drug.pk)
    assert (stored.name, stored.slug, stored.usage, stored.status, stored.version) == (
        "Probezol",
        "probezol",
        "Treats probes.",
        Drug.Status.DRAFT,
        1,
    )
    assert stored.created_at == drug.created_at and stored.updated_at == drug.updated_at
