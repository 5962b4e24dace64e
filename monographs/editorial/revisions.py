"""A monograph's whole content as plain data, and back.

One snapshot format serves three jobs: a revision records it, a working draft is made
by applying the live monograph's snapshot to a new row, and publishing applies the
draft's snapshot to the live monograph. Restoring a revision applies its snapshot.

    {"fields": {"name": ..., "usage": ..., "conditions": [{"id": 1, "name": ...}], ...},
     "dosages": [{"label": ..., "amount": "0.0625", ...}, ...],
     "side_effect_links": [{"side_effect_id": 7, "side_effect_name": "Nausea", ...}],
     "precautions": [...], "interactions": [...], "faqs": [...]}
"""

from decimal import Decimal

from monographs.models import MONOGRAPH_PARTS, Condition, Drug, SideEffect, SideEffectAlias
from monographs.text import normalise

LINKS = {"conditions": Condition, "ingredients": Drug}


def snapshot(drug):
    """Everything an editor can change in the monograph (or working draft), as JSON data."""
    fields = {name: getattr(drug, name) for name in Drug.CONTENT_FIELDS}
    for name in LINKS:
        fields[name] = [
            {"id": pk, "name": label}
            for pk, label in getattr(drug, name).order_by("name").values_list("pk", "name")
        ]
    data = {"fields": fields}
    for part in MONOGRAPH_PARTS:
        rows = getattr(drug, part).all()
        if part == "side_effect_links":
            rows = rows.select_related("side_effect")
        data[part] = [row_data(row) for row in rows]
    return data


def row_data(row):
    data = {}
    for field in type(row)._meta.concrete_fields:
        if field.name in ("id", "drug"):
            continue
        value = field.value_from_object(row)
        data[field.attname] = str(value) if isinstance(value, Decimal) else value
    if hasattr(row, "side_effect"):
        data["side_effect_name"] = row.side_effect.name
    return data


def apply_snapshot(drug, data):
    """Make the drug's content what the snapshot says, inlines included; saves the drug.

    Returns warnings for what could not be kept as it was (a term since deleted comes
    back as an unreviewed term; a link to a deleted monograph or condition is dropped).
    """
    warnings = []
    fields = data["fields"]
    for name in Drug.CONTENT_FIELDS:
        setattr(drug, name, fields.get(name, ""))
    drug.save()
    for name, model in LINKS.items():
        wanted = fields.get(name, [])
        found = existing_ids(model, wanted, exclude_working_drafts=model is Drug)
        missing = [entry["name"] for entry in wanted if entry["id"] not in found]
        if missing:
            warnings.append(f"{name} no longer in the database: {', '.join(missing)}")
        getattr(drug, name).set(found)
    for part, model in MONOGRAPH_PARTS.items():
        getattr(drug, part).all().delete()
        rows = data.get(part, [])
        if part == "side_effect_links":
            rows = with_current_side_effects(rows, warnings)
        if part == "interactions":
            rows = with_current_interacting_drugs(rows)
        model.objects.bulk_create(
            model(drug=drug, **{k: v for k, v in row.items() if k != "side_effect_name"})
            for row in rows
        )
    return warnings


def existing_ids(model, entries, exclude_working_drafts=False):
    queryset = model.objects.filter(pk__in=[entry["id"] for entry in entries])
    if exclude_working_drafts:
        queryset = queryset.without_working_drafts()
    return set(queryset.values_list("pk", flat=True))


def with_current_side_effects(rows, warnings):
    """The rows with side_effect_id pointing at a term that exists now.

    A term merged since the snapshot was taken is found by its name (merging keeps it as
    an alias); a deleted one is made again as an unreviewed term. Two rows that now name
    the same term keep the first.
    """
    current = set(
        SideEffect.objects.filter(pk__in=[row["side_effect_id"] for row in rows]).values_list(
            "pk", flat=True
        )
    )
    result, seen = [], set()
    for row in rows:
        term_id = row["side_effect_id"]
        if term_id not in current:
            term_id = term_named(row["side_effect_name"], warnings).pk
        if term_id in seen:
            continue
        seen.add(term_id)
        result.append({**row, "side_effect_id": term_id})
    return result


def term_named(name, warnings):
    term = SideEffect.objects.filter(name__iexact=name).first()
    if term is None:
        alias = SideEffectAlias.objects.filter(name=normalise(name)).first()
        term = alias.side_effect if alias else None
    if term is None:
        term = SideEffect.objects.create(
            name=name, slug=SideEffect.unique_slug(name), is_reviewed=False
        )
        warnings.append(f"side effect {name!r} was deleted; it is back as an unreviewed term")
    return term


def with_current_interacting_drugs(rows):
    wanted = {row["interacting_drug_id"] for row in rows if row["interacting_drug_id"]}
    found = set(
        Drug.objects.without_working_drafts().filter(pk__in=wanted).values_list("pk", flat=True)
    )
    return [
        {
            **row,
            "interacting_drug_id": row["interacting_drug_id"]
            if row["interacting_drug_id"] in found
            else None,
        }
        for row in rows
    ]


def default_comparison(monograph, draft=None):
    """The two versions the history page compares first, as (from, to) revision numbers
    ("draft" for the working draft as it is now): the working draft against the published
    version; without a draft, the latest revision against the last one that differs from
    it. (None, None) when there is nothing to compare."""
    revisions = monograph.revisions.all()
    if draft is not None:
        # With a working draft, only publishing and imports record the live version.
        live = revisions.filter(action__in=["published", "imported"]).only("number").first()
        return (live.number if live else None), "draft"
    recent = list(revisions[:20])
    if not recent:
        return None, None
    newest = recent[0]
    differing = next((r for r in recent[1:] if r.snapshot != newest.snapshot), None)
    return (differing.number if differing else None), newest.number
