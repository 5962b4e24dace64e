import string

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import connections, models, transaction
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from markdownx.models import MarkdownxField

from monographs.limits import MAX_NAME_CHARACTERS
from monographs.listings import SideEffectListing  # noqa: F401 (the app's models)
from monographs.ontology import (  # noqa: F401 (the app's models)
    HPO_TERM_URL,
    HpoAncestor,
    HpoRelease,
    HpoSynonym,
    HpoTerm,
)
from monographs.tallies import ConditionSideEffect  # noqa: F401 (the app's models)
from monographs.text import normalise

# The letters of the A–Z pages and filters: "0-9" stands for any digit or symbol.
LETTERS = [(letter, letter) for letter in string.ascii_uppercase] + [("0-9", "0–9")]


def name_starts_with(letter, field="name"):
    """A filter for names that start with one of LETTERS, on field (e.g. "drug__name")."""
    if letter == "0-9":
        return ~Q(**{f"{field}__regex": r"^[A-Za-z]"})
    return Q(**{f"{field}__istartswith": letter})


# The order of "Recently updated", and of its index (Drug.Meta): first the monographs an
# editor published (published_at set), newest first. "IS NULL" rather than NULLS LAST,
# which SQLite's indexes do not take.
RECENTLY_CHANGED = (
    ExpressionWrapper(Q(published_at__isnull=True), output_field=models.BooleanField()),
    F("published_at").desc(),
    F("updated_at").desc(),
    "name",
)


class ConditionQuerySet(models.QuerySet):
    def with_published_drug_counts(self):
        """Conditions with at least one published drug, with drug_count: how many."""
        return self.filter(published_drug_count__gt=0).annotate(
            drug_count=F("published_drug_count")
        )


