"""A monograph's parts: Dosage, Precaution, FAQ, Interaction; MONOGRAPH_PARTS, all its inlines;
monograph_prefetches(), how a page fetches them."""

from django.db import models
from django.db.models import F, Prefetch, Q
from markdownx.models import MarkdownxField

from monographs.limits import MAX_NAME_CHARACTERS
from monographs.models.side_effects import DrugSideEffect


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

    drug = models.ForeignKey("Drug", on_delete=models.CASCADE, related_name="dosages")
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


class Precaution(models.Model):
    """A precaution as the source names it ("Contraindications", "Alcohol")."""

    class Kind(models.TextChoices):
        CONTRAINDICATION = "contraindication", "Contraindication"
        INTERACTION = "interaction", "Interactions"
        PREGNANCY = "pregnancy", "Pregnancy and breastfeeding"
        WARNING = "warning", "Warning"
        OTHER = "other", "Other"

    drug = models.ForeignKey("Drug", on_delete=models.CASCADE, related_name="precautions")
    topic = models.CharField(max_length=MAX_NAME_CHARACTERS, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    text = MarkdownxField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.topic or self.get_kind_display()


class FAQ(models.Model):
    drug = models.ForeignKey("Drug", on_delete=models.CASCADE, related_name="faqs")
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

    drug = models.ForeignKey("Drug", on_delete=models.CASCADE, related_name="interactions")
    interacting_drug = models.ForeignKey(
        "Drug",
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
        from monographs.models import Drug  # drugs.py imports this module

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


def monograph_prefetches(drug_model, combination=None):
    """The prefetches of a drug's parts and of the drugs it links to; combination True or
    False leaves out the side of ingredients and combinations that kind has none of."""
    # Unordered (the page sorts the few it gets): ORDER BY name made SQLite walk every
    # published drug by the name index, 20 ms at 20,000 drugs.
    linked_drugs = drug_model.objects.published().only("name", "slug").order_by()
    none = drug_model.objects.none()
    return [
        "dosages",
        Prefetch(
            "side_effect_links", queryset=DrugSideEffect.objects.select_related("side_effect")
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
        Prefetch("ingredients", queryset=none if combination is False else linked_drugs),
        Prefetch("combinations", queryset=none if combination else linked_drugs),
    ]
