"""The lines of the side-effect pages, stored: SideEffectListing.

A term's page lists the published drugs that list it or a reviewed term narrower than
it (HPO's is_a closure), each drug once, through its most telling link, most common
first and then by name. Worked out per request, that took every link of a broad term
and compared each with the drug's other links: 180 ms for "Headache" at 20,000 drugs.
Stored, with the drug's name beside the tier, a page is one range of an index.

The rows are derived data, kept by the one write path (``editorial.changes``): each
change rebuilds the rows of its drugs and of its terms (with their broader terms).
"""

from django.db import connection, models
from django.db.models import Exists, OuterRef, Q

from monographs.db import id_chunks
from monographs.limits import MAX_NAME_CHARACTERS


class SideEffectListingQuerySet(models.QuerySet):
    def for_page(self, term):
        """The term's lines, in the page's order, with what the page shows of each link."""
        return (
            self.filter(term=term)
            .select_related("link__drug", "link__side_effect")
            .only(
                "link__frequency",
                "link__serious",
                "link__note",
                "link__side_effect_id",
                "link__drug__name",
                "link__drug__slug",
                "link__side_effect__name",
                "link__side_effect__slug",
            )
            .order_by("frequency", "drug_name", "drug_id")
        )

    def own(self):
        """Only the lines of the term's own links (not of a narrower term)."""
        return self.filter(own=True)

    def one_per_drug(self):
        """Each drug's most telling line: the most common, serious first, then the first
        link made. Exact whenever a filter keeps or drops whole drugs, or the most common
        tiers (a drug listed as very common is listed as very common or common)."""
        return self.filter(best=True)

    def one_per_drug_where_serious(self):
        """Each drug's most telling line among its serious ones (the most common, then
        the first link made); with the most common tiers too."""
        return self.filter(best_serious=True)

    def published_drug_count(self, terms, common_only=False, serious_only=False):
        """How many published drugs list any of these terms or a reviewed term narrower
        than one of them (only where common, or serious): a drug's most telling line per
        term, and its tier, say so. One range of the page index per term; counted from
        the links, the same number read every link of the terms and their narrower ones
        (199 ms for Headache or Nausea at 100,000 drugs on PostgreSQL)."""
        from monographs.models import DrugSideEffect

        lines = self.filter(term__in=[term.pk for term in terms])
        lines = lines.one_per_drug_where_serious() if serious_only else lines.one_per_drug()
        if common_only:
            lines = lines.filter(frequency__lte=DrugSideEffect.Frequency.COMMON)
        if len(terms) == 1:
            return lines.count()
        return lines.order_by().values("drug").distinct().count()

    def one_per_drug_of_these(self):
        """Each drug's most telling line among these, for filters that keep some of a
        drug's tiers and not others ("uncommon" alone): checked line by line, slower."""
        better = self.filter(drug=OuterRef("drug")).filter(
            Q(frequency__lt=OuterRef("frequency"))
            | Q(frequency=OuterRef("frequency"), serious__gt=OuterRef("serious"))
            | Q(
                frequency=OuterRef("frequency"),
                serious=OuterRef("serious"),
                link__lt=OuterRef("link"),
            )
        )
        return self.exclude(Exists(better))

    def rebuild(self, drugs=None, terms=None):
        """Write again the lines of these drugs (ids), or of these terms (ids: with their
        narrower terms' links); neither: every line."""
        from monographs.models import Drug  # monographs.models imports this module

        published = Drug.Status.PUBLISHED
        if drugs is None and terms is None:
            self.model.objects.all().delete()
            with connection.cursor() as cursor:
                cursor.execute(insert_statement(""), [published])
            return
        parts = (("drug", "link.drug_id", drugs), ("term", "reach.term_id", terms))
        for field, column, ids in parts:
            for chunk in id_chunks(ids or ()):
                self.model.objects.filter(**{f"{field}__in": chunk}).delete()
                placeholders = ", ".join(["%s"] * len(chunk))
                with connection.cursor() as cursor:
                    cursor.execute(
                        insert_statement(
                            f"AND {column} IN ({placeholders})", for_drugs=field == "drug"
                        ),
                        [published, *chunk],
                    )


class SideEffectListing(models.Model):
    """One line of a side-effect page: a published drug's link to the term (own) or to a
    reviewed term narrower than it, and whether it is the drug's most telling link
    there (best), or of its serious ones (best_serious). Kept by editorial.changes;
    never edited."""

    term = models.ForeignKey(
        "monographs.SideEffect", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    link = models.ForeignKey(
        "monographs.DrugSideEffect", on_delete=models.CASCADE, related_name="+"
    )
    drug = models.ForeignKey(
        "monographs.Drug", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Copies of the link's tier and the drug's name: the page's order comes from an index.
    frequency = models.PositiveSmallIntegerField()
    serious = models.BooleanField()
    drug_name = models.CharField(max_length=MAX_NAME_CHARACTERS)
    own = models.BooleanField()
    best = models.BooleanField()
    best_serious = models.BooleanField()

    objects = SideEffectListingQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["term", "frequency", "drug_name", "drug", "best", "best_serious", "own"],
                name="listing_page_order",
            ),
            # A drug's lines: to write them again, and to compare them with each other.
            models.Index(fields=["drug", "term"], name="listing_drug_term"),
        ]

    def __str__(self):
        return f"{self.term_id}: {self.drug_name}"


def insert_statement(condition, for_drugs=False):
    """INSERT ... SELECT of the lines: each published drug's links, once for the link's
    own term and once for each term whose HPO term is an ancestor of a reviewed link
    term's; ROW_NUMBER() marks the drug's most telling link per term (and serious one).
    The pairs of terms are materialized (about a thousand), and CROSS JOIN keeps
    SQLite's order (links, pairs, drug; PostgreSQL plans its own): left to choose,
    SQLite read every published drug for each pair, 40 s at 20,000 drugs. For a few
    drugs (for_drugs) the pairs are found from their links instead, 1 ms, not 3."""
    quote = connection.ops.quote_name
    listing, link, drug, term, closure = (
        quote(f"monographs_{name}")
        for name in ("sideeffectlisting", "drugsideeffect", "drug", "sideeffect", "hpoancestor")
    )
    return f"""
        WITH reach (term_id, side_effect_id) AS {"NOT " if for_drugs else ""}MATERIALIZED (
            SELECT id, id FROM {term}
            UNION ALL
            SELECT broad.id, narrow.id
            FROM {term} broad
            JOIN {closure} closure ON closure.ancestor_id = broad.hpo_id
            JOIN {term} narrow ON narrow.hpo_id = closure.term_id AND narrow.is_reviewed
        )
        INSERT INTO {listing}
            (term_id, link_id, drug_id, frequency, serious, drug_name, own, best, best_serious)
        SELECT reach.term_id, link.id, link.drug_id, link.frequency, link.serious, drug.name,
            reach.term_id = link.side_effect_id,
            ROW_NUMBER() OVER (
                PARTITION BY reach.term_id, link.drug_id
                ORDER BY link.frequency, link.serious DESC, link.id
            ) = 1,
            link.serious AND ROW_NUMBER() OVER (
                PARTITION BY reach.term_id, link.drug_id, link.serious
                ORDER BY link.frequency, link.id
            ) = 1
        FROM {link} link
        CROSS JOIN reach
        CROSS JOIN {drug} drug
        WHERE reach.side_effect_id = link.side_effect_id
            AND drug.id = link.drug_id
            AND drug.status = %s {condition}
    """
