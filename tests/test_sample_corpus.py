"""The whole RxHive sample imports, and its side effects resolve to the vocabulary.

Skipped where the shared sample corpus is not beside the checkout.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from monographs.models import Drug, DrugSideEffect
from tests.conftest import SAMPLE_CORPUS

if not SAMPLE_CORPUS.is_dir():
    pytest.skip(f"the sample corpus is not at {SAMPLE_CORPUS}", allow_module_level=True)

pytestmark = pytest.mark.django_db

FILES = sorted(SAMPLE_CORPUS.rglob("*.md"))
# A side-effects section, then a bullet or a sentence that lists ("include", "such as").
LISTS_SIDE_EFFECTS = re.compile(
    r"side effects[^\n]*\n(?:(?!^#{1,3} |^\*\*(?:how it works|precautions|faqs?)\b).*\n)*?"
    r"(?:\s*(?:[*+-]|\d+\.)\s+\S|.*\b(?:include|such as)\b)",
    re.IGNORECASE | re.MULTILINE,
)


@pytest.fixture
def report():
    Drug.objects.all().delete()
    out, err = StringIO(), StringIO()
    call_command("import_monographs", str(SAMPLE_CORPUS), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_every_sample_file_imports(report):
    out, err = report
    assert err == ""
    assert f"{len(FILES)} created" in out and "0 failed" in out
    assert Drug.objects.count() == len(FILES)


def test_drugs_whose_source_lists_side_effects_have_them_linked(report):
    listing = {
        file.relative_to(SAMPLE_CORPUS).as_posix()
        for file in FILES
        if LISTS_SIDE_EFFECTS.search(file.read_text(encoding="utf-8", errors="replace"))
    }
    linked = set(
        Drug.objects.filter(source_path__in=listing, side_effect_links__isnull=False)
        .values_list("source_path", flat=True)
        .distinct()
    )
    share = len(linked) / len(listing)
    missing = sorted(listing - linked)
    assert share >= 0.97, f"{share:.1%} linked; without links: {missing}"


def test_most_mentions_resolve_to_reviewed_terms(report):
    out, _ = report
    mentions = re.search(r"(\d+) resolved to reviewed terms \(([\d.]+)%\), (\d+) to new", out)
    reviewed, unreviewed = int(mentions[1]), int(mentions[3])
    assert reviewed / (reviewed + unreviewed) >= 0.90
    links = DrugSideEffect.objects.all()
    reviewed_links = links.filter(side_effect__is_reviewed=True).count()
    assert reviewed_links / links.count() >= 0.90
