"""Merging side-effect terms, audited so that a reviewer can see each merge and undo it.

A merge folds terms into one (``SideEffect.merge_into``) and keeps what it changed in
its AuditEntry's ``undo_data``:

    {"target": {"id": 3, "name": "Headache"},
     "merged": [{"id": 9, "name": "Head pounding", "slug": "head-pounding",
                 "description": "", "body_system": "nervous", "is_reviewed": false,
                 "aliases": ["pounding head"], "alias_added": "head pounding",
                 "links": [{"drug_id": 5, "frequency": 2, "serious": true, "note": "a",
                            "source_text": "", "order": 4, "combined_with": null},
                           ...]}, ...]}

``combined_with`` holds the values the target's link of that drug had before the merge
combined the two links into it; null means the link moved to the target, keeping the
merged term's name as its wording when it had none of its own (``source_text``).

Undoing brings the merged terms back with their ids, slugs and aliases, moves their
links back from the target and gives each combined link its old values. A drug that
since lost the target's link (an editor removed it) or was deleted gets none back.
"""

from django.db.models import Q

from monographs.editorial.changes import changing
from monographs.models import AuditEntry, Drug, DrugSideEffect, SideEffect, SideEffectAlias
from monographs.ontology import HpoAncestor


class MergeError(Exception):
    """A merge refused, or one that cannot be undone as things are now."""


def merge(terms, target, user):
    """Merge the other terms into target as one change visitors see; returns its AuditEntry.
    Refused (MergeError) when a term is broader than target in HPO."""
    merged = [term for term in terms if term.pk != target.pk]
    problems = [why_not_mergeable(term, target) for term in merged]
    if any(problems):
        raise MergeError(" ".join(filter(None, problems)))
    with changing(side_effects=[target.pk, *(term.pk for term in merged)]):
        records = [term.merge_into(target) for term in merged]
        return AuditEntry.objects.create(
            user=user,
            username=user.get_username(),
            action=AuditEntry.Action.MERGED,
            detail=merge_summary(records, target.name)[:500],
            undo_data={"target": {"id": target.pk, "name": target.name}, "merged": records},
        )


def why_not_mergeable(term, target):
    """Why term cannot be merged into target, in words; "" if it can. Not into itself, and
    not into a narrower term: its drugs would then list something they do not say."""
    if term.pk == target.pk:
        return f"{term.name} cannot be merged into itself."
    if (
        term.hpo_id
        and target.hpo_id
        and HpoAncestor.objects.filter(term=target.hpo_id, ancestor=term.hpo_id).exists()
    ):
        return (
            f"{term.name} cannot be merged into {target.name}: it is its parent in HPO "
            f"({term.hpo_id} is broader than {target.hpo_id})."
        )
    return ""


def merge_summary(records, target_name):
    """One line for the audit trail: "Merged Head pounding (2 drug links, 1 alias) into …"."""
    terms = []
    for record in records:
        links, aliases = len(record["links"]), len(record["aliases"])
        counts = f"{links} drug link{'s' if links != 1 else ''}"
        if aliases:
            counts += f", {aliases} alias{'es' if aliases != 1 else ''}"
        terms.append(f"{record['name']} ({counts})")
    return f"Merged {', '.join(terms)} into {target_name}"


def undo_entry(merge_entry):
    """The entry that undid this merge, if one did."""
    return (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.MERGE_UNDONE, undo_data__undoes=merge_entry.pk
        )
        .order_by("pk")
        .first()
    )


def why_not_undoable(merge_entry):
    """Why the merge cannot be undone now, in words; "" if it can."""
    if merge_entry.action != AuditEntry.Action.MERGED or not merge_entry.undo_data:
        return "This entry is not a merge of side effects."
    undone = undo_entry(merge_entry)
    if undone is not None:
        return f"{undone.username or 'Someone'} undid this merge on {undone.at:%d %B %Y}."
    target = merge_entry.undo_data["target"]
    if not SideEffect.objects.filter(pk=target["id"]).exists():
        return f"{target['name']}, the side effect they were merged into, no longer exists."
    records = merge_entry.undo_data["merged"]
    clashes = SideEffect.objects.filter(
        Q(pk__in=[record["id"] for record in records])
        | Q(name__in=[record["name"] for record in records])
        | Q(slug__in=[record["slug"] for record in records])
    ).values_list("name", flat=True)
    if clashes:
        return (
            f"Side effects with the names or addresses of the merged ones exist again "
            f"({', '.join(clashes)}): rename or merge them first."
        )
    return ""


def undo_merge(merge_entry, user):
    """Bring back the terms the merge folded in, with their links, as one change visitors
    see. Returns (the new AuditEntry, warnings about links that could not come back)."""
    target_id = merge_entry.undo_data["target"]["id"]
    records = merge_entry.undo_data["merged"]
    with changing(side_effects=[target_id, *(record["id"] for record in records)]):
        # Locked, so that two reviewers cannot both undo it.
        merge_entry = AuditEntry.objects.select_for_update().get(pk=merge_entry.pk)
        problem = why_not_undoable(merge_entry)
        if problem:
            raise MergeError(problem)
        target = SideEffect.objects.get(pk=target_id)
        warnings = []
        # Last merged first: a link combined twice gets its oldest values back last.
        for record in reversed(records):
            warnings += restore_term(record, target)
        names = ", ".join(record["name"] for record in records)
        entry = AuditEntry.objects.create(
            user=user,
            username=user.get_username(),
            action=AuditEntry.Action.MERGE_UNDONE,
            detail=f"Brought back {names} from {target.name}"[:500],
            undo_data={"undoes": merge_entry.pk},
        )
    return entry, warnings


def restore_term(record, target):
    """Recreate one merged term and take its aliases and links back from target."""
    # A record written before a field was added lacks it: the field's default then.
    term = SideEffect.objects.create(
        **{name: record[name] for name in SideEffect.MERGE_RECORD_FIELDS if name in record}
    )
    SideEffectAlias.objects.filter(side_effect=target, name__in=record["aliases"]).update(
        side_effect=term
    )
    if record["alias_added"]:
        SideEffectAlias.objects.filter(side_effect=target, name=record["alias_added"]).delete()
    drug_ids = [link["drug_id"] for link in record["links"]]
    target_links = {link.drug_id: link for link in target.drug_links.filter(drug__in=drug_ids)}
    drug_names = dict(Drug.objects.filter(pk__in=drug_ids).values_list("pk", "name"))
    warnings = []
    for link in record["links"]:
        current = target_links.get(link["drug_id"])
        if link["drug_id"] not in drug_names:
            continue  # the drug was deleted, and its links with it
        if link["combined_with"] is None:
            if current is None:
                warnings.append(
                    f"{drug_names[link['drug_id']]} no longer lists {target.name}, "
                    f"so its {term.name} link was not brought back."
                )
                continue
            current.side_effect = term
            current.source_text = link.get("source_text", current.source_text)
            current.save(update_fields=["side_effect", "source_text"])
            continue
        if current is not None:
            for name, value in link["combined_with"].items():
                setattr(current, name, value)
            current.save(update_fields=list(link["combined_with"]))
        DrugSideEffect.objects.create(
            drug_id=link["drug_id"],
            side_effect=term,
            **{name: link[name] for name in ("frequency", "serious", "note", "order")},
            source_text=link.get("source_text", ""),
        )
    return warnings