class Condition(models.Model):
    """What a drug is used for ("Multiple sclerosis")."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = MarkdownxField(blank=True)
    # Kept by the one write path (monographs/tallies.py), for the A–Z list at scale.
    published_drug_count = models.PositiveIntegerField(default=0, editable=False)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("monographs:condition-detail", kwargs={"slug": self.slug})


class DrugQuerySet(models.QuerySet):
    def published(self):
        """Drugs visible to the public."""
        return self.filter(status=Drug.Status.PUBLISHED)

    def without_working_drafts(self):
        """One row per monograph: without the working drafts of published monographs."""
        return self.filter(draft_of__isnull=True)

    def awaiting_review(self):
        """Monographs submitted for review, themselves or as their working draft."""
        in_review = Drug.Status.IN_REVIEW
        return self.without_working_drafts().filter(
            Q(status=in_review) | Q(draft__status=in_review)
        )

    def review_due(self, reviewed_before):
        """Published monographs never signed off, or last signed off before the date."""
        return self.published().filter(
            Q(last_reviewed_at__isnull=True) | Q(last_reviewed_at__lt=reviewed_before)
        )

    def never_reviewed(self):
        """Published monographs nobody has signed off."""
        return self.published().filter(last_reviewed_at__isnull=True)

    def with_working_draft(self):
        """Published monographs being changed through a working draft."""
        return self.published().filter(draft__isnull=False)

    def missing_sections(self):
        """Monographs without a usage, a "how it works" or any dosage entry."""
        return self.filter(
            Q(usage="") | Q(mechanism="") | ~Q(pk__in=Dosage.objects.values("drug_id"))
        )

    def with_unreviewed_side_effects(self):
        """Drugs linked to vocabulary terms an import created and nobody has reviewed."""
        links = DrugSideEffect.objects.filter(side_effect__is_reviewed=False)
        return self.filter(pk__in=links.values("drug_id"))

    def sharing_a_title(self):
        """Monographs whose title another monograph also has, letter case aside."""
        monographs = Drug.objects.without_working_drafts().annotate(title=Lower("name"))
        shared = monographs.values("title").annotate(count=Count("pk")).filter(count__gt=1)
        return (
            self.without_working_drafts()
            .alias(title=Lower("name"))
            .filter(title__in=shared.values("title"))
        )

    def titled_like(self, drug):
        """The other monographs with the drug's title, letter case aside (drug_title_idx)."""
        return (
            self.without_working_drafts()
            .alias(title=Lower("name"))
            .filter(title=Lower(Value(drug.name)))
            .exclude(pk=drug.pk)
        )

    def with_distinctions(self):
        """With what tells monographs of one title apart: their routes (two queries)."""
        routes = Dosage.objects.exclude(route="").only("drug_id", "route")
        return self.only(
            "name", "slug", "status", "draft_of", "generic_name", "source_path", "updated_at"
        ).prefetch_related(Prefetch("dosages", queryset=routes))

    def with_editor_notes(self):
        """Monographs whose source held remarks about writing the page, set aside."""
        return self.exclude(editor_notes="")

    def with_unanswered_faqs(self):
        return self.filter(pk__in=FAQ.objects.filter(answer="").values("drug_id"))

    def without_any_side_effects(self):
        return self.exclude(pk__in=DrugSideEffect.objects.values("drug_id"))

    def publish(self):
        return self._set_status(Drug.Status.PUBLISHED)

    def unpublish(self):
        return self._set_status(Drug.Status.UNPUBLISHED)

    def _set_status(self, status):
        drugs = list(self.values_list("pk", flat=True))
        terms = list(
            DrugSideEffect.objects.filter(drug__in=drugs).values_list("side_effect_id", flat=True)
        )
        changes = {"status": status}
        if status == Drug.Status.PUBLISHED:
            changes["published_at"] = timezone.now()
        updated = self.update(**changes)
        SideEffect.objects.filter(pk__in=terms).refresh_published_drug_counts()
        SideEffectListing.objects.rebuild(drugs=drugs)
        return updated

    def recently_changed(self):
        """Newest editorial change first: a monograph an editor published, by when; then
        the ones only ever imported (published_at empty), by their last update."""
        return self.order_by(*RECENTLY_CHANGED)

    def starting_with(self, letter):
        """Drugs whose name starts with a letter; "0-9" means any digit or symbol."""
        return self.filter(name_starts_with(letter))

    def matching_name(self, text):
        """Drugs whose name, generic name or a brand name contains the text."""
        return self.filter(
            Q(name__icontains=text)
            | Q(generic_name__icontains=text)
            | Q(brand_names__icontains=text)
        )

    def with_side_effect(self, side_effect):
        """Drugs that list the side effect; a subquery, so no drug appears twice."""
        return self.with_side_effects([side_effect])

    def with_side_effects(
        self,
        side_effects,
        match_all=False,
        common_only=False,
        serious_only=False,
        per_row=False,
        narrower=False,
    ):
        """Drugs that list any (or all) of the side effects, optionally only where the
        drug lists it as common, or as serious; with narrower, a term stands for itself
        and the public terms narrower than it, and only published drugs can match: they
        are read from the side-effect pages' stored lines (a drug's most telling line per
        term), not from the links of every narrower term.

        per_row checks each drug with a correlated EXISTS instead of one subquery: slower
        to count, but a page of a listing that most drugs match stops after that page.
        """
        groups = [[term] for term in side_effects] if match_all else [side_effects]
        if narrower:
            lines = SideEffectListing.objects.all()
            lines = lines.one_per_drug_where_serious() if serious_only else lines.one_per_drug()
            if common_only:
                lines = lines.filter(frequency__lte=DrugSideEffect.Frequency.COMMON)
            lines_of = [lines.filter(term__in=[term.pk for term in group]) for group in groups]
        else:
            links = DrugSideEffect.objects.qualified(common_only, serious_only)
            lines_of = [links.filter(side_effect__in=group) for group in groups]
        queryset = self
        for lines in lines_of:
            if per_row:
                queryset = queryset.filter(Exists(lines.filter(drug=OuterRef("pk"))))
            else:
                queryset = queryset.filter(pk__in=lines.values("drug_id"))
        return queryset

    def without_side_effects(self, side_effects):
        """Drugs that list none of the side effects."""
        links = DrugSideEffect.objects.filter(side_effect__in=side_effects)
        return self.exclude(pk__in=links.values("drug_id"))

    def for_condition(self, condition):
        return self.filter(
            pk__in=Drug.conditions.through.objects.filter(condition=condition).values("drug_id")
        )

    def compared(self, sort):
        """The rows of a condition's comparison in this order (ConditionDetailView.SORTS),
        with what they show."""
        return (
            self.with_side_effect_counts()
            .only("name", "slug", "summary", "side_effect_count", "common_side_effect_count")
            .order_by(*sort)
        )

    def with_side_effect_counts(self):
        """Annotate without_frequencies (no link to a public term states how common it
        is), beside the stored counts (side_effect_count, common_side_effect_count)."""
        return self.annotate(
            without_frequencies=ExpressionWrapper(
                Q(stated_side_effect_count=0), output_field=models.BooleanField()
            ),
        )

    def combinations(self):
        """Combination products ("A + B")."""
        return self.filter(name__contains="+")

    def single_ingredient(self):
        return self.exclude(name__contains="+")

    def with_monograph(self):
        """Everything the drug page shows, in a fixed number of queries."""
        linked_drugs = Drug.objects.published().only("name", "slug").order_by()
        return self.prefetch_related(
            "dosages",
            Prefetch(
                "side_effect_links",
                queryset=DrugSideEffect.objects.select_related("side_effect"),
            ),
            "precautions",
            Prefetch(
                "interactions",
                queryset=Interaction.objects.select_related("interacting_drug").only(
                    *Interaction.DISPLAY_FIELDS
                ),
            ),
            "faqs",
            "conditions",
            # Unordered (the page sorts the few it gets): ORDER BY name made SQLite walk
            # every published drug by the name index, 20 ms at 20,000 drugs.
            Prefetch("ingredients", queryset=linked_drugs),
            Prefetch("combinations", queryset=linked_drugs),
        )


