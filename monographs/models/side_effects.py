"""The side-effect vocabulary (SideEffect, its aliases) and drugs' links to it (DrugSideEffect)."""

from django.core.validators import RegexValidator
from django.db import connections, models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify

from monographs.ontology import HPO_TERM_URL, HpoTerm
from monographs.text import normalise


class SideEffectQuerySet(models.QuerySet):
    def public(self):
        """Terms a visitor may see: the reviewed vocabulary. A term an import made stays
        hidden (its page 404, its mentions unlinked) until a reviewer accepts it."""
        return self.filter(is_reviewed=True)

    def with_published_drug_counts(self):
        """Terms listed by at least one published drug, with drug_count: how many."""
        return self.filter(published_drug_count__gt=0).annotate(
            drug_count=F("published_drug_count")
        )

    def broader_than(self, side_effect):
        """Public terms whose HPO term is an ancestor of this one's, the nearest first,
        with distance (1: its parent) and drug_count. One no drug lists still leads to
        this term's drugs: its page includes narrower terms."""
        return self._nearby(side_effect, "hpo__descendant_links__term", "descendant_links")

    def narrower_than(self, side_effect):
        """Public terms some published drug lists whose HPO term is a descendant of this
        one's, the nearest first. (A descendant that lists none leads nowhere: any of its
        own descendants that a drug lists is in this list too.)"""
        nearby = self._nearby(side_effect, "hpo__ancestor_links__ancestor", "ancestor_links")
        return nearby.filter(published_drug_count__gt=0)

    def _nearby(self, side_effect, path, links):
        if side_effect.hpo_id is None:
            return self.none()
        return (
            self.public()
            .filter(**{path: side_effect.hpo_id})
            # The filter's join to the closure, reused: one row per term.
            .annotate(distance=F(f"hpo__{links}__depth"), drug_count=F("published_drug_count"))
            .only("name", "slug")
            .order_by("distance", "-published_drug_count", "name")
        )

    def refresh_published_drug_counts(self):
        """Recount published_drug_count for these terms: call after anything that changes
        which published drugs list a term (import, admin save, publish, merge)."""
        from monographs.models import Drug  # drugs.py imports this module

        counts = (
            DrugSideEffect.objects.filter(
                side_effect=OuterRef("pk"), drug__status=Drug.Status.PUBLISHED
            )
            .order_by()
            .values("side_effect")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.update(published_drug_count=Coalesce(Subquery(counts), 0))

    def unreviewed_by_drug_count(self):
        """Terms awaiting review, those most monographs list first, with drug_count (working
        drafts not counted twice)."""
        listed = Q(drug_links__drug__draft_of__isnull=True)
        return (
            self.filter(is_reviewed=False)
            .annotate(drug_count=Count("drug_links", filter=listed))
            .order_by("-drug_count", "name")
        )

    def related_to(self, side_effect):
        """Other public terms of the same body system, the most listed first."""
        return (
            self.public()
            .with_published_drug_counts()
            .filter(body_system=side_effect.body_system)
            .exclude(pk=side_effect.pk)
            .exclude(body_system=SideEffect.BodySystem.OTHER)
            .only("name", "slug")
            .order_by("-drug_count", "name")
        )


class SideEffect(models.Model):
    """A canonical side-effect term of the shared vocabulary."""

    class BodySystem(models.TextChoices):
        GENERAL = "general", "General"
        NERVOUS = "nervous", "Nervous system"
        PSYCHIATRIC = "psychiatric", "Mental health"
        DIGESTIVE = "digestive", "Digestive system"
        LIVER = "liver", "Liver"
        SKIN = "skin", "Skin and hair"
        MUSCULOSKELETAL = "musculoskeletal", "Muscles, bones and joints"
        CARDIOVASCULAR = "cardiovascular", "Heart and blood vessels"
        BLOOD = "blood", "Blood"
        RESPIRATORY = "respiratory", "Breathing"
        KIDNEY_URINARY = "kidney_urinary", "Kidneys and urinary tract"
        REPRODUCTIVE = "reproductive", "Sexual and reproductive health"
        ENDOCRINE_METABOLIC = "endocrine_metabolic", "Hormones and metabolism"
        IMMUNE = "immune", "Immune system and allergies"
        EYE = "eye", "Eyes"
        EAR = "ear", "Ears"
        INFECTION = "infection", "Infections"
        INJECTION_SITE = "injection_site", "Injection or application site"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True, help_text="A plain-language explanation.")
    body_system = models.CharField(
        max_length=30, choices=BodySystem.choices, default=BodySystem.OTHER
    )
    # Denormalized for listings and search at scale: the number of published drugs that
    # list the term, kept by SideEffectQuerySet.refresh_published_drug_counts().
    published_drug_count = models.PositiveIntegerField(default=0, editable=False, db_index=True)
    is_reviewed = models.BooleanField(
        "reviewed",
        default=False,
        help_text="Curated vocabulary term; unreviewed terms were created by an import.",
    )
    # Codes from the field's standards: HPO's term, and the UMLS and MedDRA ids HPO
    # cross-references (or a curated table gives, where HPO has no such concept).
    hpo = models.ForeignKey(
        HpoTerm,
        verbose_name="HPO term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="side_effects",
        limit_choices_to={"is_obsolete": False},
    )
    umls_cui = models.CharField(
        "UMLS CUI",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^C\d{7}$", "A UMLS CUI is C and seven digits.")],
    )
    meddra_code = models.CharField(
        "MedDRA code",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", "A MedDRA code is eight digits.")],
    )

    objects = SideEffectQuerySet.as_manager()

    # What a merge records of each term it folds in, to bring it back (editorial.merging).
    MERGE_RECORD_FIELDS = (
        "id",
        "name",
        "slug",
        "description",
        "body_system",
        "is_reviewed",
        "hpo_id",
        "umls_cui",
        "meddra_code",
    )

    class Meta:
        ordering = ["name"]
        # Merging deletes terms, but unlike a deletion it is audited and can be undone, so
        # reviewers may merge without the right to delete terms.
        permissions = [("merge_sideeffect", "Can merge side effects and undo a merge")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("monographs:side-effect-detail", kwargs={"slug": self.slug})

    def codes(self):
        """[(coding system, code)] of the standards that name this term."""
        systems = [("HPO", self.hpo_id), ("MedDRA", self.meddra_code), ("UMLS", self.umls_cui)]
        return [(system, code) for system, code in systems if code]

    @property
    def described_by_hpo(self):
        """Whether the term is HPO's own, its description HPO's definition (a term named
        after an HPO concept), rather than a curated term that carries HPO's code."""
        return self.hpo is not None and self.description == self.hpo.definition

    @property
    def hpo_url(self):
        return HPO_TERM_URL.format(self.hpo_id) if self.hpo_id else ""

    @staticmethod
    def unique_slug(name, taken=None):
        """A slug for a new term that no other term has. taken: the slugs in use, a set the
        caller keeps for many new terms (it gets the new slug); else the database is asked."""
        base = slugify(name)[:190] or "side-effect"
        if taken is None:
            taken = set(
                SideEffect.objects.filter(slug__startswith=base).values_list("slug", flat=True)
            )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        return slug

    @transaction.atomic
    def merge_into(self, target):
        """Make this term part of target: its links move, its name and aliases become aliases.

        A drug that lists both terms keeps one link: the more common tier, serious if
        either was, and both notes. Returns what the merge did, as the plain data that
        editorial.merging keeps to undo it: this term's fields and aliases, the alias made
        of its name, and each of its links, with the values the target's link of the same
        drug had before the two were combined ("combined_with"; None: the link moved).
        """
        if target.pk == self.pk:
            raise ValueError("A side effect cannot be merged into itself.")
        record = {name: getattr(self, name) for name in self.MERGE_RECORD_FIELDS}
        record["aliases"] = list(self.aliases.values_list("name", flat=True))
        record["alias_added"] = ""
        record["links"] = []
        target_links = {link.drug_id: link for link in target.drug_links.all()}
        for link in self.drug_links.all():
            kept = target_links.get(link.drug_id)
            record["links"].append(
                {
                    "drug_id": link.drug_id,
                    "frequency": link.frequency,
                    "serious": link.serious,
                    "note": link.note,
                    "source_text": link.source_text,
                    "order": link.order,
                    "combined_with": None
                    if kept is None
                    else {"frequency": kept.frequency, "serious": kept.serious, "note": kept.note},
                }
            )
            if kept is None:
                # The link keeps the words it was shown with, now that its term has another.
                link.source_text = link.source_text or self.name
                link.side_effect = target
                link.save(update_fields=["side_effect", "source_text"])
                continue
            kept.frequency = min(kept.frequency, link.frequency)
            kept.serious = kept.serious or link.serious
            if link.note and link.note not in kept.note:
                kept.note = "; ".join(filter(None, [kept.note, link.note]))[:500]
            kept.save(update_fields=["frequency", "serious", "note"])
            link.delete()
        SideEffect.objects.filter(pk=target.pk).refresh_published_drug_counts()
        self.aliases.update(side_effect=target)
        alias = normalise(self.name)
        if alias and not SideEffectAlias.objects.filter(name=alias).exists():
            SideEffectAlias.objects.create(side_effect=target, name=alias)
            record["alias_added"] = alias
        self.delete()
        return record


class SideEffectAlias(models.Model):
    """A synonym or lay word that resolves to a canonical term ("throwing up" → Vomiting)."""

    side_effect = models.ForeignKey(SideEffect, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "side effect aliases"

    def __str__(self):
        return self.name


class DrugSideEffectQuerySet(models.QuerySet):
    def of_published_drugs(self):
        from monographs.models import Drug  # drugs.py imports this module

        return self.filter(drug__status=Drug.Status.PUBLISHED)

    def qualified(self, common_only=False, serious_only=False):
        """Only the links where the drug lists the side effect as common (very common or
        common: 1 in 100 people or more), or as serious."""
        links = self
        if common_only:
            links = links.filter(frequency__lte=DrugSideEffect.Frequency.COMMON)
        if serious_only:
            links = links.filter(serious=True)
        return links

    def in_tiers(self, tiers):
        """Only the links of these frequency tiers."""
        return self.filter(frequency__in=tiers)

    def published_drug_count(self, side_effects):
        """How many published drugs list any of the side effects through these links (with
        the narrower terms: SideEffectListingQuerySet.published_drug_count).

        Each side effect's links are read in drug order from the (side effect, drug) index
        and merged (UNION ... ORDER BY), less the few drugs that are not published. On
        SQLite, COUNT(DISTINCT drug) sorted every link instead: 7.8 ms against 4.0 ms for
        the two most listed terms at 20,000 drugs (PostgreSQL takes as long either way).
        Django drops the ORDER BY from a union it counts, so the count is written around
        the union's SQL.
        """
        from monographs.models import Drug  # drugs.py imports this module

        arms = [self.filter(side_effect=term).order_by().values("drug_id") for term in side_effects]
        drug_ids = arms[0].union(*arms[1:]).order_by("drug_id")
        others = [status for status in Drug.Status.values if status != Drug.Status.PUBLISHED]
        not_published = Drug.objects.filter(status__in=others).order_by().values("pk")
        union_sql, union_params = drug_ids.query.get_compiler(self.db).as_sql()
        excluded_sql, excluded_params = not_published.query.get_compiler(self.db).as_sql()
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM ({union_sql}) linked WHERE drug_id NOT IN ({excluded_sql})",
                (*union_params, *excluded_params),
            )
            return cursor.fetchone()[0]


class DrugSideEffect(models.Model):
    """A drug lists a side effect, with how common and how serious it is."""

    class Frequency(models.IntegerChoices):
        """How many people get it, on the CIOMS / EU SmPC scale that drug labelling uses."""

        VERY_COMMON = 1, "Very common"
        COMMON = 2, "Common"
        UNCOMMON = 3, "Uncommon"
        RARE = 4, "Rare"
        VERY_RARE = 5, "Very rare"
        NOT_KNOWN = 6, "Not known"

        @property
        def in_plain_words(self):
            """The tier as visitors read it: "Common: up to 1 in 10 people"."""
            return f"{self.label}: {HOW_MANY_PEOPLE[self]}"

        @classmethod
        def plain_choices(cls):
            return [(tier.value, tier.in_plain_words) for tier in cls]

    # No single-column indexes: the unique (drug, side effect) constraint and the
    # (side effect, drug) index below serve those lookups, and each index slows imports.
    drug = models.ForeignKey(
        "Drug", on_delete=models.CASCADE, related_name="side_effect_links", db_index=False
    )
    side_effect = models.ForeignKey(
        SideEffect, on_delete=models.PROTECT, related_name="drug_links", db_index=False
    )
    frequency = models.PositiveSmallIntegerField(
        choices=Frequency.choices, default=Frequency.NOT_KNOWN
    )
    serious = models.BooleanField(default=False)
    note = models.CharField(
        max_length=500, blank=True, help_text="Detail from the source, e.g. “fever, chills”."
    )
    # A database default too: rows are inserted in bulk, by column (db.insert_rows).
    source_text = models.CharField(
        "wording in the source",
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="How the source names it (“Exfoliative dermatitis”), which the export "
        "writes; blank: the side effect's own name.",
    )
    order = models.PositiveIntegerField(default=0)

    objects = DrugSideEffectQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "side effect"
        constraints = [
            models.UniqueConstraint(
                fields=["drug", "side_effect"], name="one_link_per_drug_side_effect"
            )
        ]
        indexes = [
            # Covering indexes for "drugs that list these side effects" (optionally only
            # where common): the drug ids come from the index alone.
            models.Index(fields=["side_effect", "drug"], name="dse_side_effect_drug_idx"),
            models.Index(
                fields=["side_effect", "frequency", "drug"], name="dse_side_effect_tier_drug_idx"
            ),
        ]

    def __str__(self):
        return f"{self.drug}: {self.side_effect}"

    @property
    def frequency_in_words(self):
        return self.Frequency(self.frequency).in_plain_words


# How many people each tier means, in the words of the EU package leaflet.
HOW_MANY_PEOPLE = {
    DrugSideEffect.Frequency.VERY_COMMON: "more than 1 in 10 people",
    DrugSideEffect.Frequency.COMMON: "up to 1 in 10 people",
    DrugSideEffect.Frequency.UNCOMMON: "up to 1 in 100 people",
    DrugSideEffect.Frequency.RARE: "up to 1 in 1,000 people",
    DrugSideEffect.Frequency.VERY_RARE: "up to 1 in 10,000 people",
    DrugSideEffect.Frequency.NOT_KNOWN: "frequency not stated",
}
