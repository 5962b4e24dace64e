"""The pathological texts of corpus/pathological.py, written into a temporary folder: at
the size limit of a field each imports (or is refused with its reason) and previews; one
character over it, each is refused. How long they take is measured by
bench/pathological_bench.py, not here."""

import pytest

from corpus import pathological
from monographs.limits import MAX_FIELD_CHARACTERS
from monographs.models import Drug
from tests.test_commands import database_state, run_import

pytestmark = pytest.mark.django_db

# Texts refused whatever their size, and why: 50,000 one-line items are more lines than
# a whole monograph may have.
REFUSED = {"many list items": "the file is too long: 50,01"}
PREVIEW = "/admin/markdown-preview/"


def outcomes(paths, out, err):
    """{name: "created", or the reason the import printed for refusing the file}."""
    found = {}
    for name, path in paths.items():
        refused = [line for line in err.splitlines() if line.startswith(f"{path}: ")]
        if f"{path}: created" in out:
            found[name] = "created"
        else:
            found[name] = refused[0].removeprefix(f"{path}: ") if refused else "?"
    return found


def refused_because(found, expected):
    """Each outcome starts as expected (a whole reason, or its start)."""
    return {name: found[name][: len(reason)] for name, reason in expected.items()} == expected


@pytest.mark.parametrize("section", ["Usage", "Side Effects"])
def test_each_text_at_the_limit_imports(tmp_path, section):
    paths = pathological.write_monographs(tmp_path, section=section)
    out, err, _ = run_import(tmp_path, verbosity=2)
    expected = {name: REFUSED.get(name, "created") for name in paths}
    assert refused_because(outcomes(paths, out, err), expected)
    if section == "Usage":
        texts = pathological.texts()
        for drug in Drug.objects.filter(name__startswith="Pathological"):
            name = next(name for name, path in paths.items() if drug.source_path == path.name)
            assert drug.usage == texts[name]


def test_each_text_one_over_the_limit_is_refused(tmp_path):
    paths = pathological.write_monographs(tmp_path, size=MAX_FIELD_CHARACTERS + 1)
    before = database_state()
    out, err, error = run_import(tmp_path)
    assert error is not None
    too_long = "the usage is too long: 200,001 characters, where one field may hold 200,000"
    expected = {name: REFUSED.get(name, too_long) for name in paths}
    assert refused_because(outcomes(paths, out, err), expected)
    assert database_state() == before


class TestPreview:
    @pytest.fixture
    def editor(self, client, admin_user):
        client.force_login(admin_user)
        return client

    @pytest.mark.parametrize("name, text", pathological.texts().items())
    def test_each_text_at_the_limit_previews_as_plain_text(self, editor, name, text):
        response = editor.post(PREVIEW, {"content": text})
        assert response.status_code == 200
        html = response.content.decode()
        assert html.startswith("<p><strong>Shown as plain text:</strong>")
        assert "<li>" not in html and "<blockquote>" not in html

    @pytest.mark.parametrize("name, text", pathological.texts(MAX_FIELD_CHARACTERS + 1).items())
    def test_each_text_over_the_limit_is_not_rendered(self, editor, name, text):
        response = editor.post(PREVIEW, {"content": text})
        assert response.status_code == 413
        assert response.content.decode() == (
            "<p><strong>No preview:</strong> this text is 200,001 characters long, and one "
            "field may hold 200,000.</p>"
        )
