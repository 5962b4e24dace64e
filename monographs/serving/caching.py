"""Cached public pages that are never stale, across workers, processes and machines.

Each public page depends on a few named "generations", stored in the database table
PageGeneration: ``drug:<slug>`` for a drug page, ``side-effect:<slug>`` for a
side-effect page, ``drugs`` for the listings and search, and so on. Each URL declares
its own beside it, with ``cached()`` in ``public/urls.py``.
A page is cached under a key made of its URL and the current values of its
generations. A change (publish, import, merge…) gives the generations of exactly the
pages that show the changed data new values, in the same transaction as the change
(``editorial.changes`` is the one place that does, with the ``tags_for_*`` below);
from then on every worker, on any machine, computes a different key and renders the
page afresh. Old entries are never deleted, only never read again, so the cache
itself may be private to each process (local memory) or shared (Redis): staleness
cannot come from it.

The generations are read before the page is rendered. If a change commits in between,
the page is stored under the old key, which no request asks for any more.

The key also holds the release: what pages are made of besides the database (the
code, templates, static files and curated vocabulary files such as drug_classes.yaml).
A deploy that changes any of them renders every page afresh, even from a shared cache.
"""

import gzip
import hashlib
import secrets
from functools import cache
from pathlib import Path

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Lower

from monographs.models import (
    Condition,
    Drug,
    DrugSideEffect,
    HpoAncestor,
    Interaction,
    PageGeneration,
    SideEffect,
)

SITE = "site"  # every page: bumped by a large import or a synthetic corpus
LISTINGS = "drugs"  # the A–Z listing, search, the home page
SIDE_EFFECTS = "side-effects"  # side-effect lists and counts, suggestions
CONDITIONS = "conditions"


def drug_tag(slug):
    return f"drug:{slug}"


def side_effect_tag(slug):
    return f"side-effect:{slug}"


def condition_tag(slug):
    return f"condition:{slug}"


def cached(view_class, *tags, query_tags=None):
    """The view, served from the page cache under these generations and SITE's: each a tag,
    or a function of the URL's arguments that returns one (``drug_tag`` for
    ``drugs/<slug>/``); and, for a page that shows what its query string names, the tags
    ``query_tags`` gives for the query string (a QueryDict). PublicPageCacheMiddleware
    reads them as the view's page_tags."""
    view = view_class.as_view()

    def page_tags(query, **kwargs):
        named = query_tags(query) if query_tags else []
        return [SITE, *(tag(**kwargs) if callable(tag) else tag for tag in tags), *named]

    view.page_tags = page_tags
    return view


def drug_tags_in_query(query, limit=50):
    """The pages of the drugs a query string lists as ?drug=<slug> (the interaction
    checker): a publish of one of them, or of an ingredient, renews the page."""
    return [drug_tag(value.strip().lower()[:255]) for value in query.getlist("drug")[:limit]]


def built_per_generation(tags, build):
    """A function that returns what build() makes, kept for the process and built again
    once any of the tags' generations has changed (a process's index of published data)."""
    built = {}  # the generations it was built under -> what was built

    def current():
        key = tuple(generations(tags))
        if key not in built:
            built.clear()
            built[key] = build()
        return built[key]

    return current


def generations(tags):
    """The current generation of each tag (0 for one never bumped), in the tags' order."""
    # Raw SQL: this runs for every cached page served, where the ORM's overhead shows.
    table = PageGeneration._meta.db_table
    placeholders = ", ".join(["%s"] * len(tags))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT key, generation FROM {table} WHERE key IN ({placeholders})",  # noqa: S608
            tags,
        )
        stored = dict(cursor.fetchall())
    return [stored.get(tag, 0) for tag in tags]


def bump(tags):
    """Give the tags new generations: every page that depends on one is rendered afresh.

    Only editorial.changes calls this, in the transaction of the change."""
    # Raw SQL: an import bumps once per file, where bulk_create(update_conflicts=True)
    # took three times as long. SQLite and PostgreSQL both read this upsert.
    rows = [(tag[:255], secrets.randbits(62)) for tag in set(tags)]
    if not rows:
        return
    table = PageGeneration._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (key, generation) VALUES (%s, %s) "  # noqa: S608
            "ON CONFLICT (key) DO UPDATE SET generation = excluded.generation",
            rows,
        )


