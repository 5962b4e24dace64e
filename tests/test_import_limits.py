"""How much one file may bring: its size, its fields, its side-effect links and the new
terms it adds to the vocabulary. Over a limit, a file is refused with a line that says
which, and nothing of it is written; mentions over a cap stay as text."""

import pytest

from monographs.limits import (
    MAX_FIELD_CHARACTERS,
    MAX_MONOGRAPH_BYTES,
    MAX_MONOGRAPH_LINES,
    MAX_NEW_TERMS_PER_FILE,
    MAX_SIDE_EFFECT_LINKS,
)
from monographs.models import Drug, SideEffect
from tests.conftest import write_monograph
from tests.test_commands import GOOD, database_state, run_import

pytestmark = pytest.mark.django_db


def monograph(title="Testazol", usage="Testazol treats test anxiety.", **sections):
    text = f"---\ntitle: {title}\n---\n\n# {title}\n\n### Usage\n\n{usage}\n"
    for heading, body in sections.items():
        text += f"\n### {heading.replace('_', ' ')}\n\n{body}\n"
    return text


def side_effects(terms):
    return "\n".join(f"* {term}" for term in terms)


def new_terms(count, start=0):
    """Side effects no vocabulary knows: "Zorblaxia 12"."""
    return [f"Zorblaxia {number}" for number in range(start, start + count)]


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


class TestSideEffectCaps:
    def test_links_beyond_the_cap_stay_as_text(self, tmp_path):
        known = list(SideEffect.objects.filter(is_reviewed=True).values_list("name", flat=True))
        terms = known[: MAX_SIDE_EFFECT_LINKS + 20]
        assert len(terms) == MAX_SIDE_EFFECT_LINKS + 20
        path = write_monograph(tmp_path, "many.md", monograph(Side_Effects=side_effects(terms)))
        out, err, error = run_import(path)
        assert error is None, err
        drug = Drug.objects.get(slug="testazol")
        assert drug.side_effect_links.count() == MAX_SIDE_EFFECT_LINKS
        assert f"* {terms[-1]}" in drug.side_effect_notes
        assert f"* {terms[0]}\n" not in drug.side_effect_notes
        assert "side-effect mentions kept as text in the side-effect notes" in out
        assert f"a monograph links at most {MAX_SIDE_EFFECT_LINKS} side effects" in out

    def test_new_terms_beyond_the_cap_stay_as_text(self, tmp_path):
        terms = ["Headache", *new_terms(MAX_NEW_TERMS_PER_FILE + 30)]
        path = write_monograph(tmp_path, "new.md", monograph(Side_Effects=side_effects(terms)))
        terms_before = SideEffect.objects.count()
        out, err, error = run_import(path)
        assert error is None, err
        assert SideEffect.objects.count() == terms_before + MAX_NEW_TERMS_PER_FILE
        drug = Drug.objects.get(slug="testazol")
        assert drug.side_effect_links.count() == MAX_NEW_TERMS_PER_FILE + 1
        assert drug.side_effect_notes.count("* Zorblaxia") == 30
        assert "30 side-effect mentions kept as text" in out
        assert f"one file adds at most {MAX_NEW_TERMS_PER_FILE} new terms" in out

    def test_a_file_of_thousands_of_new_side_effects_adds_a_few(self, tmp_path):
        terms = new_terms(MAX_MONOGRAPH_LINES - 50)
        path = write_monograph(tmp_path, "flood.md", monograph(Side_Effects=side_effects(terms)))
        terms_before = SideEffect.objects.count()
        assert run_import(path)[2] is None
        assert SideEffect.objects.count() == terms_before + MAX_NEW_TERMS_PER_FILE


class TestNewTermsOfAnImport:
    @pytest.fixture
    def folder(self, tmp_path):
        for number in range(3):
            terms = new_terms(30, start=100 * number)
            text = monograph(f"Flood {number}", Side_Effects=side_effects(terms))
            write_monograph(tmp_path, f"flood-{number}.md", text)
        return tmp_path

    def test_too_many_stop_the_import_before_anything_is_written(self, folder):
        before = database_state()
        _, _, error = run_import(folder)
        assert error is not None
        message = str(error)
        assert "these 3 files would add 90 new side-effect terms" in message
        assert "more than the 50 allowed (2 a file on average)" in message
        assert "flood-0.md (30)" in message and "--allow-new-terms" in message
        assert database_state() == before

    def test_allowed_when_asked(self, folder):
        terms_before = SideEffect.objects.count()
        out, err, error = run_import(folder, options=["--allow-new-terms"])
        assert error is None, err
        assert SideEffect.objects.count() == terms_before + 90

    def test_a_higher_share_allows_them(self, folder):
        assert run_import(folder, options=["--max-new-terms-per-file", "30"])[2] is None
        assert Drug.objects.filter(name__startswith="Flood").count() == 3

    def test_terms_another_file_adds_count_once(self, tmp_path):
        for number in range(3):
            text = monograph(f"Same {number}", Side_Effects=side_effects(new_terms(30)))
            write_monograph(tmp_path, f"same-{number}.md", text)
        assert run_import(tmp_path)[2] is None
        assert SideEffect.objects.filter(name__startswith="Zorblaxia").count() == 30
