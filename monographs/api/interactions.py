"""/api/v1/interactions/?drug=…&drug=…: the interaction checker's pairs as data
(public.interactions), each pair in both directions, most severe first."""

from typing import Annotated

from ninja import Query, Router, Schema
from pydantic import Field

from monographs.api import schemas
from monographs.api.drugs import link_to
from monographs.api.errors import BadParameters
from monographs.public import interactions

router = Router(tags=["interactions"])

DrugSlugs = Annotated[list[str], Query(description="2 to 10 drug slugs, e.g. drug=warfarin.")]

NOTHING_STATED = "No interaction is stated in these monographs."


class Statement(Schema):
    source: schemas.Link = Field(description="Whose monograph states it.")
    about: schemas.Link = Field(description="The chosen drug it is about.")
    name: str = Field(description="The drug or class as the monograph names it.")
    severity: str | None = Field(description="As the monograph states it, else null.")
    text: str = Field(description="The monograph's sentence (Markdown).")
    section_url: str
    drug_class: str | None = Field(description="The class the match went through, if any.")
    class_source: str | None = Field(description="Where the class's membership comes from.")
    ingredient: str | None = Field(description="The ingredient of `about` it names.")


class Pair(Schema):
    first: schemas.Link
    second: schemas.Link
    severity: str | None = Field(description="The most severe stated, else null.")
    summary: str = Field(description=f"“{NOTHING_STATED}” when no monograph states one.")
    statements: list[Statement]
    shared_ingredients: list[str]


class NotFound(Schema):
    slug: str
    near_matches: list[schemas.Link]


class InteractionCheck(Schema):
    drugs: list[schemas.Link]
    not_found: list[NotFound]
    pairs: list[Pair]


@router.get(
    "/",
    response={200: InteractionCheck, 400: schemas.Error},
    url_name="interaction-check",
    summary="What the monographs of 2 to 10 drugs state about each other, pair by pair",
)
def interaction_check(
    request,
    drug: DrugSlugs,
):
    asked = interactions.Request.read(drug)
    errors = []
    if asked.unreadable:
        errors.append(f"not a drug's slug: {', '.join(asked.unreadable[:5])}")
    if asked.left_out:
        errors.append(f"at most {interactions.MAX_DRUGS} drugs")
    if len(asked.slugs) < interactions.MIN_DRUGS:
        errors.append(f"at least {interactions.MIN_DRUGS} different drugs")
    if errors:
        raise BadParameters({"drug": errors})
    check = interactions.check(asked.slugs)
    return {
        "drugs": [link_to(chosen) for chosen in check.drugs],
        "not_found": [
            {"slug": missing.slug, "near_matches": [link_to(d) for d in missing.near_matches]}
            for missing in check.not_found
        ],
        "pairs": [pair_fields(pair) for pair in check.pairs],
    }


def pair_fields(pair):
    return {
        "first": link_to(pair.first),
        "second": link_to(pair.second),
        "severity": pair.severity or None,
        "summary": f"{len(pair.statements)} stated" if pair.statements else NOTHING_STATED,
        "statements": [statement_fields(statement) for statement in pair.statements],
        "shared_ingredients": pair.shared_ingredients,
    }


def statement_fields(statement):
    interaction, drug_class = statement.interaction, statement.drug_class
    return {
        "source": link_to(statement.source),
        "about": link_to(statement.about),
        "name": interaction.name,
        "severity": interaction.get_severity_display() if interaction.severity else None,
        "text": interaction.description,
        "section_url": statement.section_url,
        "drug_class": drug_class.name if drug_class else None,
        "class_source": drug_class.source if drug_class else None,
        "ingredient": statement.ingredient or None,
    }
