"""How much one file may bring: its size, its lines, its fields. Over a limit, a file is
refused with a line that says which, and nothing of it is written."""

import pytest

from monographs.limits import (
    MAX_FIELD_CHARACTERS,
    MAX_MONOGRAPH_BYTES,
    MAX_MONOGRAPH_LINES,
)
from monographs.models import Drug
from tests.conftest import write_monograph
from tests.test_commands import GOOD, database_state, run_import

pytestmark = pytest.mark.django_db


def monograph(title="Testazol", usage="Testazol treats test anxiety.", **sections):
    text = f"---\ntitle: {title}\n---\n\n# {title}\n\n### Usage\n\n{usage}\n"
    for heading, body in sections.items():
        text += f"\n### {heading.replace('_', ' ')}\n\n{body}\n"
    return text


class TestFileSize:
    def test_a_file_over_the_limit_is_refused_from_its_size(self, tmp_path):
        path = tmp_path / "huge.md"
        with path.open("wb") as file:
            file.truncate(4 * 1024**3)  # sparse: reading it whole would take a while
        before = database_state()
        _, err, error = run_import(tmp_path)
        assert error is not None
        assert f"huge.md: the file is too large: {4 * 1024**3:,} bytes, where a monograph " in err
        assert f"may have {MAX_MONOGRAPH_BYTES:,}" in err
        assert database_state() == before

    def test_a_file_of_exactly_the_limit_imports(self, tmp_path):
        fields = {"How_it_Works": "", "Dosage": "", "Side_Effects": "", "Precautions": ""}
        text = monograph(usage="", **fields)
        share = (MAX_MONOGRAPH_BYTES - len(text)) // 5
        body = ("word " * (share // 5 + 1))[: share - 1] + "."
        text = monograph(usage=body, **dict.fromkeys(fields, body))
        text += "x" * (MAX_MONOGRAPH_BYTES - len(text.encode()))
        path = write_monograph(tmp_path, "full.md", text)
        assert path.stat().st_size == MAX_MONOGRAPH_BYTES
        _, err, error = run_import(path)
        assert error is None, err
        drug = Drug.objects.get(slug="testazol")
        assert len(drug.usage) > MAX_FIELD_CHARACTERS * 0.9
        path.write_text(text + "x")
        _, err, error = run_import(path)
        assert "the file is too large: 1,000,001 bytes" in err

    def test_a_file_with_too_many_lines_is_refused(self, tmp_path):
        path = write_monograph(tmp_path, "lines.md", monograph(usage="a\n" * MAX_MONOGRAPH_LINES))
        _, err, error = run_import(path)
        assert error is not None
        assert f"where a monograph may have {MAX_MONOGRAPH_LINES:,}" in err
        assert not Drug.objects.filter(slug="testazol").exists()


class TestFieldSize:
    def test_a_field_over_the_limit_refuses_the_file_and_names_the_field(self, tmp_path):
        usage = "a" * (MAX_FIELD_CHARACTERS + 1)
        path = write_monograph(tmp_path, "long.md", monograph(usage=usage))
        before = database_state()
        _, err, error = run_import(path)
        assert error is not None
        assert (
            "long.md: the usage is too long: 200,001 characters, where one field may hold 200,000"
        ) in err
        assert database_state() == before

    def test_the_field_may_be_an_entry(self, tmp_path):
        answer = "b" * (MAX_FIELD_CHARACTERS + 1)
        faqs = f"**Q: Is it long?**\n\n{answer}"
        path = write_monograph(tmp_path, "faq.md", monograph(FAQs=faqs))
        _, err, _ = run_import(path)
        assert "the answer of FAQ 1 is too long: 200,001 characters" in err

    def test_a_refused_change_leaves_the_monograph_as_it_was(self, tmp_path):
        path = write_monograph(tmp_path, "testazol.md", GOOD)
        assert run_import(path)[2] is None
        before = database_state()
        path.write_text(GOOD.replace("Testazol treats", "a" * MAX_FIELD_CHARACTERS + " treats"))
        _, err, error = run_import(path)
        assert error is not None and "the usage is too long" in err
        assert database_state() == before

    def test_a_field_at_the_limit_imports(self, tmp_path):
        usage = "word " * (MAX_FIELD_CHARACTERS // 5 - 1) + "last."
        assert len(usage) == MAX_FIELD_CHARACTERS
        path = write_monograph(tmp_path, "full.md", monograph(usage=usage))
        assert run_import(path)[2] is None
        assert len(Drug.objects.get(slug="testazol").usage) == MAX_FIELD_CHARACTERS