class Drug(models.Model):
    """One monograph."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    class Availability(models.TextChoices):
        NOT_STATED = "", "Not stated"
        PRESCRIPTION = "prescription", "Prescription only"
        OVER_THE_COUNTER = "over_the_counter", "Available over the counter"
        # Over the counter at a low strength, on prescription at a higher one.
        BOTH = "both", "Over the counter and on prescription"

    # What an editor writes: the fields a working draft copies, a revision records
    # and publishing applies (besides the inlines in MONOGRAPH_PARTS).
    CONTENT_FIELDS = (
        "name", "generic_name", "brand_names", "drug_class", "availability", "summary",
        "usage", "dosage_notes", "side_effect_notes", "mechanism", "interaction_notes",
        "other_notes", "editor_notes",
    )  # fmt: skip

    name = models.CharField(
        max_length=MAX_NAME_CHARACTERS,
        help_text="Generic or combination name, e.g. “Acarbose + Metformin”.",
    )
    slug = models.SlugField(max_length=255)
    generic_name = models.CharField(max_length=MAX_NAME_CHARACTERS, blank=True)
    # Text, not rows: a handful of names per drug, matched by substring and by the name
    # index of public/drug_names.py, never joined.
    brand_names = models.CharField(
        max_length=MAX_NAME_CHARACTERS,
        blank=True,
        help_text="Comma-separated, as sold: “Tylenol, Panadol”.",
    )
    drug_class = models.CharField(
        max_length=200,
        blank=True,
        help_text="As the monograph states it: “Nonsteroidal anti-inflammatory drug (NSAID)”.",
    )
    availability = models.CharField(
        max_length=20, choices=Availability.choices, blank=True, default=Availability.NOT_STATED
    )
    summary = models.CharField(
        max_length=500, blank=True, help_text="One sentence for listings and search engines."
    )
    usage = MarkdownxField(blank=True)
    dosage_notes = MarkdownxField(
        blank=True, help_text="General notes shown before the dosage entries."
    )
    side_effect_notes = MarkdownxField(blank=True, help_text="Notes shown with the side effects.")
    mechanism = MarkdownxField("How it works", blank=True)
    interaction_notes = MarkdownxField(
        blank=True, help_text="Shown once before the interactions: what introduces them all."
    )
    other_notes = MarkdownxField(
        blank=True, help_text="Text that fits no other field, kept as Markdown."
    )
    editor_notes = models.TextField(
        blank=True,
        help_text="Never shown to visitors: text the source wrote about writing the page, "
        "not about the drug, kept for an editor to review.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # A published monograph is edited through a working draft: a second row, hidden from
    # the public, that publishing copies over the live one (see monographs.editorial.workflow).
    draft_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="draft",
    )
    # A working draft's starting point: the latest revision when it was made. A forced
    # import recorded after it is text that publishing the draft would replace.
    draft_base = models.ForeignKey(
        "Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Bumped by every save of the content: a form saved from an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by a reviewer: `manage.py publish_scheduled` publishes the row then, as her.
    publish_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    publish_scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    last_reviewed_at = models.DateTimeField(
        "last medical review", null=True, blank=True, editable=False
    )
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # The reviewer's name as signed: kept if the account is renamed or removed.
    last_reviewer_name = models.CharField(max_length=300, blank=True, editable=False)
    ingredients = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="combinations",
        blank=True,
        help_text="For a combination product: the single-ingredient monographs it contains.",
    )
    conditions = models.ManyToManyField(Condition, related_name="drugs", blank=True)
    # Its links to public (reviewed) terms: all, very common or common, and those that
    # state a tier. Kept by the one write path (monographs/tallies.py): the condition
    # comparison sorts thousands of drugs by them.
    side_effect_count = models.PositiveIntegerField(default=0, editable=False)
    common_side_effect_count = models.PositiveIntegerField(default=0, editable=False)
    stated_side_effect_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_path = models.CharField(
        max_length=500,
        blank=True,
        db_index=True,
        help_text="The file this monograph was imported from.",
    )
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DrugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("publish_drug", "Can publish and unpublish monographs"),
            ("sign_off_drug", "Can sign off the medical review of monographs"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(draft_of__isnull=True), name="unique_monograph_slug"
            ),
            models.CheckConstraint(
                condition=Q(draft_of__isnull=True) | Q(status__in=["draft", "in_review"]),
                name="working_draft_is_never_public",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "name"], name="drug_status_name_idx"),
            # The published drugs' ids alone, for a listing's count: without it PostgreSQL
            # read the whole table (its text) to find them.
            models.Index(fields=["status", "id"], name="drug_status_id_idx"),
            models.Index(fields=["status", "-updated_at"], name="drug_status_updated_idx"),
            # The home page's eight most recently changed read the index alone.
            models.Index("status", *RECENTLY_CHANGED, name="drug_recently_changed_idx"),
            # Monographs sharing a title: the "Similar monographs" note and its worklist.
            models.Index(Lower("name"), name="drug_title_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("monographs:drug-detail", kwargs={"slug": self.slug})

    @property
    def routes(self):
        """The routes its dosage entries state, each once, in their order."""
        return list(dict.fromkeys(d.route.lower() for d in self.dosages.all() if d.route))

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_working_draft(self):
        return self.draft_of_id is not None

    @property
    def state_label(self):
        """The status in words, a working draft's saying whose draft it is: "Draft of a
        published monograph, in review", not "In review draft of…" or "Draft draft"."""
        if not self.is_working_draft:
            return self.get_status_display()
        if self.status == self.Status.DRAFT:
            return "Draft of a published monograph"
        return f"Draft of a published monograph, {self.get_status_display().lower()}"

    @property
    def is_editable(self):
        """A published monograph changes only through its working draft."""
        return self.status != self.Status.PUBLISHED

    @property
    def monograph(self):
        """The monograph this row is, or is the working draft of."""
        return self.draft_of if self.is_working_draft else self

    @property
    def is_combination(self):
        return "+" in self.name

    # A slug is cut at a word boundary to this length, so that a URL stays readable and a
    # numbered variant ("-2") and the page cache's key ("drug:<slug>") still fit.
    MAX_SLUG_CHARACTERS = 200

    @staticmethod
    def slug_for(name, room=0):
        """The name's slug, cut at a word boundary; `room` characters shorter still, for a
        suffix the caller adds."""
        slug = slugify(name)
        limit = Drug.MAX_SLUG_CHARACTERS - room
        if len(slug) <= limit:
            return slug
        cut = slug[: limit + 1].rsplit("-", 1)[0]
        return (cut if cut and len(cut) <= limit else slug[:limit]).strip("-")


