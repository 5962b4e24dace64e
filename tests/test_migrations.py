"""Data migrations, run forwards and back on rows written as the schema before them was."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_SCALE = [("monographs", "0015_search_reads_a_bounded_usage")]
SCALE = [("monographs", "0016_side_effect_frequency_scale")]
# Old tiers: 1 Common, 2 Less common, 3 Rare, 4 Frequency not stated.
OLD_TO_NEW = {1: 2, 2: 3, 3: 4, 4: 6}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def old_scale_rows(apps):
    """A drug with one link in each old tier, a revision and a merge that recorded them."""
    Drug = apps.get_model("monographs", "Drug")
    SideEffect = apps.get_model("monographs", "SideEffect")
    drug = Drug.objects.create(name="Testazol", slug="testazol")
    links = []
    for old in OLD_TO_NEW:
        term = SideEffect.objects.create(name=f"Effect {old}", slug=f"effect-{old}")
        links.append(
            apps.get_model("monographs", "DrugSideEffect").objects.create(
                drug=drug, side_effect=term, frequency=old
            )
        )
    apps.get_model("monographs", "Revision").objects.create(
        monograph=drug,
        number=1,
        action="saved",
        snapshot={
            "fields": {"name": "Testazol"},
            "side_effect_links": [{"side_effect_id": 1, "frequency": old} for old in OLD_TO_NEW],
        },
    )
    apps.get_model("monographs", "AuditEntry").objects.create(
        action="merged",
        detail="test merge",
        undo_data={
            "target": {"id": 1, "name": "Effect 1"},
            "merged": [
                {
                    "name": "Effect 9",
                    "links": [
                        {"drug_id": drug.pk, "frequency": 2, "combined_with": {"frequency": 4}},
                        {"drug_id": drug.pk + 1, "frequency": 3, "combined_with": None},
                    ],
                }
            ],
        },
    )
    return drug


def tiers(apps):
    links = apps.get_model("monographs", "DrugSideEffect").objects.filter(drug__slug="testazol")
    revision = apps.get_model("monographs", "Revision").objects.get(monograph__slug="testazol")
    merge = apps.get_model("monographs", "AuditEntry").objects.get(detail="test merge")
    [record] = merge.undo_data["merged"]
    return (
        sorted(links.values_list("side_effect__name", "frequency")),
        [link["frequency"] for link in revision.snapshot["side_effect_links"]],
        [
            (link["frequency"], (link["combined_with"] or {}).get("frequency"))
            for link in record["links"]
        ],
    )


@pytest.mark.django_db(transaction=True)
def test_links_revisions_and_merges_move_to_the_cioms_scale_and_back():
    apps = migrate(BEFORE_SCALE)
    old_scale_rows(apps)
    old_generation = apps.get_model("monographs", "PageGeneration").objects.filter(key="site")
    old_generation = old_generation.values_list("generation", flat=True).first()
    try:
        apps = migrate(SCALE)
        assert tiers(apps) == (
            [("Effect 1", 2), ("Effect 2", 3), ("Effect 3", 4), ("Effect 4", 6)],
            [2, 3, 4, 6],
            [(3, 6), (4, None)],
        )
        # Every cached page showed the old tiers: all get a new generation.
        PageGeneration = apps.get_model("monographs", "PageGeneration")
        assert PageGeneration.objects.get(key="site").generation != old_generation

        apps = migrate(BEFORE_SCALE)
        assert tiers(apps) == (
            [("Effect 1", 1), ("Effect 2", 2), ("Effect 3", 3), ("Effect 4", 4)],
            [1, 2, 3, 4],
            [(2, 4), (3, None)],
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("monographs"))


@pytest.mark.django_db(transaction=True)
def test_going_back_folds_very_common_and_very_rare_into_the_old_tiers():
    apps = migrate(SCALE)
    drug = apps.get_model("monographs", "Drug").objects.create(name="Testazol", slug="testazol")
    SideEffect = apps.get_model("monographs", "SideEffect")
    DrugSideEffect = apps.get_model("monographs", "DrugSideEffect")
    for new in range(1, 7):
        term = SideEffect.objects.create(name=f"Effect {new}", slug=f"effect-{new}")
        DrugSideEffect.objects.create(drug=drug, side_effect=term, frequency=new)
    try:
        apps = migrate(BEFORE_SCALE)
        links = apps.get_model("monographs", "DrugSideEffect").objects.filter(drug=drug.pk)
        assert sorted(links.values_list("side_effect__name", "frequency")) == [
            ("Effect 1", 1),  # very common: common
            ("Effect 2", 1),  # common: common
            ("Effect 3", 2),  # uncommon: less common
            ("Effect 4", 3),  # rare: rare
            ("Effect 5", 3),  # very rare: rare
            ("Effect 6", 4),  # not known: not stated
        ]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("monographs"))


BEFORE_SPLIT = [("monographs", "0031_drug_status_id_index")]
SPLIT = [("monographs", "0032_distinct_side_effect_concepts")]


@pytest.mark.django_db(transaction=True)
def test_aliases_of_another_concept_leave_the_curated_term_and_nothing_else():
    apps = migrate(BEFORE_SPLIT)
    SideEffect = apps.get_model("monographs", "SideEffect")
    Alias = apps.get_model("monographs", "SideEffectAlias")
    curated = SideEffect.objects.create(
        name="Atrial fibrillation", slug="atrial-fibrillation-test", is_reviewed=True
    )
    other = SideEffect.objects.create(name="Skin flakes", slug="skin-flakes-test")
    Alias.objects.bulk_create(
        [
            Alias(side_effect=curated, name="atrial flutter"),
            Alias(side_effect=curated, name="a-fib test"),
            Alias(side_effect=other, name="peeling"),  # an editor's: another term
        ]
    )
    try:
        apps = migrate(SPLIT)
        Alias = apps.get_model("monographs", "SideEffectAlias")
        assert sorted(
            Alias.objects.filter(name__in=["atrial flutter", "a-fib test", "peeling"]).values_list(
                "side_effect__name", "name"
            )
        ) == [
            ("Atrial fibrillation", "a-fib test"),
            ("Skin flakes", "peeling"),
        ]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("monographs"))
