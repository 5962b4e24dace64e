"""Merging side-effect terms in the admin: who may, the audit entry that records what a
merge changed, and undoing it back to the exact terms, aliases, links and pages."""

import pytest
from django.test import Client
from django.urls import reverse

from monographs.editorial import merging
from monographs.models import AuditEntry, Drug, DrugSideEffect, SideEffect, SideEffectAlias
from tests.factories import recount_and_list
from tests.roles import account, client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

CHANGELIST = "/admin/monographs/sideeffect/"


@pytest.fixture
def duplicates():
    """Two duplicates of Headache. Ibuprofen lists only the first (its link moves);
    Interferon lists Headache and both duplicates (its links are combined, twice)."""
    headache = SideEffect.objects.get(slug="headache")
    ibuprofen = Drug.objects.get(slug="ibuprofen")
    interferon = Drug.objects.get(slug="interferon-beta-1b")
    ibuprofen.side_effect_links.filter(side_effect=headache).delete()
    pounding = SideEffect.objects.create(
        name="Head pounding",
        slug="head-pounding",
        description="A throbbing head.",
        body_system=SideEffect.BodySystem.NERVOUS,
        is_reviewed=False,
    )
    ache = SideEffect.objects.create(name="Cranial ache", slug="cranial-ache")
    SideEffectAlias.objects.create(side_effect=pounding, name="pounding head")
    common, uncommon, rare = (DrugSideEffect.Frequency[tier] for tier in
                              ("COMMON", "UNCOMMON", "RARE"))  # fmt: skip
    ibuprofen.side_effect_links.create(
        side_effect=pounding, frequency=uncommon, serious=True, note="after exercise", order=7
    )
    interferon.side_effect_links.filter(side_effect=headache).update(
        frequency=rare, serious=False, note="mild"
    )
    interferon.side_effect_links.create(side_effect=pounding, frequency=common, note="at night")
    interferon.side_effect_links.create(side_effect=ache, frequency=rare, serious=True, order=3)
    recount_and_list()
    return headache, [pounding, ache]


def merge_by_action(client, target, terms):
    return client.post(
        CHANGELIST,
        {
            "action": "merge",
            "_selected_action": [target.pk, *(term.pk for term in terms)],
            "target": target.pk,
            "apply": "Merge",
        },
        follow=True,
    )


def links_of(terms):
    """Every link of the terms' drugs, as the values a visitor and an editor see."""
    drugs = DrugSideEffect.objects.filter(side_effect__in=terms).values("drug_id")
    return sorted(
        DrugSideEffect.objects.filter(drug__in=drugs).values_list(
            "drug_id", "side_effect__name", "frequency", "serious", "note", "source_text", "order"
        )
    )


def term_state(term):
    term = SideEffect.objects.get(pk=term.pk)
    fields = [getattr(term, name) for name in SideEffect.MERGE_RECORD_FIELDS]
    return fields, term.published_drug_count, sorted(term.aliases.values_list("name", flat=True))


def pages(terms, drugs):
    visitor = Client()
    urls = ["/side-effects/", *(t.get_absolute_url() for t in terms)]
    urls += [drug.get_absolute_url() for drug in drugs]
    return {url: visitor.get(url).content.decode() for url in urls}


def test_merge_is_audited_with_each_term_alias_and_link(duplicates):
    headache, merged = duplicates
    response = merge_by_action(client_as("reviewer"), headache, merged)
    assert b"Merged Cranial ache, Head pounding into Headache." in response.content
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MERGED)
    assert entry.username == "reviewer-account" and entry.monograph is None
    assert entry.detail == (
        "Merged Cranial ache (1 drug link), Head pounding (2 drug links, 1 alias) into Headache"
    )
    pounding = next(r for r in entry.undo_data["merged"] if r["name"] == "Head pounding")
    assert pounding["aliases"] == ["pounding head"]
    assert pounding["alias_added"] == "head pounding"
    ibuprofen_link = next(
        link
        for link in pounding["links"]
        if link["drug_id"] == Drug.objects.get(slug="ibuprofen").pk
    )
    assert ibuprofen_link == {
        "drug_id": ibuprofen_link["drug_id"],
        "frequency": DrugSideEffect.Frequency.UNCOMMON,
        "serious": True,
        "note": "after exercise",
        "source_text": "",
        "order": 7,
        "combined_with": None,
    }
    # The moved link keeps the words it was shown with, so an export still writes them.
    moved = DrugSideEffect.objects.get(drug__slug="ibuprofen", side_effect=headache)
    assert moved.source_text == "Head pounding"
    trail = client_as("superuser").get(reverse("admin:monographs_auditentry_changelist"))
    assert "Merged side effects" in trail.content.decode()
    assert reverse("admin:monographs_sideeffect_undo_merge", args=[entry.pk]) in (
        trail.content.decode()
    )