class DrugRedirectQuerySet(models.QuerySet):
    def published_target(self, slug):
        """The slug of the published monograph a removed monograph's slug leads to, or None."""
        moved = self.filter(slug=slug, drug__status=Drug.Status.PUBLISHED)
        return moved.values_list("drug__slug", flat=True).first()


class DrugRedirect(models.Model):
    """The address of a monograph removed as a duplicate of another with its title, and
    the monograph it leads to now (301): links and bookmarks keep working."""

    slug = models.SlugField(max_length=Drug.MAX_SLUG_CHARACTERS, unique=True)
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="redirects")
    source_path = models.CharField(
        max_length=500, blank=True, help_text="The file the removed monograph came from."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DrugRedirectQuerySet.as_manager()

    def __str__(self):
        return f"{self.slug} → {self.drug.slug}"


class Dosage(models.Model):
    """One dosage entry, e.g. "Initial dose" for adults with multiple sclerosis."""

    class Population(models.TextChoices):
        GENERAL = "general", "General"
        ADULTS = "adults", "Adults"
        CHILDREN = "children", "Children"
        ALL_AGES = "all_ages", "Adults and children"
        OLDER_ADULTS = "older_adults", "Older adults"
        RENAL = "renal", "Kidney impairment"
        HEPATIC = "hepatic", "Liver impairment"
        OTHER = "other", "Other"

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="dosages")
    indication = models.CharField(
        max_length=MAX_NAME_CHARACTERS,
        blank=True,
        help_text="The group the entry belongs to, e.g. a condition.",
    )
    population = models.CharField(
        max_length=20, choices=Population.choices, default=Population.GENERAL
    )
    label = models.CharField(
        max_length=MAX_NAME_CHARACTERS, blank=True, help_text="e.g. “Initial dose”, “Titration”."
    )
    route = models.CharField(max_length=100, blank=True, help_text="e.g. oral, subcutaneous.")
    amount = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    # A range ("10–20 mg"): amount is its lower end. Stored apart rather than as text, so
    # that the page and the structured data say "10–20 mg", never "10 mg".
    amount_max = models.DecimalField(
        "up to amount", max_digits=12, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(max_length=30, blank=True)
    frequency = models.CharField(max_length=100, blank=True)
    instructions = MarkdownxField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "dosage entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_max__isnull=True)
                | Q(amount__isnull=False, amount_max__gt=F("amount")),
                name="dose_range_above_its_amount",
            )
        ]

    def __str__(self):
        return self.label or self.get_population_display()

    @property
    def dose(self):
        """The structured dose in words, e.g. "0.125 mg, every other day, subcutaneous",
        "10–20 mg, once daily"."""
        amount = "–".join(
            format(value.normalize(), "f")
            for value in (self.amount, self.amount_max)
            if value is not None
        )
        parts = [f"{amount} {self.unit}".strip(), self.frequency, self.route]
        return ", ".join(part for part in parts if part)


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
        Drug, on_delete=models.CASCADE, related_name="side_effect_links", db_index=False
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


