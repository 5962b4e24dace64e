"""The one write path for changes that visitors see.

Publishing, unpublishing, sign-off, an import, a merge or rename of vocabulary terms, a
deletion, a condition edit: each runs inside ``changing(...)``, told what it changes.
In the same transaction as the change, ``changing`` then

- recounts how many published drugs list each side-effect term involved, before or
  after (``SideEffect.published_drug_count``),
- writes again the side-effect pages' lines (``SideEffectListing``) of the drugs
  involved, and of the terms involved with their broader terms, before and after (a
  term's review, merge or HPO code changes the pages of the terms broader than it),
- recounts the side-effect counts of the drugs involved or listing a term involved, and
  the published drugs and most listed side effects of their conditions, before and
  after (``tallies``), and
- bumps the generations of exactly the cached pages that showed the changed things
  before the change or show them after it (``serving.caching``), so no page is stale.

Nothing else calls ``bump()``. A caller that forgets ``changing`` leaves pages stale;
``tests/test_caching.py`` checks each kind of change.
"""

from contextlib import contextmanager

from django.db import transaction

from monographs.db import id_chunks
from monographs.models import Condition, Drug, DrugSideEffect, SideEffect, SideEffectListing
from monographs.serving.caching import (
    SITE,
    bump,
    drug_tag,
    tags_for_conditions,
    tags_for_drugs,
    tags_for_side_effects,
)
from monographs.tallies import recount_conditions, recount_drugs


class Change:
    """What a change touches: ids of drugs, side-effect terms and conditions, and the slugs
    of drugs whose own page alone changes (a sign-off's review line). An empty list of
    terms or conditions still renews their lists (a new term or condition)."""

    def __init__(self, drugs, side_effects, conditions, drug_pages, everything, recount):
        self.drug_ids = set(drugs)
        self.side_effect_ids = None if side_effects is None else set(side_effects)
        self.condition_ids = None if conditions is None else set(conditions)
        self.drug_pages = set(drug_pages)
        self.everything = everything
        self.recount = recount

    def add_drugs(self, drug_ids):
        """Drugs the block created (or found) while it ran: their pages change too."""
        self.drug_ids.update(drug_ids)

    def add_conditions(self, condition_ids):
        """Conditions the block created: the condition lists show them."""
        self.condition_ids = (self.condition_ids or set()) | set(condition_ids)

    def pages(self):
        """The generations of the cached pages that show the touched things now."""
        if self.everything:
            return {SITE}
        tags = {drug_tag(slug) for slug in self.drug_pages}
        if self.drug_ids:
            tags |= tags_for_drugs(self.drug_ids)
        if self.side_effect_ids is not None:
            tags |= tags_for_side_effects(self.side_effect_ids)
        if self.condition_ids is not None:
            tags |= tags_for_conditions(Condition.objects.filter(pk__in=self.condition_ids))
        return tags

    def terms(self):
        """The side-effect terms whose published drug counts may change."""
        terms = set(self.side_effect_ids or ())
        if self.drug_ids:
            links = DrugSideEffect.objects.filter(drug__in=self.drug_ids)
            terms.update(links.values_list("side_effect_id", flat=True))
        return terms

    def listed_terms(self):
        """The terms whose pages list the touched terms' links: those terms and the terms
        broader than them."""
        if not self.side_effect_ids:
            return set()
        touched = SideEffect.objects.filter(pk__in=self.side_effect_ids, hpo__isnull=False)
        broader = SideEffect.objects.filter(
            hpo__descendant_links__term__in=touched.values("hpo_id")
        ).values_list("pk", flat=True)
        return self.side_effect_ids | set(broader)

    def write_listings(self, terms_before):
        if self.everything:
            SideEffectListing.objects.rebuild()
            return
        SideEffectListing.objects.rebuild(terms=terms_before | self.listed_terms())
        SideEffectListing.objects.rebuild(drugs=self.drug_ids)

    def tallied_drugs(self):
        """Drugs whose side-effect counts may change: the touched ones and the ones that
        list a touched term (its review makes its links count or not)."""
        drugs = set(self.drug_ids)
        if self.side_effect_ids:
            links = DrugSideEffect.objects.filter(side_effect__in=self.side_effect_ids)
            drugs.update(links.values_list("drug_id", flat=True))
        return drugs

    def tallied_conditions(self):
        """Conditions whose counts or most listed side effects may change: the touched
        ones and those of the drugs above."""
        conditions = set(self.condition_ids or ())
        through = Drug.conditions.through.objects
        for ids in id_chunks(self.drug_ids):
            conditions.update(through.filter(drug__in=ids).values_list("condition_id", flat=True))
        if self.side_effect_ids:
            listing = through.filter(drug__side_effect_links__side_effect__in=self.side_effect_ids)
            conditions.update(listing.values_list("condition_id", flat=True))
        return conditions

    def write_tallies(self, conditions_before):
        if self.everything:
            recount_drugs()
            recount_conditions()
            return
        recount_drugs(self.tallied_drugs())
        recount_conditions(conditions_before | self.tallied_conditions())


@contextmanager
def changing(
    drugs=(),
    side_effects=None,
    conditions=None,
    drug_pages=(),
    everything=False,
    recount=True,
):
    """Run the block as one change visitors will see, in one transaction (see above).

    drugs, side_effects, conditions: ids; drug_pages: slugs of drugs whose own page
    alone changes. everything=True renews every page and recounts every
    term (a large import, a synthetic corpus). recount=False leaves the counts and the
    side-effect pages' lines to a later change in the same run (the files of a large
    import, recounted at its end).
    The block may add the ids of drugs it creates with ``change.add_drugs()``.
    """
    with transaction.atomic():
        change = Change(drugs, side_effects, conditions, drug_pages, everything, recount)
        pages_before = change.pages()
        terms_before = change.terms() if recount and not everything else set()
        listed_before = change.listed_terms() if recount and not everything else set()
        tallied_before = change.tallied_conditions() if recount and not everything else set()
        yield change
        if recount:
            terms = SideEffect.objects.all()
            if not everything:
                terms = terms.filter(pk__in=terms_before | change.terms())
            terms.refresh_published_drug_counts()
            change.write_listings(listed_before)
            change.write_tallies(tallied_before)
        bump(pages_before | change.pages())


def changed_everything():
    """After a bulk write made outside any one change (a synthetic corpus): recount every
    term and renew every cached page."""
    with changing(everything=True):
        pass
