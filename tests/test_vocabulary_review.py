"""The vocabulary review page: who may use it, the unreviewed terms most listed first with
their suggestions, each one-click and bulk step with its audit entry and its undo, the
refusals, and a query count that does not grow with the terms on the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monographs.editorial import curation, merging
from monographs.models import AuditEntry, Drug, DrugSideEffect, SideEffect, SideEffectAlias
from monographs.ontology import HpoAncestor, HpoTerm
from monographs.vocabulary.suggestions import (
    HEAD_NOUN,
    HPO_SYNONYM,
    NEAR_ALIAS,
    SAME_WORDS,
    Candidates,
    head_noun,
    suggest,
)
from tests.roles import account, client_as

pytestmark = pytest.mark.django_db

REVIEW = "/admin/monographs/sideeffect/review/"


# --- suggestions, on a vocabulary of our own ----------------------------------------------


@pytest.fixture
def candidates():
    reviewed = {
        "abdominal pain": (1, "Abdominal pain"),
        "stomach ache": (1, "Abdominal pain"),
        "muscle cramps": (2, "Muscle cramps"),
        "dry mouth": (3, "Dry mouth"),
        "blurred vision": (4, "Blurred vision"),
        "joint pain": (5, "Joint pain"),
        "rash": (6, "Rash"),
        "itchy skin": (7, "Pruritus"),
    }
    hpo = {
        "xerostomia": ("HP:0000217", "xerostomia"),
        "tinnitus": ("HP:0000360", "tinnitus"),
        "ringing in the ears": ("HP:0000360", "ringing in the ears"),
        "chemosis": ("HP:0000509", "chemosis"),
    }
    return Candidates(reviewed, hpo, term_of_hpo={"HP:0000217": (3, "Dry mouth")})


def reasons(name, candidates):
    return [(s.reason, s.name) for s in suggest(name, candidates)]


def test_an_hpo_name_of_no_reviewed_term_is_offered_with_its_code(candidates):
    [suggestion] = suggest("Ringing in the ears", candidates)
    assert (suggestion.reason, suggestion.hpo_id, suggestion.term_id) == (
        HPO_SYNONYM,
        "HP:0000360",
        None,
    )
    assert suggestion.key == "hpo:HP:0000360"
    assert suggest("Tinnitis", candidates)[0].hpo_id == "HP:0000360"  # a typo


def test_an_hpo_name_of_a_reviewed_term_suggests_that_term(candidates):
    [suggestion] = suggest("Xerostomia", candidates)
    assert (suggestion.reason, suggestion.name, suggestion.term_id) == (HPO_SYNONYM, "Dry mouth", 3)
    assert suggestion.matched == "xerostomia"


def test_same_words_in_another_order(candidates):
    assert reasons("Pain, abdominal", candidates)[0] == (SAME_WORDS, "Abdominal pain")
    assert reasons("Ache stomach", candidates)[0] == (SAME_WORDS, "Abdominal pain")


def test_an_alias_within_a_small_edit_distance(candidates):
    assert reasons("Blurry vision", candidates)[0] == (NEAR_ALIAS, "Blurred vision")
    assert reasons("Stomach aches", candidates)[0] == (NEAR_ALIAS, "Abdominal pain")
    assert reasons("Wry moth", candidates) == [(NEAR_ALIAS, "Dry mouth")]
    # One edit in a short word makes another word: no suggestion from the distance.
    assert reasons("Bash", candidates) == []


def test_a_shared_head_noun(candidates):
    found = reasons("Pain in the knees", candidates)
    assert (HEAD_NOUN, "Joint pain") in found and (HEAD_NOUN, "Abdominal pain") in found
    assert reasons("Calf cramps", candidates) == [(HEAD_NOUN, "Muscle cramps")]


def test_at_most_three_targets_each_once_and_none_for_unrelated_words(candidates):
    found = suggest("Abdominal pains", candidates)
    assert len(found) <= 3
    assert len({s.key for s in found}) == len(found)
    assert [s.name for s in found].count("Abdominal pain") == 1
    assert suggest("Generally well tolerated", candidates) == []
    assert suggest("  ", candidates) == []


@pytest.mark.parametrize(
    "name, head",
    [
        ("severe back pain", "pain"),
        ("pain in the legs", "pain"),
        ("loss of appetite", "loss"),
        ("rash", "rash"),
    ],
)
def test_head_noun(name, head):
    assert head_noun(name) == head


# --- the page -------------------------------------------------------------------------------


def unreviewed(name, drugs, **fields):
    fields = {"is_reviewed": False, **fields}
    term = SideEffect.objects.create(name=name, slug=SideEffect.unique_slug(name), **fields)
    for order, drug in enumerate(drugs):
        DrugSideEffect.objects.create(drug=drug, side_effect=term, note="", order=90 + order)
    return term


@pytest.fixture
def drugs():
    return list(Drug.objects.without_working_drafts().order_by("name")[:4])


@pytest.fixture
def backlog(drugs):
    DrugSideEffect.objects.filter(side_effect__is_reviewed=False).delete()
    SideEffect.objects.filter(is_reviewed=False).delete()
    return {
        "once": unreviewed("Zz listed once", drugs[:1]),
        "thrice": unreviewed("Headache, severe throbbing", drugs[:3]),
        "twice": unreviewed("Pain headache", drugs[:2]),
    }


@pytest.mark.parametrize(
    "role, status", [("anonymous", 302), ("editor", 403), ("reviewer", 200), ("superuser", 200)]
)
def test_who_may_review(backlog, role, status):
    client = client_as(role)
    assert client.get(REVIEW).status_code == status
    posted = client.post(REVIEW, {"do": f"dismiss:{backlog['once'].pk}"})
    assert posted.status_code == (403 if role == "editor" else 302)
    assert SideEffect.objects.filter(pk=backlog["once"].pk).exists() == (
        role in ("anonymous", "editor")
    )


def test_linked_from_the_admin_index_and_the_side_effect_list(backlog):
    reviewer = client_as("reviewer")
    assert REVIEW in reviewer.get("/admin/").content.decode()
    assert REVIEW in reviewer.get("/admin/monographs/sideeffect/").content.decode()
    editor = client_as("editor")
    assert REVIEW not in editor.get("/admin/").content.decode()


def test_terms_most_listed_first_with_counts_and_suggestions(backlog):
    page = client_as("reviewer").get(REVIEW).content.decode()
    names = ["Headache, severe throbbing", "Pain headache", "Zz listed once"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    assert '<td class="count">3</td>' in page and '<td class="count">1</td>' in page
    assert "shared head noun" in page  # Pain headache: Headache
    assert "Merge into Headache" in page


def test_a_bad_page_number_is_not_found(backlog):
    reviewer = client_as("reviewer")
    assert reviewer.get(REVIEW + "?page=99").status_code == 404
    assert reviewer.get(REVIEW + "?page=x").status_code == 404


def test_the_query_count_does_not_grow_with_the_terms(backlog, drugs):
    reviewer = client_as("reviewer")
    reviewer.get(REVIEW)  # HPO's names, read once per process

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert reviewer.get(REVIEW).status_code == 200
        return len(captured)

    few = queries()
    for number in range(20):
        unreviewed(f"Odd feeling number {number}", drugs[: 1 + number % 3])
    assert queries() == few


# --- the steps and their undo ---------------------------------------------------------------


def test_one_click_merge_into_a_suggestion_and_its_undo(backlog, drugs):
    headache = SideEffect.objects.get(slug="headache")
    term = backlog["twice"]
    reviewer = client_as("reviewer")
    response = reviewer.post(REVIEW, {"do": f"merge:{term.pk}:term:{headache.pk}"}, follow=True)
    assert "Merged Pain headache (2 drug links) into Headache" in response.content.decode()
    assert not SideEffect.objects.filter(pk=term.pk).exists()
    assert SideEffectAlias.objects.get(name="pain headache").side_effect == headache
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MERGED)
    undo = reverse("admin:monographs_sideeffect_undo_merge", args=[entry.pk])
    assert undo in response.content.decode()
    reviewer.post(undo)
    assert DrugSideEffect.objects.filter(side_effect__name="Pain headache").count() == 2


def test_accept_with_an_hpo_id_sets_its_codes_and_undo_restores(backlog):
    term = backlog["once"]
    hpo = HpoTerm.objects.phenotypes().exclude(meddra_code="").exclude(side_effects__isnull=False)
    hpo = hpo.exclude(umls_cui="").first()
    reviewer = client_as("reviewer")
    response = reviewer.post(
        REVIEW, {"do": f"accept:{term.pk}", f"hpo-{term.pk}": hpo.pk}, follow=True
    )
    assert f"Accepted Zz listed once as {hpo.pk}" in response.content.decode()
    term.refresh_from_db()
    assert term.is_reviewed and term.hpo_id == hpo.pk
    assert (term.umls_cui, term.meddra_code) == (hpo.umls_cui, hpo.meddra_code)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCEPTED)
    undo = reverse("admin:monographs_sideeffect_review_undo", args=[entry.pk])
    assert undo in response.content.decode()
    assert reviewer.get(undo).status_code == 200
    reviewer.post(undo)
    term.refresh_from_db()
    assert not term.is_reviewed and term.hpo_id is None and term.umls_cui == ""
    assert AuditEntry.objects.get(action=AuditEntry.Action.ACCEPT_UNDONE).undo_data == {
        "undoes": entry.pk
    }
    assert "undid this" in reviewer.get(undo).content.decode()


def test_accept_without_a_code(backlog):
    term = backlog["once"]
    client_as("reviewer").post(REVIEW, {"do": f"accept:{term.pk}", f"hpo-{term.pk}": ""})
    term.refresh_from_db()
    assert term.is_reviewed and term.hpo_id is None


@pytest.mark.parametrize("typed", ["HP:12", "hp0002315", "HP:9999999", "obsolete"])
def test_a_bad_hpo_id_is_refused_and_changes_nothing(backlog, typed):
    if typed == "obsolete":
        typed = HpoTerm.objects.filter(is_obsolete=True).values_list("pk", flat=True).first()
    term = backlog["once"]
    response = client_as("reviewer").post(
        REVIEW, {"do": f"accept:{term.pk}", f"hpo-{term.pk}": typed}, follow=True
    )
    assert "Zz listed once: " in response.content.decode()
    term.refresh_from_db()
    assert not term.is_reviewed
    assert not AuditEntry.objects.exists()


def test_an_hpo_id_another_term_has_is_refused(backlog):
    headache = SideEffect.objects.get(slug="headache")
    with pytest.raises(curation.CurationError, match="Headache already has"):
        curation.accept(backlog["once"], account("reviewer"), headache.hpo_id)


def test_not_a_side_effect_keeps_the_words_in_the_notes_and_undo_restores(backlog, drugs):
    term = backlog["twice"]
    link = term.drug_links.get(drug=drugs[0])
    link.note = "in the first week"
    link.source_text = "A pain headache"
    link.save()
    before_notes = {d.pk: d.side_effect_notes for d in drugs[:2]}
    before_links = sorted(term.drug_links.values_list("drug_id", "note", "source_text", "order"))
    reviewer = client_as("reviewer")
    response = reviewer.post(REVIEW, {"do": f"dismiss:{term.pk}"}, follow=True)
    assert "Took Pain headache out of the side effects" in response.content.decode()
    assert not SideEffect.objects.filter(pk=term.pk).exists()
    first, second = (Drug.objects.get(pk=d.pk).side_effect_notes for d in drugs[:2])
    assert first.endswith("A pain headache: in the first week")
    assert first.startswith(before_notes[drugs[0].pk].strip())
    assert second.endswith("Pain headache")

    entry = AuditEntry.objects.get(action=AuditEntry.Action.DISMISSED)
    reviewer.post(reverse("admin:monographs_sideeffect_review_undo", args=[entry.pk]))
    term = SideEffect.objects.get(pk=term.pk)
    assert not term.is_reviewed and term.name == "Pain headache"
    assert sorted(term.drug_links.values_list("drug_id", "note", "source_text", "order")) == (
        before_links
    )
    assert {d.pk: Drug.objects.get(pk=d.pk).side_effect_notes for d in drugs[:2]} == before_notes


def test_undo_leaves_notes_an_editor_changed_since_and_says_so(backlog, drugs):
    term = backlog["once"]
    entry = curation.not_a_side_effect(term, account("reviewer"))
    Drug.objects.filter(pk=drugs[0].pk).update(side_effect_notes="Rewritten by an editor.")
    _, warnings = curation.undo(entry, account("superuser"))
    assert warnings and "changed since" in warnings[0]
    assert Drug.objects.get(pk=drugs[0].pk).side_effect_notes == "Rewritten by an editor."
    assert DrugSideEffect.objects.filter(side_effect__name="Zz listed once").count() == 1


def test_bulk_takes_each_chosen_suggestion(backlog):
    headache = SideEffect.objects.get(slug="headache")
    hpo = HpoTerm.objects.phenotypes().exclude(side_effects__isnull=False).first()
    chosen = {
        f"target-{backlog['twice'].pk}": f"term:{headache.pk}",
        f"target-{backlog['thrice'].pk}": f"hpo:{hpo.pk}",
    }
    client_as("reviewer").post(
        REVIEW,
        {
            "bulk": "1",
            "action": "apply",
            "term": [backlog["twice"].pk, backlog["thrice"].pk],
            **chosen,
        },
    )
    assert not SideEffect.objects.filter(pk=backlog["twice"].pk).exists()
    assert SideEffect.objects.get(pk=backlog["thrice"].pk).hpo_id == hpo.pk
    assert SideEffect.objects.filter(pk=backlog["once"].pk, is_reviewed=False).exists()
    assert (
        AuditEntry.objects.filter(
            action__in=[AuditEntry.Action.MERGED, AuditEntry.Action.ACCEPTED]
        ).count()
        == 2
    )


def test_bulk_not_a_side_effect_and_bulk_accept(backlog):
    reviewer = client_as("reviewer")
    reviewer.post(
        REVIEW,
        {"bulk": "1", "action": "dismiss", "term": [backlog["once"].pk, backlog["twice"].pk]},
    )
    assert not SideEffect.objects.filter(is_reviewed=False).exclude(pk=backlog["thrice"].pk)
    reviewer.post(REVIEW, {"bulk": "1", "action": "accept", "term": [backlog["thrice"].pk]})
    assert not SideEffect.objects.filter(is_reviewed=False).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DISMISSED).count() == 2


def test_an_editor_cannot_undo(backlog):
    entry = curation.accept(backlog["once"], account("reviewer"))
    undo = reverse("admin:monographs_sideeffect_review_undo", args=[entry.pk])
    assert client_as("editor").post(undo).status_code == 403
    assert SideEffect.objects.get(pk=backlog["once"].pk).is_reviewed


# --- refusals -------------------------------------------------------------------------------


def test_merging_a_term_into_itself_is_refused(backlog):
    term = backlog["once"]
    response = client_as("reviewer").post(
        REVIEW, {"do": f"merge:{term.pk}:term:{term.pk}"}, follow=True
    )
    assert "Zz listed once cannot be merged into itself." in response.content.decode()
    assert SideEffect.objects.filter(pk=term.pk).exists()
    assert not AuditEntry.objects.exists()


@pytest.fixture
def parent_and_child(drugs):
    """Two terms, the first coded with the HPO parent of the second's code."""
    pair = (
        HpoAncestor.objects.filter(depth=1, term__is_phenotype=True)
        .exclude(term__side_effects__isnull=False)
        .exclude(ancestor__side_effects__isnull=False)
        .first()
    )
    broad = unreviewed("Broad made-up term", drugs[:1], hpo_id=pair.ancestor_id)
    narrow = unreviewed("Narrow made-up term", drugs[1:2], hpo_id=pair.term_id, is_reviewed=True)
    return broad, narrow