def tags_for_drugs(drug_ids):
    """The generations of every page that shows these drugs as they are now: their own
    pages and those of the drugs linking to them or sharing a title with them ("Similar
    monographs"), their side effects' and conditions' pages, and the listings."""
    drug_ids = set(drug_ids)
    if not drug_ids:
        return set()
    ingredient_links = Drug.ingredients.through.objects
    titles = Drug.objects.filter(pk__in=drug_ids).values(title=Lower("name"))
    linked = (
        Q(pk__in=drug_ids)
        | Q(pk__in=Interaction.objects.filter(interacting_drug__in=drug_ids).values("drug_id"))
        | Q(pk__in=ingredient_links.filter(to_drug__in=drug_ids).values("from_drug_id"))
        | Q(pk__in=ingredient_links.filter(from_drug__in=drug_ids).values("to_drug_id"))
        | Q(title__in=titles)
    )
    drug_slugs = (
        Drug.objects.without_working_drafts()
        .alias(title=Lower("name"))
        .filter(linked)
        .values_list("slug", flat=True)
    )
    terms = DrugSideEffect.objects.filter(drug__in=drug_ids).values("side_effect_id")
    conditions = Condition.objects.filter(drugs__in=drug_ids).values_list("slug", flat=True)
    tags = {LISTINGS, SIDE_EFFECTS, CONDITIONS}
    tags |= {drug_tag(slug) for slug in drug_slugs}
    tags |= side_effect_pages(terms)
    tags |= {condition_tag(slug) for slug in conditions.distinct()}
    return tags


def side_effect_pages(term_ids):
    """The pages of these terms, of every term of their body systems (whose "related side
    effects" list these terms with their drug counts) and of the terms broader or narrower
    in HPO (which list them too, and whose drugs include a narrower term's).

    The few systems and HPO ids are read first and the last query names them: nested in
    one statement, PostgreSQL may run the closure's subqueries once per term (minutes on
    a freshly loaded HPO)."""
    terms = SideEffect.objects.filter(pk__in=term_ids).values_list("body_system", "hpo_id")
    systems, hpo_ids = set(), set()
    for body_system, hpo_id in terms:
        systems.add(body_system)
        if hpo_id:
            hpo_ids.add(hpo_id)
    related = set()
    if hpo_ids:
        closure = HpoAncestor.objects.filter(Q(term__in=hpo_ids) | Q(ancestor__in=hpo_ids))
        for term_id, ancestor_id in closure.values_list("term_id", "ancestor_id"):
            related.update((term_id, ancestor_id))
    slugs = SideEffect.objects.filter(
        Q(pk__in=term_ids) | Q(body_system__in=systems) | Q(hpo__in=related)
    )
    return {side_effect_tag(slug) for slug in slugs.values_list("slug", flat=True)}


def tags_for_side_effects(side_effect_ids):
    """A change to vocabulary terms (a rename, a merge): their pages, the pages of the
    drugs that list them, and the lists."""
    drugs = DrugSideEffect.objects.filter(side_effect__in=side_effect_ids)
    tags = {SIDE_EFFECTS, LISTINGS} | tags_for_drugs(drugs.values_list("drug_id", flat=True))
    return tags | side_effect_pages(list(side_effect_ids))


def tags_for_conditions(conditions):
    """A condition edit: its own page, the condition list and the pages of its drugs."""
    drugs = Drug.conditions.through.objects.filter(condition__in=conditions)
    tags = tags_for_drugs(drugs.values_list("drug_id", flat=True)) | {CONDITIONS}
    return tags | {condition_tag(condition.slug) for condition in conditions}


def page_key(request, values):
    raw = "\n".join([release(), request.get_host(), request.get_full_path(), *map(str, values)])
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


ROOT = Path(__file__).resolve().parent.parent.parent
RELEASE_FOLDERS = ("monographs", "medsite", "templates")
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".yaml", ".css", ".js", ".svg"}
# The locked packages render pages too (the Markdown sanitizer, Django's templates).
RELEASE_FILES = ("requirements.txt",)


@cache
def release():
    """A digest of the files pages are made from, read once per process (a few ms)."""
    paths = [ROOT / name for name in RELEASE_FILES]
    for folder in RELEASE_FOLDERS:
        paths += [
            path
            for path in sorted((ROOT / folder).rglob("*"))
            if path.suffix in RELEASE_SUFFIXES and "__pycache__" not in path.parts
        ]
    digest = hashlib.sha256()
    for path in paths:
        if path.is_file():  # not a dangling link an editor left
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def compress(content):
    # mtime=0: the same page compresses to the same bytes in every worker.
    return gzip.compress(content, compresslevel=6, mtime=0)


def etag(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
