"""The app's models, in modules by what they hold (ARCHITECTURE.md). Import them from here,
`from monographs.models import Drug`, as well as the models of monographs/listings.py,
ontology.py and tallies.py."""

from monographs.listings import SideEffectListing
from monographs.models.conditions import Condition, ConditionQuerySet
from monographs.models.drugs import (
    LETTERS,
    RECENTLY_CHANGED,
    Drug,
    DrugQuerySet,
    name_starts_with,
)
from monographs.models.editing import (
    AuditEntry,
    DraftAutosave,
    ReviewerProfile,
    Revision,
    display_name,
    reviewer_credit,
)
from monographs.models.pages import DrugRedirect, DrugRedirectQuerySet, PageGeneration
from monographs.models.parts import FAQ, MONOGRAPH_PARTS, Dosage, Interaction, Precaution
from monographs.models.side_effects import (
    HOW_MANY_PEOPLE,
    DrugSideEffect,
    DrugSideEffectQuerySet,
    SideEffect,
    SideEffectAlias,
    SideEffectQuerySet,
)
from monographs.ontology import HPO_TERM_URL, HpoAncestor, HpoRelease, HpoSynonym, HpoTerm
from monographs.tallies import ConditionSideEffect

__all__ = [
    # drugs.py
    "LETTERS",
    "name_starts_with",
    "RECENTLY_CHANGED",
    "DrugQuerySet",
    "Drug",
    # conditions.py
    "ConditionQuerySet",
    "Condition",
    # parts.py
    "Dosage",
    "Precaution",
    "FAQ",
    "Interaction",
    "MONOGRAPH_PARTS",
    # side_effects.py
    "SideEffectQuerySet",
    "SideEffect",
    "SideEffectAlias",
    "DrugSideEffectQuerySet",
    "DrugSideEffect",
    "HOW_MANY_PEOPLE",
    # editing.py
    "Revision",
    "AuditEntry",
    "DraftAutosave",
    "ReviewerProfile",
    "display_name",
    "reviewer_credit",
    # pages.py
    "DrugRedirectQuerySet",
    "DrugRedirect",
    "PageGeneration",
    # monographs/listings.py, ontology.py, tallies.py
    "SideEffectListing",
    "HPO_TERM_URL",
    "HpoTerm",
    "HpoAncestor",
    "HpoSynonym",
    "HpoRelease",
    "ConditionSideEffect",
]