def test_undo_brings_back_the_exact_terms_links_and_pages(duplicates):
    headache, merged = duplicates
    drugs = list(Drug.objects.filter(slug__in=["ibuprofen", "interferon-beta-1b"]))
    before = {
        "links": links_of([headache, *merged]),
        "terms": [term_state(term) for term in [headache, *merged]],
        "pages": pages([headache, *merged], drugs),
    }
    reviewer = client_as("reviewer")
    merge_by_action(reviewer, headache, merged)
    assert not SideEffect.objects.filter(pk__in=[t.pk for t in merged]).exists()
    assert Client().get("/side-effects/head-pounding/").status_code == 404
    merged_pages = pages([headache], drugs)  # cached, merged
    assert "Head pounding" not in merged_pages[drugs[0].get_absolute_url()]

    entry = AuditEntry.objects.get(action=AuditEntry.Action.MERGED)
    undo = reverse("admin:monographs_sideeffect_undo_merge", args=[entry.pk])
    page = reviewer.get(undo).content.decode()
    assert "after exercise" in page and "Ibuprofen" in page and "pounding head" in page
    response = reviewer.post(undo, follow=True)
    assert b"Brought back Cranial ache, Head pounding from Headache." in response.content

    assert links_of([headache, *merged]) == before["links"]
    assert [term_state(term) for term in [headache, *merged]] == before["terms"]
    assert pages([headache, *merged], drugs) == before["pages"]
    assert not SideEffectAlias.objects.filter(name="head pounding").exists()
    undone = AuditEntry.objects.get(action=AuditEntry.Action.MERGE_UNDONE)
    assert undone.undo_data == {"undoes": entry.pk}

    # Once is all: the page says who undid it, and a second POST changes nothing.
    again = reviewer.post(undo)
    assert again.status_code == 200 and "undid this merge" in again.content.decode()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.MERGE_UNDONE).count() == 1


def test_a_link_removed_since_the_merge_stays_removed(duplicates):
    headache, merged = duplicates
    entry = merging.merge([headache, *merged], headache, account("reviewer"))
    Drug.objects.get(slug="ibuprofen").side_effect_links.filter(side_effect=headache).delete()
    _, warnings = merging.undo_merge(entry, account("superuser"))
    assert warnings == [
        "Ibuprofen no longer lists Headache, so its Head pounding link was not brought back."
    ]
    assert not DrugSideEffect.objects.filter(
        drug__slug="ibuprofen", side_effect__slug="head-pounding"
    ).exists()


def test_undo_is_refused_when_a_term_of_that_name_exists_again(duplicates):
    headache, merged = duplicates
    entry = merging.merge([headache, *merged], headache, account("reviewer"))
    SideEffect.objects.create(name="Head pounding", slug="head-pounding-2")
    links = links_of([headache])
    assert "Head pounding" in merging.why_not_undoable(entry)
    with pytest.raises(merging.MergeError):
        merging.undo_merge(entry, account("superuser"))
    assert links_of([headache]) == links
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.MERGE_UNDONE).exists()


@pytest.mark.parametrize(
    "role, allowed", [("editor", False), ("reviewer", True), ("superuser", True)]
)
def test_only_those_who_may_merge_may_undo(duplicates, role, allowed):
    headache, merged = duplicates
    entry = merging.merge([headache, *merged], headache, account("reviewer", "rita"))
    undo = reverse("admin:monographs_sideeffect_undo_merge", args=[entry.pk])
    client = client_as(role)
    assert (client.get(undo).status_code == 200) == allowed
    client.post(undo)
    assert SideEffect.objects.filter(slug="head-pounding").exists() == allowed
    assert Client().post(undo).status_code == 302  # to the sign-in page
