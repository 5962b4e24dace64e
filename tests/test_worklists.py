"""The worklists on the admin index: counts checked against ones computed row by row in
Python, and each link checked to list exactly the monographs it counts."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from monographs.admin.filters import QualityFilter, ReviewDueFilter, WorkflowFilter
from monographs.admin.worklists import describe_days, worklists
from monographs.models import Dosage, Drug
from tests.factories import DrugFactory, DrugSideEffectFactory, FAQFactory, SideEffectFactory

pytestmark = pytest.mark.django_db

WORKLISTS = [
    ("workflow", "in_review"),
    ("review", "due"),
    ("review", "never"),
    ("problem", "missing-sections"),
    ("problem", "no-side-effects"),
    ("problem", "unreviewed-terms"),
    ("problem", "unanswered-faqs"),
    ("problem", "editor-notes"),
    ("problem", "shared-title"),
]


def complete_drug(**fields):
    """A monograph with no quality problem: usage, mechanism, a dosage entry, a reviewed
    side effect and an answered FAQ."""
    drug = DrugFactory(**{"mechanism": "How it works.", **fields})
    Dosage.objects.create(drug=drug, label="Initial dose")
    DrugSideEffectFactory(drug=drug)
    FAQFactory(drug=drug)
    return drug


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def cases(now):
    """One monograph per situation a worklist must count, or must not."""
    in_review = complete_drug(status=Drug.Status.IN_REVIEW)
    with_draft = complete_drug(last_reviewed_at=now - timedelta(days=10))
    # The working draft has every problem; only its monograph may be counted, and only
    # as awaiting review.
    working_draft = Drug.objects.create(
        draft_of=with_draft,
        slug=with_draft.slug,
        name=with_draft.name,
        status="in_review",
        editor_notes="Set aside.",
    )
    FAQFactory(drug=working_draft, answer="")
    DrugSideEffectFactory(drug=working_draft, side_effect=SideEffectFactory(is_reviewed=False))
    with_idle_draft = complete_drug(last_reviewed_at=now - timedelta(days=10))
    Drug.objects.create(
        draft_of=with_idle_draft, slug=with_idle_draft.slug, name=with_idle_draft.name
    )

    no_dosage = DrugFactory(mechanism="How it works.")
    DrugSideEffectFactory(drug=no_dosage)
    no_usage = complete_drug(usage="")
    no_mechanism = complete_drug(mechanism="")
    no_side_effects = DrugFactory(mechanism="How it works.")
    Dosage.objects.create(drug=no_side_effects, label="Initial dose")
    unreviewed_term = complete_drug()
    DrugSideEffectFactory(drug=unreviewed_term, side_effect=SideEffectFactory(is_reviewed=False))
    unanswered_faq = complete_drug()
    FAQFactory(drug=unanswered_faq, answer="")
    set_aside = complete_drug(editor_notes="I cannot provide a dose for this product.")
    # A working draft has its monograph's title: only two monographs make a pair.
    twin = complete_drug(name="Twinmab", slug="twinmab")
    other_twin = complete_drug(name="TWINMAB", slug="twinmab-2")

    return {
        "in_review": in_review,
        "with_draft": with_draft,
        "working_draft": working_draft,
        "with_idle_draft": with_idle_draft,
        "reviewed_2_years_ago": complete_drug(last_reviewed_at=now - timedelta(days=730)),
        "reviewed_45_days_ago": complete_drug(last_reviewed_at=now - timedelta(days=45)),
        "reviewed_last_week": complete_drug(last_reviewed_at=now - timedelta(days=7)),
        "never_reviewed": complete_drug(),
        "draft_never_reviewed": complete_drug(status=Drug.Status.DRAFT),
        "unpublished_never_reviewed": complete_drug(status=Drug.Status.UNPUBLISHED),
        "no_dosage": no_dosage,
        "no_usage": no_usage,
        "no_mechanism": no_mechanism,
        "no_side_effects": no_side_effects,
        "unreviewed_term": unreviewed_term,
        "unanswered_faq": unanswered_faq,
        "set_aside": set_aside,
        "twin": twin,
        "other_twin": other_twin,
    }


def expected(now, interval_days):
    """What each worklist holds, worked out row by row without the QuerySet methods."""
    cutoff = now - timedelta(days=interval_days)
    rows = list(Drug.objects.prefetch_related("dosages", "side_effect_links__side_effect", "faqs"))
    drafts = {row.draft_of_id: row for row in rows if row.draft_of_id is not None}
    monographs = [row for row in rows if row.draft_of_id is None]

    def holding(test):
        return {drug.pk for drug in monographs if test(drug)}

    def published(drug):
        return drug.status == "published"

    return {
        ("workflow", "in_review"): holding(
            lambda d: (
                d.status == "in_review" or (d.pk in drafts and drafts[d.pk].status == "in_review")
            )
        ),
        ("review", "due"): holding(
            lambda d: published(d) and (d.last_reviewed_at is None or d.last_reviewed_at < cutoff)
        ),
        ("review", "never"): holding(lambda d: published(d) and d.last_reviewed_at is None),
        ("problem", "missing-sections"): holding(
            lambda d: d.usage == "" or d.mechanism == "" or not d.dosages.all()
        ),
        ("problem", "no-side-effects"): holding(lambda d: not d.side_effect_links.all()),
        ("problem", "unreviewed-terms"): holding(
            lambda d: any(not link.side_effect.is_reviewed for link in d.side_effect_links.all())
        ),
        ("problem", "unanswered-faqs"): holding(
            lambda d: any(faq.answer == "" for faq in d.faqs.all())
        ),
        ("problem", "editor-notes"): holding(lambda d: d.editor_notes != ""),
        ("problem", "shared-title"): holding(
            lambda d: [m.name.casefold() for m in monographs].count(d.name.casefold()) > 1
        ),
    }


def by_query(groups):
    """The worklist items by the (parameter, value) of their link."""
    items = {}
    for group in groups:
        for item in group.items:
            [query] = parse_qsl(urlsplit(item.url).query)
            items[query] = item
    return items


def test_worklists_link_to_the_drug_change_list():
    items = by_query(worklists())
    assert list(items) == WORKLISTS
    changelist = reverse("admin:monographs_drug_changelist")
    assert all(item.url.startswith(f"{changelist}?") for item in items.values())
    assert [group.title for group in worklists()] == ["Medical review", "Quality problems"]


def test_counts_match_independent_counts(cases, now):
    items = by_query(worklists(now))
    holds = expected(now, 365)
    assert {query: item.count for query, item in items.items()} == {
        query: len(pks) for query, pks in holds.items()
    }
    # The data covers each case: the seeds alone (all published, none reviewed) would not.
    pk = {name: drug.pk for name, drug in cases.items()}
    assert holds[("workflow", "in_review")] == {pk["in_review"], pk["with_draft"]}
    due = holds[("review", "due")]
    assert {pk["reviewed_2_years_ago"], pk["never_reviewed"]} <= due
    assert not {pk["reviewed_45_days_ago"], pk["reviewed_last_week"], pk["with_draft"]} & due
    assert not {pk["draft_never_reviewed"], pk["unpublished_never_reviewed"]} & due
    assert pk["never_reviewed"] in holds[("review", "never")]
    assert pk["reviewed_2_years_ago"] not in holds[("review", "never")]
    missing = holds[("problem", "missing-sections")]
    assert {pk["no_dosage"], pk["no_usage"], pk["no_mechanism"]} <= missing
    assert pk["unreviewed_term"] not in missing
    assert pk["no_side_effects"] in holds[("problem", "no-side-effects")]
    assert pk["no_dosage"] not in holds[("problem", "no-side-effects")]
    assert pk["unreviewed_term"] in holds[("problem", "unreviewed-terms")]
    assert pk["unanswered_faq"] in holds[("problem", "unanswered-faqs")]
    assert holds[("problem", "shared-title")] == {pk["twin"], pk["other_twin"]}


def test_counts_follow_the_review_interval_setting(cases, now, settings):
    settings.MEDSITE_REVIEW_INTERVAL_DAYS = 30
    items = by_query(worklists(now))
    due = expected(now, 30)[("review", "due")]
    assert items[("review", "due")].count == len(due)
    assert cases["reviewed_45_days_ago"].pk in due
    assert cases["reviewed_last_week"].pk not in due
    assert len(due) == len(expected(now, 365)[("review", "due")]) + 1
    assert items[("review", "due")].help_text.endswith("in the last 30 days")


def test_working_drafts_are_not_counted(cases, now):
    working_draft = cases["working_draft"]
    for list_filter, value in [
        (WorkflowFilter, "in_review"),
        (QualityFilter, "missing-sections"),
        (QualityFilter, "no-side-effects"),
        (QualityFilter, "unreviewed-terms"),
        (QualityFilter, "unanswered-faqs"),
    ]:
        counted = list_filter.apply(Drug.objects.without_working_drafts(), value, now)
        assert working_draft not in counted, value
    # ...while the rows themselves would have been.
    assert working_draft in QualityFilter.apply(Drug.objects.all(), "unanswered-faqs", now)


def test_filter_choices(cases, now):
    monographs = Drug.objects.without_working_drafts()
    assert set(WorkflowFilter.apply(monographs, "has_draft", now)) == {
        cases["with_draft"],
        cases["with_idle_draft"],
    }
    assert set(WorkflowFilter.apply(monographs, "draft", now)) == {cases["draft_never_reviewed"]}
    assert set(WorkflowFilter.apply(monographs, "unpublished", now)) == {
        cases["unpublished_never_reviewed"]
    }
    assert cases["in_review"] not in WorkflowFilter.apply(monographs, "published", now)
    assert ReviewDueFilter.apply(monographs, "junk", now).count() == monographs.count()


def test_worklists_take_one_query_each(cases, django_assert_num_queries):
    with django_assert_num_queries(len(WORKLISTS)):
        worklists()


@pytest.mark.parametrize(
    ("days", "words"),
    [(365, "12 months"), (730, "2 years"), (30, "30 days"), (400, "400 days"), (1, "1 day")],
)
def test_describe_days(days, words):
    assert describe_days(days) == words


def test_admin_index_shows_counts_that_match_their_change_lists(admin_client, cases, now):
    holds = expected(now, 365)
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="worklists-title">Worklists</h2>' in html
    items = by_query(response.context["worklists"])
    assert list(items) == WORKLISTS
    for query, item in items.items():
        assert item.count == len(holds[query]), query
        assert f">{item.count} {item.label}</a>" in html
        assert item.help_text in html
        listed = admin_client.get(item.url)
        assert listed.status_code == 200, item.url
        changelist = listed.context["cl"]
        assert changelist.result_count == item.count, query
        assert {drug.pk for drug in changelist.queryset} == holds[query], query


def test_empty_worklists_are_shown_muted(admin_client):
    # The seeds alone: all published, so nothing awaits review.
    response = admin_client.get(reverse("admin:index"))
    item = by_query(response.context["worklists"])[("workflow", "in_review")]
    assert item.count == 0
    assert 'class="quiet">0 awaiting review</a>' in response.content.decode()


def test_staff_without_view_permission_sees_no_worklists(client):
    user = User.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "worklists" not in response.context
    assert b"Worklists" not in response.content

    user.user_permissions.add(Permission.objects.get(codename="view_drug"))
    user = User.objects.get(pk=user.pk)  # a fresh permission cache
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert len(response.context["worklists"]) == 2
    assert b"Worklists" in response.content
