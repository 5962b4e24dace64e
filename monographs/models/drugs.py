"""Drug, the monograph, with its queries; the A–Z letters; the "Recently updated" order."""

import string

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from markdownx.models import MarkdownxField

from monographs.limits import MAX_NAME_CHARACTERS
from monographs.listings import SideEffectListing
from monographs.models.conditions import Condition
from monographs.models.parts import FAQ, Dosage, monograph_prefetches
from monographs.models.side_effects import DrugSideEffect, SideEffect

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

# No link to a public term states how common it is: such monographs come last in a
# condition's comparison (ConditionDetailView.SORTS), which has an index for each order.
WITHOUT_FREQUENCIES = ExpressionWrapper(
    Q(stated_side_effect_count=0), output_field=models.BooleanField()
)


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
        return self.annotate(without_frequencies=WITHOUT_FREQUENCIES)

    def combinations(self):
        """Combination products ("A + B")."""
        return self.filter(name__contains="+")

    def single_ingredient(self):
        return self.exclude(name__contains="+")

    def with_monograph(self):
        """Everything the drug page shows, in a fixed number of queries."""
        return self.prefetch_related(*monograph_prefetches(self.model))

    def get_monograph(self, **lookup):
        """One drug with its monograph's parts, a query fewer than with_monograph(): a
        single drug has no ingredients, and a combination is in no other one (the import
        links them so; the admin refuses other links)."""
        drug = self.get(**lookup)
        parts = monograph_prefetches(self.model, combination=drug.is_combination)
        models.prefetch_related_objects([drug], *parts)
        return drug


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
            # A condition's comparison in its two orders by counts: the published drugs
            # are walked in order and the condition's kept, where sorting the thousands a
            # common condition has took 35 ms at 100,000 drugs on PostgreSQL.
            models.Index(
                "status",
                WITHOUT_FREQUENCIES,
                "common_side_effect_count",
                "name",
                name="drug_fewest_common_idx",
            ),
            models.Index(
                fields=["status", "side_effect_count", "name"], name="drug_fewest_effects_idx"
            ),
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
