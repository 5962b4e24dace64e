"""generate_corpus and the corpus app: synthetic monographs for measuring at scale."""

import random
import re
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from corpus.drug_classes import DRUG_CLASSES
from corpus.planning import plan_drugs
from corpus.side_effects import POPULAR_SIDE_EFFECTS
from corpus.synthetic import (
    SOURCE_PREFIX,
    SyntheticCorpus,
    SyntheticCorpusError,
    generate_corpus,
    synthetic_drugs,
)
from monographs.limits import MAX_FIELD_CHARACTERS, MAX_SIDE_EFFECT_LINKS
from monographs.models import Condition, Drug, DrugSideEffect, Interaction, SideEffect

pytestmark = pytest.mark.django_db

SUFFIXES = tuple(suffix for drug_class in DRUG_CLASSES for suffix in drug_class.suffixes)


def generate(*args):
    out = StringIO()
    call_command("generate_corpus", *map(str, args), stdout=out)
    return out.getvalue()


def synthetic_names():
    return list(synthetic_drugs().order_by("source_path").values_list("name", flat=True))


class TestNames:
    def test_names_are_unique_invented_generics_with_some_combinations(self):
        plans = plan_drugs(random.Random(5), 2000, taken_slugs=set())
        names = [plan.name for plan in plans]
        combinations = [name for name in names if " + " in name]
        assert len(set(names)) == len({plan.slug for plan in plans}) == 2000
        assert 0.05 < len(combinations) / 2000 < 0.11
        singles = [name for name in names if " + " not in name]
        assert all(name.lower().endswith(SUFFIXES) for name in singles)
        assert all(re.fullmatch(r"[A-Z][a-z]+", name) for name in singles)
        assert all(part in singles for name in combinations for part in name.split(" + "))

    def test_taken_slugs_are_never_planned(self):
        taken = {plan.slug for plan in plan_drugs(random.Random(5), 300, taken_slugs=set())}
        again = plan_drugs(random.Random(5), 300, taken_slugs=set(taken))
        assert not taken & {plan.slug for plan in again}


class TestGeneratedMonographs:
    @pytest.fixture
    def generated(self):
        existing = set(Drug.objects.values_list("pk", flat=True))
        generate("--drugs", 60, "--seed", 11)
        return Drug.objects.exclude(pk__in=existing)

    def test_adds_exactly_the_published_synthetic_drugs(self, generated):
        assert generated.count() == 60
        assert generated.filter(status=Drug.Status.PUBLISHED).count() == 60
        assert generated.filter(source_path__startswith=SOURCE_PREFIX).count() == 60
        assert generated.filter(imported_at__isnull=True).count() == 60
        assert len({drug.source_path for drug in generated}) == 60

    def test_every_drug_has_a_full_monograph(self, generated):
        for drug in generated.with_monograph():
            assert 5 <= len(drug.side_effect_links.all()) <= 25
            assert 2 <= len(drug.dosages.all()) <= 5
            assert 3 <= len(drug.faqs.all()) <= 6
            assert 2 <= len(drug.precautions.all()) <= 4
            assert len(drug.interactions.all()) <= 3
            assert drug.summary and drug.usage and drug.mechanism

    def test_popular_side_effects_are_listed_most(self, generated):
        links = DrugSideEffect.objects.filter(drug__in=generated)
        counts = Counter(links.values_list("side_effect__name", flat=True))
        top_three = [name for name, _ in counts.most_common(3)]
        assert set(top_three) <= set(POPULAR_SIDE_EFFECTS[:6])
        assert len(counts) > 60  # the rare tail shows up too
        tiers = Counter(links.values_list("frequency", flat=True))
        assert tiers[DrugSideEffect.Frequency.COMMON] > tiers[DrugSideEffect.Frequency.RARE]
        assert 0.1 < links.filter(serious=True).count() / links.count() < 0.3

    def test_interactions_link_to_the_drug_they_name(self, generated):
        interactions = Interaction.objects.filter(drug__in=generated).select_related(
            "interacting_drug"
        )
        assert interactions
        for interaction in interactions:
            assert interaction.interacting_drug.name == interaction.name
            assert interaction.interacting_drug_id != interaction.drug_id

    def test_combinations_list_their_ingredients(self, generated):
        combinations = generated.filter(name__contains=" + ")
        assert combinations
        for drug in combinations:
            ingredients = sorted(drug.ingredients.values_list("name", flat=True))
            assert ingredients == sorted(drug.name.split(" + "))

    def test_edit_dates_are_spread_over_two_years(self, generated):
        now = timezone.now()
        dates = list(generated.values_list("created_at", "updated_at"))
        assert all(now - timedelta(days=731) <= updated <= now for _, updated in dates)
        assert all(created <= updated for created, updated in dates)
        assert len({updated.date() for _, updated in dates}) > 30


def test_works_without_conditions():
    Condition.objects.all().delete()
    generate_corpus(20)
    assert synthetic_drugs().count() == 20
    assert all(drug.usage and drug.dosages.exists() for drug in synthetic_drugs())
    assert not Drug.conditions.through.objects.exists()


