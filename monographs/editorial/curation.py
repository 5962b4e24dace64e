"""Reviewing the terms an import made: merge one into another term, accept it as a
reviewed term (with an HPO code), or take it out as "not a side effect". Each step is
one change visitors see (``changes.changing``), audited, and can be undone from its
AuditEntry, whose ``undo_data`` keeps what it changed:

- accepted: {"term": {"id", "name"}, "before": {"is_reviewed", "hpo_id", "umls_cui",
  "meddra_code", "body_system"}};
- not a side effect: {"term": the term's fields (SideEffect.MERGE_RECORD_FIELDS),
  "aliases": [...], "links": [{"drug_id", "frequency", "serious", "note",
  "source_text", "order"}], "notes": [{"drug_id", "before", "after"}]}: each drug's
  side-effect notes before and after its links were added to them as text.

Merges are editorial.merging's, with its own record and undo.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from monographs.editorial import merging
from monographs.editorial.changes import changing
from monographs.models import AuditEntry, Drug, DrugSideEffect, SideEffect, SideEffectAlias
from monographs.ontology import HpoTerm, validate_hpo_id

CODE_FIELDS = ("is_reviewed", "hpo_id", "umls_cui", "meddra_code", "body_system")
LINK_FIELDS = ("frequency", "serious", "note", "source_text", "order")


class CurationError(Exception):
    """A step refused, with the reason in words."""


def merge_term(term, target, user):
    """Merge term into target (editorial.merging); refused into itself or a narrower term."""
    problem = merging.why_not_mergeable(term, target)
    if problem:
        raise CurationError(problem)
    return merging.merge([term, target], target, user)


def accept(term, user, hpo_id=""):
    """Make term a reviewed, public term, coded with hpo_id (validated) when given."""
    hpo = hpo_term(term, hpo_id.strip()) if hpo_id.strip() else None
    with changing(side_effects=[term.pk]):
        before = {name: getattr(term, name) for name in CODE_FIELDS}
        term.is_reviewed = True
        if hpo is not None:
            term.hpo, term.umls_cui, term.meddra_code = hpo, hpo.umls_cui, hpo.meddra_code
            if term.body_system == SideEffect.BodySystem.OTHER and hpo.body_system:
                term.body_system = hpo.body_system
        term.save(update_fields=["is_reviewed", "hpo", "umls_cui", "meddra_code", "body_system"])
        coded = f" as {hpo.id} {hpo.name}" if hpo else ""
        return audit(
            user,
            AuditEntry.Action.ACCEPTED,
            f"Accepted {term.name}{coded}",
            {"term": {"id": term.pk, "name": term.name}, "before": before},
        )


def hpo_term(term, hpo_id):
    """The current HpoTerm of a typed id, or a CurationError that says what is wrong."""
    try:
        validate_hpo_id(hpo_id)
    except ValidationError as error:
        raise CurationError(f"{term.name}: {' '.join(error.messages)}") from None
    holder = SideEffect.objects.filter(hpo_id=hpo_id).exclude(pk=term.pk).first()
    if holder is not None:
        raise CurationError(
            f"{term.name}: {holder.name} already has {hpo_id}; merge into it instead."
        )
    return HpoTerm.objects.get(pk=hpo_id)


def not_a_side_effect(term, user):
    """Take term out of the vocabulary: each drug that lists it gets the link's own words
    (and its note) back in its side-effect notes as text, and the term is deleted."""
    links = list(term.drug_links.order_by("drug_id"))
    drug_ids = [link.drug_id for link in links]
    with changing(drugs=drug_ids, side_effects=[term.pk]):
        notes = dict(
            Drug.objects.select_for_update()
            .filter(pk__in=drug_ids)
            .values_list("pk", "side_effect_notes")
        )
        record = {
            "term": {name: getattr(term, name) for name in SideEffect.MERGE_RECORD_FIELDS},
            "aliases": list(term.aliases.values_list("name", flat=True)),
            "links": [
                {"drug_id": link.drug_id, **{name: getattr(link, name) for name in LINK_FIELDS}}
                for link in links
            ],
            "notes": [],
        }
        for link in links:
            before = notes[link.drug_id]
            after = with_text(before, as_text(link, term))
            Drug.objects.filter(pk=link.drug_id).update(side_effect_notes=after)
            record["notes"].append({"drug_id": link.drug_id, "before": before, "after": after})
        DrugSideEffect.objects.filter(pk__in=[link.pk for link in links]).delete()
        term.delete()
        count = len(links)
        return audit(
            user,
            AuditEntry.Action.DISMISSED,
            f"Took {term.name} out of the side effects: {count} drug "
            f"link{'s' if count != 1 else ''} back to notes",
            record,
        )


def as_text(link, term):
    """A link as a line of notes: its own words, then its note."""
    words = link.source_text or term.name
    return f"{words}: {link.note}" if link.note else words


def with_text(notes, text):
    """Notes with text added as a paragraph of its own."""
    return "\n\n".join(part for part in (notes.strip(), text) if part)


def audit(user, action, detail, undo_data):
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username(),
        action=action,
        detail=detail[:500],
        undo_data=undo_data,
    )


# --- undo ---------------------------------------------------------------------------------

UNDONE_BY = {
    AuditEntry.Action.ACCEPTED: AuditEntry.Action.ACCEPT_UNDONE,
    AuditEntry.Action.DISMISSED: AuditEntry.Action.DISMISS_UNDONE,
}


def undo_entry(entry):
    """The entry that undid this step, if one did."""
    return (
        AuditEntry.objects.filter(action=UNDONE_BY[entry.action], undo_data__undoes=entry.pk)
        .order_by("pk")
        .first()
    )


def why_not_undoable(entry):
    """Why the step cannot be undone now, in words; "" if it can."""
    if entry.action not in UNDONE_BY or not entry.undo_data:
        return "This entry is not a review of a side effect."
    undone = undo_entry(entry)
    if undone is not None:
        return f"{undone.username or 'Someone'} undid this on {undone.at:%d %B %Y}."
    term = entry.undo_data["term"]
    if entry.action == AuditEntry.Action.ACCEPTED:
        if not SideEffect.objects.filter(pk=term["id"]).exists():
            return f"{term['name']} no longer exists (merged or deleted since)."
        return ""
    clashes = SideEffect.objects.filter(
        Q(pk=term["id"]) | Q(name=term["name"]) | Q(slug=term["slug"])
    ).values_list("name", flat=True)
    if clashes:
        return (
            f"A side effect with the name or address of {term['name']} exists again "
            f"({', '.join(clashes)}): rename or merge it first."
        )
    return ""


def undo(entry, user):
    """Undo an accept or a "not a side effect" as one change visitors see. Returns (the
    new AuditEntry, warnings about what could not come back)."""
    term_id = entry.undo_data["term"]["id"]
    drug_ids = [link["drug_id"] for link in entry.undo_data.get("links", [])]
    with changing(drugs=drug_ids, side_effects=[term_id]):
        # Locked, so that two reviewers cannot both undo it.
        entry = AuditEntry.objects.select_for_update().get(pk=entry.pk)
        problem = why_not_undoable(entry)
        if problem:
            raise CurationError(problem)
        if entry.action == AuditEntry.Action.ACCEPTED:
            term, warnings = unaccept(entry.undo_data), []
            detail = f"Returned {term.name} to the unreviewed terms"
        else:
            term, warnings = restore(entry.undo_data)
            detail = f"Brought back {term.name} as a side effect"
        return audit(user, UNDONE_BY[entry.action], detail, {"undoes": entry.pk}), warnings


def unaccept(record):
    term = SideEffect.objects.get(pk=record["term"]["id"])
    for name, value in record["before"].items():
        setattr(term, name, value)
    term.save(update_fields=["is_reviewed", "hpo", "umls_cui", "meddra_code", "body_system"])
    return term


def restore(record):
    """Recreate the term, its aliases and links, and take the text back out of the notes."""
    term = SideEffect.objects.create(**record["term"])
    taken = set(SideEffectAlias.objects.filter(name__in=record["aliases"]).values_list("name"))
    SideEffectAlias.objects.bulk_create(
        SideEffectAlias(side_effect=term, name=name)
        for name in record["aliases"]
        if (name,) not in taken
    )
    drugs = Drug.objects.select_for_update().filter(pk__in=[n["drug_id"] for n in record["notes"]])
    current = {drug.pk: drug for drug in drugs.only("name", "side_effect_notes")}
    warnings = []
    for link, notes in zip(record["links"], record["notes"], strict=True):
        drug = current.get(link["drug_id"])
        if drug is None:
            continue  # the drug was deleted since
        DrugSideEffect.objects.create(
            drug=drug, side_effect=term, **{name: link[name] for name in LINK_FIELDS}
        )
        if drug.side_effect_notes == notes["after"]:
            Drug.objects.filter(pk=drug.pk).update(side_effect_notes=notes["before"])
        else:
            warnings.append(
                f"The side-effect notes of {drug.name} changed since, so the text of "
                f"{term.name} was left in them."
            )
    return term, warnings
