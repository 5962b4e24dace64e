"""List filters of the Drug change list, each choice one DrugQuerySet method.

The worklists on the admin index (monographs.admin.worklists) count with the same filters and
link to them with the same parameter values, so a count always matches its list.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.utils import timezone

from monographs.models import LETTERS, Drug

Status = Drug.Status

# Parameter values, shared with the worklists.
AWAITING_REVIEW = "in_review"
HAS_DRAFT = "has_draft"
REVIEW_DUE = "due"
NEVER_REVIEWED = "never"
MISSING_SECTIONS = "missing-sections"
NO_SIDE_EFFECTS = "no-side-effects"
UNREVIEWED_TERMS = "unreviewed-terms"
UNANSWERED_FAQS = "unanswered-faqs"
EDITOR_NOTES = "editor-notes"
SHARED_TITLE = "shared-title"


def review_cutoff(now=None):
    """Monographs last signed off before this are due for medical review."""
    return (now or timezone.now()) - timedelta(days=settings.MEDSITE_REVIEW_INTERVAL_DAYS)


class DrugListFilter(admin.SimpleListFilter):
    """A list filter declared as a table: value -> (label, function(drugs, now))."""

    queries = {}

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _) in self.queries.items()]

    def queryset(self, request, queryset):
        return self.apply(queryset, self.value())

    @classmethod
    def apply(cls, drugs, value, now=None):
        """The drugs the choice selects; all of them for an unknown or empty value."""
        if value not in cls.queries:
            return drugs
        _, query = cls.queries[value]
        return query(drugs, now or timezone.now())


class WorkflowFilter(DrugListFilter):
    title = "workflow"
    parameter_name = "workflow"
    queries = {
        AWAITING_REVIEW: ("Awaiting review", lambda drugs, now: drugs.awaiting_review()),
        Status.DRAFT: (Status.DRAFT.label, lambda drugs, now: drugs.filter(status=Status.DRAFT)),
        Status.PUBLISHED: (Status.PUBLISHED.label, lambda drugs, now: drugs.published()),
        Status.UNPUBLISHED: (
            Status.UNPUBLISHED.label,
            lambda drugs, now: drugs.filter(status=Status.UNPUBLISHED),
        ),
        HAS_DRAFT: (
            "Published, with a draft in progress",
            lambda drugs, now: drugs.with_working_draft(),
        ),
    }


class ReviewDueFilter(DrugListFilter):
    title = "medical review"
    parameter_name = "review"
    queries = {
        REVIEW_DUE: ("Due for review", lambda drugs, now: drugs.review_due(review_cutoff(now))),
        NEVER_REVIEWED: (
            "Never signed off",
            lambda drugs, now: drugs.never_reviewed(),
        ),
    }


class QualityFilter(DrugListFilter):
    title = "quality problem"
    parameter_name = "problem"
    queries = {
        MISSING_SECTIONS: ("Missing sections", lambda drugs, now: drugs.missing_sections()),
        NO_SIDE_EFFECTS: (
            "No side effects",
            lambda drugs, now: drugs.without_any_side_effects(),
        ),
        UNREVIEWED_TERMS: (
            "Unreviewed vocabulary terms",
            lambda drugs, now: drugs.with_unreviewed_side_effects(),
        ),
        UNANSWERED_FAQS: (
            "FAQs without answers",
            lambda drugs, now: drugs.with_unanswered_faqs(),
        ),
        EDITOR_NOTES: (
            "Text set aside for editors",
            lambda drugs, now: drugs.with_editor_notes(),
        ),
        SHARED_TITLE: ("Sharing a title", lambda drugs, now: drugs.sharing_a_title()),
    }


class FirstLetterFilter(admin.SimpleListFilter):
    title = "first letter"
    parameter_name = "letter"

    def lookups(self, request, model_admin):
        return LETTERS

    def queryset(self, request, queryset):
        if self.value():
            return queryset.starting_with(self.value())
        return queryset
