"""The vocabulary review page: the terms imports made, those most monographs list first,
each with suggested targets, and one-click or bulk steps (editorial.curation): merge
into a suggestion, accept as a reviewed term (with an HPO code), or "not a side effect".
Each step is audited and can be undone from the message it leaves or the audit trail."""

from dataclasses import dataclass, replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from monographs.editorial import curation, merging
from monographs.models import AuditEntry, DrugSideEffect, SideEffect
from monographs.ontology import HpoTerm
from monographs.text import parse_positive_int
from monographs.vocabulary.suggestions import load_candidates, suggest

TERMS_PER_PAGE = 50
DRUGS_SHOWN = 3  # of the drugs that list a term, beside it
MAX_ID = 2**31 - 1
MERGE, ACCEPT, DISMISS, APPLY = "merge", "accept", "dismiss", "apply"
BULK_ACTIONS = [
    (APPLY, "Take each one’s chosen suggestion"),
    (ACCEPT, "Accept as reviewed terms (with the HPO id in each box)"),
    (DISMISS, "Not a side effect: back to the drugs’ notes as text"),
]


@dataclass
class Step:
    kind: str  # MERGE, ACCEPT or DISMISS
    term_id: int
    target_id: int | None = None  # MERGE: the term to merge into
    hpo_id: str = ""  # ACCEPT: the code to give it


def can_review(user):
    return user.has_perm("monographs.merge_sideeffect") or user.has_perm(
        "monographs.change_sideeffect"
    )


def permitted(user, kind):
    """Merging and taking a term out delete it (audited, undoable): the merge permission;
    accepting edits it."""
    needed = "change_sideeffect" if kind == ACCEPT else "merge_sideeffect"
    return user.has_perm(f"monographs.{needed}")


def undo_url(entry):
    if entry.action == AuditEntry.Action.MERGED:
        return reverse("admin:monographs_sideeffect_undo_merge", args=[entry.pk])
    return reverse("admin:monographs_sideeffect_review_undo", args=[entry.pk])


class VocabularyReviewMixin:
    """The review page and its undo page, for SideEffectAdmin."""

    def review_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        undo = self.admin_site.admin_view(self.undo_review_view)
        return [
            path("review/", review, name="monographs_sideeffect_review"),
            path("review/undo/<int:entry_id>/", undo, name="monographs_sideeffect_review_undo"),
        ]

    def review_view(self, request):
        if not can_review(request.user):
            raise PermissionDenied
        if request.method == "POST":
            self.run_steps(request, requested_steps(request.POST))
            return redirect(request.get_full_path())
        terms = SideEffect.objects.unreviewed_by_drug_count()
        paginator = Paginator(terms, TERMS_PER_PAGE)
        try:
            page = paginator.page(parse_positive_int(request.GET.get("page", "1"), MAX_ID) or 0)
        except InvalidPage:
            raise Http404("No such page of terms to review.") from None
        return TemplateResponse(
            request,
            "admin/monographs/sideeffect/review.html",
            {
                **self.admin_site.each_context(request),
                "title": "Vocabulary review",
                "opts": self.model._meta,
                "page_obj": page,
                "rows": review_rows(page.object_list),
                "bulk_actions": BULK_ACTIONS,
                "may_merge": request.user.has_perm("monographs.merge_sideeffect"),
                "may_accept": request.user.has_perm("monographs.change_sideeffect"),
            },
        )

    def run_steps(self, request, steps):
        if not steps:
            self.message_user(request, "Select terms and an action, or use a button.", "warning")
        for step in steps:
            try:
                entry = perform(step, request.user)
            except (curation.CurationError, merging.MergeError) as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            self.message_user(
                request, format_html('{}. <a href="{}">Undo</a>', entry.detail, undo_url(entry))
            )

    def undo_review_view(self, request, entry_id):
        """What an accept or a "not a side effect" did; on POST, undo it."""
        entry = get_object_or_404(AuditEntry, pk=entry_id, action__in=curation.UNDONE_BY)
        accepted = entry.action == AuditEntry.Action.ACCEPTED
        if not permitted(request.user, ACCEPT if accepted else DISMISS):
            raise PermissionDenied
        problem = curation.why_not_undoable(entry)
        if request.method == "POST" and not problem:
            try:
                undone, warnings = curation.undo(entry, request.user)
            except curation.CurationError as error:
                self.message_user(request, str(error), messages.ERROR)
                return redirect(request.path)
            self.message_user(request, f"{undone.detail}.")
            for warning in warnings:
                self.message_user(request, warning, messages.WARNING)
            return redirect("admin:monographs_sideeffect_review")
        return TemplateResponse(
            request,
            "admin/monographs/sideeffect/undo_review.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Undo: {entry.detail}",
                "opts": self.model._meta,
                "entry": entry,
                "problem": problem,
            },
        )