def test_merging_into_a_term_it_is_the_parent_of_is_refused(parent_and_child):
    broad, narrow = parent_and_child
    response = client_as("reviewer").post(
        REVIEW, {"do": f"merge:{broad.pk}:term:{narrow.pk}"}, follow=True
    )
    assert "it is its parent in HPO" in response.content.decode()
    assert SideEffect.objects.filter(pk=broad.pk).exists()
    # The other way round, narrower into broader, is a merge like any other.
    assert not merging.why_not_mergeable(narrow, broad)


def test_the_merge_action_refuses_it_too(parent_and_child):
    broad, narrow = parent_and_child
    response = client_as("reviewer").post(
        "/admin/monographs/sideeffect/",
        {
            "action": "merge",
            "_selected_action": [broad.pk, narrow.pk],
            "target": narrow.pk,
            "apply": "Merge",
        },
        follow=True,
    )
    assert "cannot be merged into Narrow made-up term" in response.content.decode()
    assert SideEffect.objects.filter(pk=broad.pk).exists()
    assert not AuditEntry.objects.exists()


def test_a_body_part_is_not_what_a_name_is_about(candidates):
    # "skin" is the head noun of both, but oily skin is not itching.
    assert suggest("Oily skin", candidates) == []
    # A name with every word of the other is about the same thing, somewhere.
    assert reasons("Itchy skin on the arms", candidates) == [(HEAD_NOUN, "Pruritus")]
    assert reasons("Skin, itchy", candidates)[0] == (SAME_WORDS, "Pruritus")


def test_two_edits_in_a_short_word_make_another_concept(candidates):
    # One letter changed and one gone: HPO's Chemosis is not cheilosis.
    assert all(s.hpo_id != "HP:0000509" for s in suggest("Cheilosis", candidates))
    assert suggest("Xerostomiaa", candidates)[0].name == "Dry mouth"  # one edit


def test_a_vague_noun_needs_every_word_of_the_target(candidates):
    candidates = Candidates(
        {"mood changes": (8, "Mood changes"), "menstrual changes": (9, "Menstrual changes")},
        {},
    )
    assert suggest("Changes in appetite", candidates) == []
    assert reasons("Changes in menstrual bleeding", candidates) == [
        (HEAD_NOUN, "Menstrual changes")
    ]
