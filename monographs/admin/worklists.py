"""The editorial worklists on the admin index: how many monographs need which kind of
attention, each count a link to the Drug change list filtered to exactly those."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from monographs.admin import filters
from monographs.models import Drug


@dataclass(frozen=True)
class Worklist:
    label: str
    help_text: str
    count: int
    url: str
    key: str  # unique on the page, for element ids


@dataclass(frozen=True)
class WorklistGroup:
    title: str
    items: list


def worklists(now=None):
    """The worklist groups, counted now (one query per worklist)."""
    now = now or timezone.now()
    interval = describe_days(settings.MEDSITE_REVIEW_INTERVAL_DAYS)
    groups = [
        (
            "Medical review",
            [
                (
                    filters.WorkflowFilter,
                    filters.AWAITING_REVIEW,
                    "awaiting review",
                    "submitted for review, as a new monograph or as the draft of a published one",
                ),
                (
                    filters.ReviewDueFilter,
                    filters.REVIEW_DUE,
                    "due for review",
                    f"published and not signed off in the last {interval}",
                ),
                (
                    filters.ReviewDueFilter,
                    filters.NEVER_REVIEWED,
                    "never signed off",
                    "published without any medical sign-off",
                ),
            ],
        ),
        (
            "Quality problems",
            [
                (
                    filters.QualityFilter,
                    filters.MISSING_SECTIONS,
                    "missing sections",
                    "no usage, no “how it works” or no dosage entry",
                ),
                (
                    filters.QualityFilter,
                    filters.NO_SIDE_EFFECTS,
                    "without side effects",
                    "not a single side effect listed",
                ),
                (
                    filters.QualityFilter,
                    filters.UNREVIEWED_TERMS,
                    "with unreviewed terms",
                    "list a side-effect term nobody has reviewed yet",
                ),
                (
                    filters.QualityFilter,
                    filters.UNANSWERED_FAQS,
                    "with unanswered FAQs",
                    "a question with no answer",
                ),
                (
                    filters.QualityFilter,
                    filters.EDITOR_NOTES,
                    "with text set aside",
                    "the source said something about writing the page, or left a heading "
                    "empty: kept for an editor, not shown to visitors",
                ),
                (
                    filters.QualityFilter,
                    filters.SHARED_TITLE,
                    "sharing a title",
                    "another monograph has the same title: tell them apart, or keep one and "
                    "remove the others with the list’s “Remove duplicates” action",
                ),
            ],
        ),
    ]
    changelist = reverse("admin:monographs_drug_changelist")
    # The change list shows monographs only, not the working drafts of published ones.
    monographs = Drug.objects.without_working_drafts()
    return [
        WorklistGroup(
            title,
            [
                Worklist(
                    label=label,
                    help_text=help_text,
                    count=list_filter.apply(monographs, value, now).count(),
                    url=f"{changelist}?{urlencode({list_filter.parameter_name: value})}",
                    key=f"{list_filter.parameter_name}-{value}",
                )
                for list_filter, value, label, help_text in items
            ],
        )
        for title, items in groups
    ]


def describe_days(days):
    """A review interval in words: "12 months", "2 years", "30 days"."""
    years, rest = divmod(days, 365)
    if rest:
        return "1 day" if days == 1 else f"{days} days"
    return "12 months" if years == 1 else f"{years} years"
