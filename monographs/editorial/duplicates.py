"""Monographs that share a title: an editor keeps one and removes the other, whose address
then leads to the one kept (a 301, `DrugRedirect`), audited.

Only a duplicate goes this way: the two must have the same title, letter case aside. A
monograph with a working draft in progress is refused, so no editor's work is lost.
"""

from monographs.editorial.changes import changing
from monographs.models import AuditEntry, Drug, DrugRedirect, Interaction


class DuplicateError(Exception):
    """A removal refused, with the reason in words."""


def why_not_removable(removed, kept):
    """Why `removed` cannot be removed in favour of `kept`, in words; "" if it can."""
    if removed.pk == kept.pk:
        return "A monograph cannot be removed in favour of itself."
    if removed.draft_of_id or kept.draft_of_id:
        return "Working drafts are not monographs of their own: choose the monographs."
    if removed.name.casefold() != kept.name.casefold():
        return f"“{removed.name}” and “{kept.name}” do not share a title."
    if removed.is_published and not kept.is_published:
        return (
            f"{removed.name} (/drugs/{removed.slug}/) is published and the one to keep is "
            "not: keep the published one, or publish the other first."
        )
    if Drug.objects.filter(draft_of=removed).exists():
        return f"{removed.name} ({removed.slug}) has a working draft: publish or discard it first."
    return ""


def remove_duplicate(removed, kept, user):
    """Remove `removed`, send its address (and any that led to it) to `kept`, and record it.
    Returns the AuditEntry. Raises DuplicateError when refused."""
    problem = why_not_removable(removed, kept)
    if problem:
        raise DuplicateError(problem)
    with changing(drugs=[removed.pk, kept.pk], drug_pages=[removed.slug]):
        # Again inside the transaction: a working draft started meanwhile would be lost.
        problem = why_not_removable(removed, kept)
        if problem:
            raise DuplicateError(problem)
        # What pointed at the removed monograph points at the one kept.
        Interaction.objects.filter(interacting_drug=removed).update(interacting_drug=kept)
        for combination in removed.combinations.exclude(pk=kept.pk):
            combination.ingredients.add(kept)
        DrugRedirect.objects.filter(drug=removed).update(drug=kept)
        DrugRedirect.objects.update_or_create(
            slug=removed.slug, defaults={"drug": kept, "source_path": removed.source_path}
        )
        entry = AuditEntry.objects.create(
            user=user,
            username=user.get_username(),
            monograph=kept,
            monograph_name=kept.name,
            action=AuditEntry.Action.DUPLICATE_REMOVED,
            detail=(
                f"Removed {removed.name} (/drugs/{removed.slug}/"
                f"{', from ' + removed.source_path if removed.source_path else ''}); "
                f"its address now leads to /drugs/{kept.slug}/."
            )[:500],
        )
        removed.delete()
    return entry
