"""Two drugs compared side by side (`/compare/?drug=a&drug=b`): their side effects in one
table, then their uses, adult doses and interactions next to each other.

Read from the published monographs in a fixed number of queries, whatever their size.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.urls import reverse

from monographs.models import Dosage, Drug, DrugSideEffect, Interaction
from monographs.public import interactions
from monographs.public.at_a_glance import ADULT_POPULATIONS, COMMON_TIERS

DRUGS = 2


def compare_url(slugs):
    """The comparison's address for these drugs."""
    url = reverse("monographs:compare")
    return url + ("?" + "&".join(f"drug={slug}" for slug in slugs) if slugs else "")


@dataclass
class Column:
    """One drug of the comparison, with what its column shows."""

    drug: Drug
    side_effect_count: int
    common_count: int
    serious_count: int
    faq_count: int
    adult_doses: list
    interactions: list


@dataclass
class SideEffectRow:
    side_effect: object
    cells: list  # for each drug, its DrugSideEffect, or None where it does not list it

    @property
    def named_by(self):
        """The link whose wording names the row (an unreviewed term shows the source's)."""
        return next(cell for cell in self.cells if cell)

    @property
    def shared(self):
        return all(self.cells)

    @property
    def group(self):
        """0 when both drugs list it, else 1 + the index of the one drug that does."""
        return 0 if self.shared else 1 + self.cells.index(self.named_by)

    @property
    def sort_key(self):
        """Shared first, then the first drug's own, then the second's; the most common
        first within each, then by name."""
        most_common = min(cell.frequency for cell in self.cells if cell)
        return (self.group, most_common, self.side_effect.name.lower())


@dataclass
class SideBySide:
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    @property
    def drugs(self):
        return [column.drug for column in self.columns]

    @property
    def groups(self):
        """(heading, rows): the side effects both drugs list, then each drug's own."""
        headings = ["Listed by both", *(f"Listed by {drug.name} only" for drug in self.drugs)]
        grouped = {}
        for row in self.rows:
            grouped.setdefault(row.group, []).append(row)
        return [(headings[group], rows) for group, rows in sorted(grouped.items())]

    @property
    def shared_count(self):
        return sum(row.shared for row in self.rows)


def side_by_side(slugs):
    """The published drugs among the slugs (at most two), compared; with fewer than two
    found, only their columns. Four queries."""
    found = (
        Drug.objects.published()
        .without_working_drafts()
        .filter(slug__in=slugs[:DRUGS])
        .annotate(faq_count=Count("faqs", distinct=True))
        .prefetch_related(
            Prefetch(
                "side_effect_links",
                queryset=DrugSideEffect.objects.select_related("side_effect"),
            ),
            Prefetch(
                "dosages",
                queryset=Dosage.objects.filter(population__in=ADULT_POPULATIONS),
                to_attr="adult_doses",
            ),
            Prefetch(
                "interactions",
                queryset=Interaction.objects.select_related("interacting_drug").only(
                    *Interaction.DISPLAY_FIELDS
                ),
            ),
        )
    )
    by_slug = {drug.slug: drug for drug in found}
    drugs = [by_slug[slug] for slug in slugs[:DRUGS] if slug in by_slug]
    comparison = SideBySide(columns=[column_of(drug) for drug in drugs])
    links = [{link.side_effect_id: link for link in drug.side_effect_links.all()} for drug in drugs]
    terms = {term_id: link.side_effect for by_term in links for term_id, link in by_term.items()}
    if len(drugs) == DRUGS:
        comparison.rows = sorted(
            (
                SideEffectRow(term, [by_term.get(term_id) for by_term in links])
                for term_id, term in terms.items()
            ),
            key=lambda row: row.sort_key,
        )
    return comparison


def column_of(drug):
    links = list(drug.side_effect_links.all())
    return Column(
        drug=drug,
        side_effect_count=len(links),
        common_count=sum(link.frequency in COMMON_TIERS for link in links),
        serious_count=sum(link.serious for link in links),
        faq_count=drug.faq_count,
        adult_doses=drug.adult_doses,
        interactions=sorted(
            drug.interactions.all(),
            key=lambda interaction: -interactions.SEVERITY_RANK.get(interaction.severity, 0),
        ),
    )
