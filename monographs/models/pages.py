"""Where a removed monograph's address leads (DrugRedirect); the page cache's generations."""

from django.db import models

from monographs.models.drugs import Drug


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


class PageGeneration(models.Model):
    """The current generation of one kind of cached public page (see monographs.serving.caching)."""

    key = models.CharField(max_length=255, primary_key=True)
    generation = models.BigIntegerField()

    def __str__(self):
        return f"{self.key} @ {self.generation}"
