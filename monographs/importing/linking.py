"""Links between monographs and to conditions, made after files are written: combination
products to their ingredients, interactions to the monographs they name, drugs to the
conditions their usage text names."""

from monographs.models import Condition, Drug, Interaction
from monographs.vocabulary.conditions import conditions_in


def condition_ids():
    """Condition ids by the names importing.conditions returns (any case), and by slug."""
    ids = {}
    for pk, name, slug in Condition.objects.values_list("pk", "name", "slug"):
        ids[name.casefold()] = pk
        ids.setdefault(slug, pk)
    return ids


def link_conditions(drugs):
    """Link drugs to the conditions their usage text names (for monographs written in
    the admin, or imported before the condition vocabulary grew). Returns links added."""
    ids = condition_ids()
    through = Drug.conditions.through
    rows = [
        through(drug_id=drug.pk, condition_id=ids[name.casefold()])
        # select_related(None): the admin's change list joins each drug's draft, which
        # only() would otherwise refuse to defer.
        for drug in drugs.select_related(None).only("pk", "usage")
        for name in conditions_in(drug.usage)
        if name.casefold() in ids
    ]
    before = through.objects.count()
    through.objects.bulk_create(rows, ignore_conflicts=True)
    return through.objects.count() - before


def link_ingredients():
    """Link every combination product ("A + B") to the monographs of A and B that exist."""
    combinations = (
        Drug.objects.without_working_drafts().filter(name__contains="+").only("pk", "name")
    )
    slugs = {
        drug.pk: [Drug.slug_for(part) for part in drug.name.split("+") if part.strip()]
        for drug in combinations
    }
    wanted = {slug for parts in slugs.values() for slug in parts}
    by_slug = dict(
        Drug.objects.without_working_drafts().filter(slug__in=wanted).values_list("slug", "pk")
    )
    through = Drug.ingredients.through
    existing = set(through.objects.values_list("from_drug_id", "to_drug_id"))
    missing = [
        through(from_drug_id=pk, to_drug_id=by_slug[slug])
        for pk, parts in slugs.items()
        for slug in parts
        if slug in by_slug and by_slug[slug] != pk and (pk, by_slug[slug]) not in existing
    ]
    through.objects.bulk_create(missing, ignore_conflicts=True)


def link_interactions():
    """Point interactions named after a drug that now has a monograph at that monograph."""
    unlinked = Interaction.objects.filter(interacting_drug__isnull=True).only("pk", "name")
    by_slug = {}
    for interaction in unlinked:
        by_slug.setdefault(Drug.slug_for(interaction.name), []).append(interaction.pk)
    for slug, pk in (
        Drug.objects.without_working_drafts().filter(slug__in=by_slug).values_list("slug", "pk")
    ):
        Interaction.objects.filter(pk__in=by_slug[slug]).update(interacting_drug_id=pk)
