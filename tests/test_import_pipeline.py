"""How an import run moves files through its steps: every file parsed and its new terms
counted before the first is written (unless --allow-new-terms), parsed files held packed,
and the queries one file costs a large import."""

import pytest
from django.db import connection

from monographs.db import BULK_CHECKPOINT_PAGES, fewer_checkpoints
from monographs.importing import pipeline
from monographs.importing.files import content_hash, find_monograph_files
from monographs.importing.parser import parse_monograph
from monographs.importing.pipeline import MonographImporter, Parsed
from monographs.importing.writer import MonographWriter
from monographs.models import Drug
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
