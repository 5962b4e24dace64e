"""Autosave: what an editor has typed in a monograph's form, kept apart from it.

The admin's script sends the form's fields every little while; they are kept per editor
and row (DraftAutosave) until she saves the form, and offered back when she opens the
form again. An autosave is not a revision and changes nothing visitors see, so it does
not go through editorial.changes.
"""

from django.utils import timezone

from monographs.limits import MAX_MONOGRAPH_BYTES
from monographs.models import DraftAutosave

# The form of a monograph at its limits has a few thousand fields.
MAX_FIELDS = 20_000


class AutosaveError(ValueError):
    """Fields that are not a form's fields as the admin's script sends them."""


def clean_fields(fields):
    """The fields as [[name, value, label], ...] of strings, or AutosaveError."""
    if not isinstance(fields, list) or len(fields) > MAX_FIELDS:
        raise AutosaveError("Expected a list of fields.")
    cleaned, size = [], 0
    for entry in fields:
        if (
            not isinstance(entry, list)
            or len(entry) != 3
            or not all(isinstance(part, str) for part in entry)
        ):
            raise AutosaveError("Each field is [name, value, label].")
        size += sum(len(part) for part in entry)
        if size > MAX_MONOGRAPH_BYTES * 2:
            raise AutosaveError("Too much text to autosave.")
        if entry[0] != "csrfmiddlewaretoken":
            cleaned.append(entry)
    return cleaned


def keep(row, user, fields):
    """Keep the fields as the user's autosave of the row (a monograph or working draft)."""
    autosave, _ = DraftAutosave.objects.update_or_create(
        drug=row,
        user=user,
        defaults={"fields": clean_fields(fields), "saved_at": timezone.now()},
    )
    return autosave


def waiting(row, user):
    """The user's autosave of the row, if she has one she has not saved since."""
    return DraftAutosave.objects.filter(drug=row, user=user).first()


def forget(row, user):
    """After a save (or when she declines it): the form is what counts now."""
    DraftAutosave.objects.filter(drug=row, user=user).delete()