class Precaution(models.Model):
    """A precaution as the source names it ("Contraindications", "Alcohol")."""

    class Kind(models.TextChoices):
        CONTRAINDICATION = "contraindication", "Contraindication"
        INTERACTION = "interaction", "Interactions"
        PREGNANCY = "pregnancy", "Pregnancy and breastfeeding"
        WARNING = "warning", "Warning"
        OTHER = "other", "Other"

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="precautions")
    topic = models.CharField(max_length=MAX_NAME_CHARACTERS, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    text = MarkdownxField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.topic or self.get_kind_display()


class FAQ(models.Model):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="faqs")
    question = models.TextField()
    answer = MarkdownxField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question


class Interaction(models.Model):
    """Another drug (a link when it has a monograph here, else its name) that interacts."""

    class Severity(models.TextChoices):
        NOT_STATED = "", "Not stated"
        MINOR = "minor", "Minor"
        MODERATE = "moderate", "Moderate"
        MAJOR = "major", "Major"

    DISPLAY_FIELDS = (
        "drug_id", "name", "severity", "description", "order",
        "interacting_drug__name", "interacting_drug__slug", "interacting_drug__status",
    )  # fmt: skip

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="interactions")
    interacting_drug = models.ForeignKey(
        Drug,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interacted_by",
        help_text="The monograph of the other drug, when there is one.",
    )
    name = models.CharField(
        max_length=MAX_NAME_CHARACTERS, help_text="The other drug or drug class as named."
    )
    severity = models.CharField(max_length=10, choices=Severity.choices, default="", blank=True)
    description = MarkdownxField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["drug", "name"], name="one_interaction_per_drug_name")
        ]

    def __str__(self):
        return f"{self.drug} + {self.name}"

    @property
    def public_link(self):
        """The other drug's page, if it is published."""
        other = self.interacting_drug
        if other is not None and other.status == Drug.Status.PUBLISHED:
            return other.get_absolute_url()
        return None


# The inlines of a monograph, by related name: what a working draft copies, a revision
# records and publishing moves over to the live monograph.
MONOGRAPH_PARTS = {
    "dosages": Dosage,
    "side_effect_links": DrugSideEffect,
    "precautions": Precaution,
    "interactions": Interaction,
    "faqs": FAQ,
}


