"""Condition: what a drug is used for ("Multiple sclerosis"), with its queries."""

from django.db import models
from django.db.models import F
from django.urls import reverse
from markdownx.models import MarkdownxField


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