def test_drugs_are_linked_to_existing_conditions():
    Condition.objects.all().delete()
    conditions = [
        Condition.objects.create(name=name, slug=name.lower().replace(" ", "-"))
        for name in ("Multiple sclerosis", "Hypertension", "Gout")
    ]
    generate_corpus(60, seed=2)
    linked = synthetic_drugs().filter(conditions__in=conditions).distinct()
    assert 30 <= linked.count() <= 55
    for drug in linked:
        names = [condition.name.lower() for condition in drug.conditions.all()]
        assert 1 <= len(names) <= 2
        assert all(name in drug.usage.lower() for name in names)


def test_a_drug_class_treats_its_own_conditions_when_they_exist():
    Condition.objects.all().delete()
    Condition.objects.create(name="High blood pressure", slug="high-blood-pressure")
    Condition.objects.create(name="Gout", slug="gout")
    generate_corpus(60, seed=3)
    blood_pressure_drugs = synthetic_drugs().filter(name__regex=r"^[A-Za-z]+(sartan|pril|dipine)$")
    assert blood_pressure_drugs
    for drug in blood_pressure_drugs:
        assert "high blood pressure" in drug.usage
        assert "Gout" not in {condition.name for condition in drug.conditions.all()}


def test_the_same_seed_gives_the_same_names():
    generate_corpus(30, seed=4)
    first = synthetic_names()
    generate_corpus(30, seed=4, replace=True)
    assert synthetic_names() == first
    generate_corpus(30, seed=5, replace=True)
    assert synthetic_names() != first


def test_replace_removes_earlier_synthetic_drugs_only():
    seeds = set(Drug.objects.values_list("slug", flat=True))
    generate_corpus(20, seed=1)
    generate_corpus(20, seed=1)  # a second run finds new names and numbers
    assert synthetic_drugs().count() == 40
    result = generate_corpus(10, seed=1, replace=True)
    assert result.removed == 40
    assert synthetic_drugs().count() == 10
    assert seeds <= set(Drug.objects.values_list("slug", flat=True))
    assert Drug.objects.count() == len(seeds) + 10


def test_refuses_without_side_effect_vocabulary_before_removing_anything():
    generate_corpus(3)
    DrugSideEffect.objects.all().delete()
    SideEffect.objects.all().delete()
    with pytest.raises(CommandError, match="load_vocabulary"):
        generate("--drugs", 3, "--replace")
    assert synthetic_drugs().count() == 3


class TestCommand:
    def test_reports_what_it_added(self):
        output = generate("--drugs", 5)
        assert re.fullmatch(r"Added 5 synthetic monographs in \d+\.\d s\.\n", output)

    def test_reports_what_it_replaced(self):
        generate("--drugs", 3)
        output = generate("--drugs", 4, "--replace")
        assert output.startswith("Removed 3 earlier synthetic monographs.\nAdded 4 ")
        assert synthetic_drugs().count() == 4

    def test_dry_run_writes_nothing(self):
        generate("--drugs", 3)
        before = Drug.objects.count()
        output = generate("--drugs", 7, "--replace", "--dry-run")
        assert "Would remove 3 earlier" in output and "Would add 7" in output
        assert Drug.objects.count() == before

    def test_quiet_at_verbosity_zero(self):
        out = StringIO()
        call_command("generate_corpus", "--drugs", "2", verbosity=0, stdout=out)
        assert out.getvalue() == ""

    @pytest.mark.parametrize("count", ["0", "-3"])
    def test_refuses_a_count_below_one(self, count):
        with pytest.raises(CommandError, match="at least 1"):
            generate("--drugs", count)


def test_side_effect_counts_include_the_new_drugs():
    before = sum(SideEffect.objects.values_list("published_drug_count", flat=True))
    generate_corpus(20, seed=7)
    after = sum(SideEffect.objects.values_list("published_drug_count", flat=True))
    links = DrugSideEffect.objects.filter(drug__source_path__startswith="synthetic/").count()
    assert after - before == links


class TestLimits:
    def test_synthetic_texts_and_links_are_within_the_limits(self):
        generate("--drugs", 40, "--seed", 3)
        drugs = synthetic_drugs()
        longest = max(len(getattr(drug, name)) for drug in drugs for name in Drug.CONTENT_FIELDS)
        assert longest <= MAX_FIELD_CHARACTERS
        linked = DrugSideEffect.objects.filter(drug__in=drugs).values_list("drug", flat=True)
        links = Counter(linked)
        assert max(links.values()) <= MAX_SIDE_EFFECT_LINKS

    def test_a_text_over_the_limit_stops_the_batch(self, monkeypatch):
        monkeypatch.setattr(SyntheticCorpus, "dosage_notes", lambda self, plan: "x" * 200_001)
        with pytest.raises(SyntheticCorpusError, match="200,001 characters"):
            generate_corpus(5, seed=3)
        assert not synthetic_drugs().exists()