class Revision(models.Model):
    """The whole content of a monograph (fields and inlines) as one editorial step left it."""

    class Action(models.TextChoices):
        IMPORTED = "imported", "Imported version"
        SAVED = "saved", "Saved"
        SUBMITTED = "submitted", "Submitted for review"
        PUBLISHED = "published", "Published"
        RESTORED = "restored", "Restored"

    monograph = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    action = models.CharField(max_length=20, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.CharField(max_length=500, blank=True)
    # Built and read by monographs.editorial.revisions: {"fields": {...}, "<part>": [{...}, ...]}.
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["monograph", "number"], name="one_revision_number_per_monograph"
            )
        ]

    def __str__(self):
        return f"{self.monograph} #{self.number}"

    @property
    def author_name(self):
        return display_name(self.created_by) if self.created_by else "the import"


class AuditEntry(models.Model):
    """Who published, unpublished, signed off or otherwise moved a monograph, or merged
    side-effect terms, and when."""

    class Action(models.TextChoices):
        DRAFT_STARTED = "draft_started", "Started a draft"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned to draft"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"
        SIGNED_OFF = "signed_off", "Signed off medical review"
        RESTORED = "restored", "Restored a revision"
        DISCARDED = "discarded", "Discarded a draft"
        SCHEDULED = "scheduled", "Scheduled publishing"
        UNSCHEDULED = "unscheduled", "Cancelled scheduled publishing"
        WITHDRAWN = "withdrawn", "Withdrew from review"
        MERGED = "merged", "Merged side effects"
        MERGE_UNDONE = "merge_undone", "Undid a merge of side effects"
        ACCEPTED = "accepted", "Accepted a side effect"
        ACCEPT_UNDONE = "accept_undone", "Undid accepting a side effect"
        DISMISSED = "dismissed", "Took out a term: not a side effect"
        DISMISS_UNDONE = "dismiss_undone", "Brought back a term taken out"
        DUPLICATE_REMOVED = "duplicate_removed", "Removed a duplicate monograph"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text as well, so the trail survives a renamed or deleted account or monograph.
    username = models.CharField(max_length=150, blank=True)
    monograph = models.ForeignKey(
        Drug, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    # Empty: a vocabulary step.
    monograph_name = models.CharField(max_length=MAX_NAME_CHARACTERS, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(max_length=500, blank=True)
    # What a step that can be undone changed, as data: a merge's terms, aliases and links
    # (monographs.editorial.merging), an accepted or dismissed term's (editorial.curation).
    undo_data = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit trail"

    def __str__(self):
        action = self.get_action_display().lower()
        return f"{self.username or 'unknown'} {action}: {self.monograph_name or self.detail}"

    @property
    def actor(self):
        """Who took the step, named as the admin names people (their display name)."""
        return display_name(self.user) if self.user else self.username or "unknown"


class DraftAutosave(models.Model):
    """What an editor had typed in a monograph's form, kept every little while until she
    saves it (monographs.editorial.autosave). Not a revision: nobody else sees it."""

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="autosaves")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="draft_autosaves"
    )
    # The form's fields as [[name, value, label], ...]; label: a choice's text.
    fields = models.JSONField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["drug", "user"], name="one_autosave_per_editor")
        ]

    def __str__(self):
        return f"{self.drug}: autosave of {self.user}"


class ReviewerProfile(models.Model):
    """How the site credits a person's work to visitors: a name and credentials, set in
    create_admin or the admin (Users), never the login name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    display_name = models.CharField(max_length=150, blank=True, help_text="e.g. Jane Doe")
    credentials = models.CharField(max_length=150, blank=True, help_text="e.g. PharmD, MD")

    def __str__(self):
        return ", ".join(part for part in (self.display_name, self.credentials) if part)


def display_name(user):
    """How the admin names a person: display name, else full name, else username."""
    profile = getattr(user, "reviewer_profile", None)
    return (profile and profile.display_name) or user.get_full_name().strip() or user.get_username()


def reviewer_credit(user):
    """How visitors read who reviewed a monograph: display name (else full name) and
    credentials; empty rather than the login name."""
    profile = getattr(user, "reviewer_profile", None)
    name = (profile and profile.display_name) or user.get_full_name().strip()
    credentials = profile.credentials if profile and name else ""
    return ", ".join(part for part in (name, credentials) if part)


class PageGeneration(models.Model):
    """The current generation of one kind of cached public page (see monographs.serving.caching)."""

    key = models.CharField(max_length=255, primary_key=True)
    generation = models.BigIntegerField()

    def __str__(self):
        return f"{self.key} @ {self.generation}"