@dataclass
class ReviewRow:
    term: SideEffect
    suggestions: list
    drugs: list  # [(drug name, the link's own words)]

    @property
    def hpo_id(self):
        """The code the accept box offers: the term's own, else HPO's suggested one."""
        return self.term.hpo_id or next((s.hpo_id for s in self.suggestions if s.hpo_id), "")


def review_rows(terms):
    """Each term of the page with its suggestions and the first drugs that list it: the
    candidates are read once for the page, the drugs in one query."""
    terms = list(terms)
    candidates = load_candidates()
    drugs = {term.pk: [] for term in terms}
    links = DrugSideEffect.objects.filter(side_effect__in=terms, drug__draft_of__isnull=True)
    for term_id, name, words in links.order_by("drug__name").values_list(
        "side_effect_id", "drug__name", "source_text"
    ):
        if len(drugs[term_id]) < DRUGS_SHOWN:
            drugs[term_id].append((name, words))
    suggestions = {term.pk: suggest(term.name, candidates) for term in terms}
    # HPO's own labels for the concepts offered (the candidates hold their lookup keys).
    hpo_ids = {s.hpo_id for found in suggestions.values() for s in found if s.hpo_id}
    labels = dict(HpoTerm.objects.filter(pk__in=hpo_ids).values_list("pk", "name"))
    return [
        ReviewRow(
            term,
            [replace(s, name=labels.get(s.hpo_id, s.name)) for s in suggestions[term.pk]],
            drugs[term.pk],
        )
        for term in terms
    ]


def requested_steps(post):
    """The steps a POST asks for: one button's ("do"), or the bulk action over the
    selected terms. Ids that are not numbers are left out."""
    if "do" in post:
        kind, _, rest = post["do"].partition(":")
        term_id, _, target = rest.partition(":")
        term_id = parse_positive_int(term_id, MAX_ID)
        if term_id is None:
            return []
        if kind == ACCEPT:
            return [Step(ACCEPT, term_id, hpo_id=post.get(f"hpo-{term_id}", ""))]
        if kind == MERGE:
            return [step_for_choice(term_id, target)]
        return [Step(DISMISS, term_id)] if kind == DISMISS else []
    action = post.get("action")
    steps = []
    for term_id in post.getlist("term"):
        term_id = parse_positive_int(term_id, MAX_ID)
        if term_id is None:
            continue
        if action == APPLY:
            steps.append(step_for_choice(term_id, post.get(f"target-{term_id}", "")))
        elif action == ACCEPT:
            steps.append(Step(ACCEPT, term_id, hpo_id=post.get(f"hpo-{term_id}", "")))
        elif action == DISMISS:
            steps.append(Step(DISMISS, term_id))
    return steps


def step_for_choice(term_id, choice):
    """A suggestion's key ("term:12", "hpo:HP:0002315") as a step: a merge into the term,
    or accepting with the HPO code."""
    kind, _, target = choice.partition(":")
    if kind == "hpo":
        return Step(ACCEPT, term_id, hpo_id=target)
    return Step(MERGE, term_id, target_id=parse_positive_int(target, MAX_ID))


def perform(step, user):
    """Run one step on the terms as they are now (an earlier step may have changed them)."""
    term = SideEffect.objects.filter(pk=step.term_id).first()
    if term is None or term.is_reviewed:
        raise curation.CurationError("That term no longer awaits review (someone took it).")
    if not permitted(user, step.kind):
        raise curation.CurationError(f"You may not do that to {term.name}.")
    if step.kind == ACCEPT:
        return curation.accept(term, user, step.hpo_id)
    if step.kind == DISMISS:
        return curation.not_a_side_effect(term, user)
    target = SideEffect.objects.filter(pk=step.target_id).first()
    if target is None:
        raise curation.CurationError(f"Choose a term to merge {term.name} into.")
    return curation.merge_term(term, target, user)
