"""Monograph files -> database: read and hash, parse (on every core), write one file per
transaction.

A file whose content hash is unchanged since its last import is not parsed at all. A
changed file updates its monograph unless an editor changed that monograph in the admin
since it was imported: then it is kept, and reported, unless the import is forced.
"""

import hashlib
import multiprocessing
import os
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.db import DatabaseError, connections
from django.utils import timezone

from monographs.db import insert_rows, update_planner_statistics
from monographs.editorial.changes import changing
from monographs.importing.data import Monograph, MonographError
from monographs.importing.parser import parse_monograph
from monographs.models import (
    FAQ,
    Condition,
    Dosage,
    Drug,
    DrugSideEffect,
    Interaction,
    Precaution,
)
from monographs.vocabulary.conditions import conditions_in
from monographs.vocabulary.resolver import SideEffectResolver

# Part of every content hash: raising it makes the next import re-read unchanged files,
# which is what a change to the parser needs.
PARSER_VERSION = "4"
# Below this many changed files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
# An admin save within this time of an import's own save is the import's.
EDIT_TOLERANCE = timedelta(seconds=1)


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept because edited"
    FAILED = "failed"

    ALL = (CREATED, UPDATED, UNCHANGED, KEPT, FAILED)


@dataclass
class FileResult:
    path: str
    outcome: str
    title: str = ""
    message: str = ""  # the reason of a failure, or a warning for a file that imported


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    mentions_reviewed: int = 0
    mentions_unreviewed: int = 0
    unstructured_blocks: int = 0

    def count(self, outcome):
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def failures(self):
        return [result for result in self.results if result.outcome == Outcome.FAILED]

    @property
    def warnings(self):
        return [r for r in self.results if r.message and r.outcome != Outcome.FAILED]

    @property
    def changed(self):
        return self.count(Outcome.CREATED) + self.count(Outcome.UPDATED)


@dataclass
class SourceFile:
    path: Path
    source_name: str  # the path relative to the folder given: the file's identity
    data: bytes = b""
    digest: str = ""
    known: bool = False  # a monograph was imported from this source before


def find_monograph_files(paths):
    """A SourceFile for every .md file, searched recursively, in a stable order.

    A path that does not exist comes back with a source_name of "", to be reported.
    """
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                SourceFile(file, file.relative_to(path).as_posix())
                for file in sorted(path.rglob("*.md"))
                if file.is_file()
            )
        elif path.is_file():
            found.append(SourceFile(path, path.name))
        else:
            found.append(SourceFile(path, ""))
    return found


def content_hash(data):
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + data).hexdigest()


def forget_inherited_connections():
    """In a forked parser worker: drop the parent's database connections without closing
    them (closing would end the parent's session on the shared socket). Workers never
    query the database."""
    for connection_ in connections.all(initialized_only=True):
        connection_.connection = None


def parse_or_error(data):
    """Parse in a worker process: a Monograph, or the MonographError's message."""
    try:
        monograph = parse_monograph(data)
    except MonographError as error:
        return str(error)
    monograph.condition_names = conditions_in(monograph.usage)
    return monograph


class MonographImporter:
    """Imports monograph files; create one per run and call import_paths."""

    def __init__(self, publish=True, force=False, workers=None):
        self.publish = publish
        self.force = force
        self.workers = workers or os.cpu_count() or 1
        self.resolver = SideEffectResolver()
        self.report = ImportReport()
        # slug -> id of every drug, kept current as files are written, so that choosing
        # a slug and linking interactions need no query per file.
        self.drug_ids = dict(Drug.objects.without_working_drafts().values_list("slug", "pk"))
        self.condition_ids = condition_ids()
        self.written_ids = set()

    def import_paths(self, paths, on_result=None, on_start=None):
        """Import every monograph file under the paths; on_result is called per file."""
        files = find_monograph_files(paths)
        if on_start:
            on_start(len(files))
        known = dict(Drug.objects.exclude(source_path="").values_list("source_path", "source_hash"))
        to_parse = []
        for source in files:
            result = self.read(source, known)
            if result:
                self.record(result, on_result)
            else:
                to_parse.append(source)
        # A large import renews every cached page rather than working out which, and
        # recounts the side-effect terms once, at its end.
        self.wholesale = len(to_parse) > WHOLESALE
        for source, parsed in zip(to_parse, self.parse_all(to_parse), strict=True):
            if isinstance(parsed, str):
                result = FileResult(str(source.path), Outcome.FAILED, message=parsed)
            else:
                result = self.write(source, parsed)
            self.record(result, on_result)
        if self.report.changed:
            # Linking changes the pages of the drugs that link to the new monographs.
            with changing(
                drugs=self.written_ids, everything=self.wholesale, recount=self.wholesale
            ):
                link_ingredients()
                link_interactions()
            update_planner_statistics()
        return self.report

    def record(self, result, on_result):
        self.report.results.append(result)
        if on_result:
            on_result(result)

    def read(self, source, known):
        """A result for a file that needs no parsing (missing, unreadable, unchanged)."""
        if not source.source_name:
            return FileResult(str(source.path), Outcome.FAILED, message="no such file or folder")
        try:
            source.data = source.path.read_bytes()
        except OSError as error:
            return FileResult(
                str(source.path), Outcome.FAILED, message=f"cannot read: {error.strerror}"
            )
        source.digest = content_hash(source.data)
        source.known = source.source_name in known
        if known.get(source.source_name) == source.digest:
            return FileResult(str(source.path), Outcome.UNCHANGED)
        return None

    def parse_all(self, sources):
        """Parsed monographs in the order of the sources, on every core for a large import."""
        if len(sources) < PARALLEL_THRESHOLD or self.workers < 2:
            return (parse_or_error(source.data) for source in sources)
        context = multiprocessing.get_context("fork")
        pool = context.Pool(self.workers, initializer=forget_inherited_connections)
        return self._parse_in(pool, sources)

    @staticmethod
    def _parse_in(pool, sources):
        with pool:
            yield from pool.imap(parse_or_error, (source.data for source in sources), chunksize=16)

    def write(self, source, monograph):
        drug = Drug.objects.filter(source_path=source.source_name).first() if source.known else None
        refused = self.refusal(drug, source)
        if refused:
            outcome, warning = refused
            return FileResult(str(source.path), outcome, title=monograph.title, message=warning)
        self.written = None
        try:
            with changing(
                drugs=[drug.pk] if drug else [],
                everything=self.wholesale,
                recount=not self.wholesale,
            ) as change:
                outcome, warning = self.save(monograph, source, drug)
                change.add_drugs([self.written[2]])
        except MonographError as error:
            self.resolver.rollback()
            return FileResult(str(source.path), Outcome.FAILED, message=str(error))
        except DatabaseError as error:
            self.resolver.rollback()
            return FileResult(
                str(source.path), Outcome.FAILED, message=f"could not be saved: {error}"
            )
        self.resolver.commit()
        if self.written:
            previous_slug, slug, pk = self.written
            self.drug_ids.pop(previous_slug, None)
            self.drug_ids[slug] = pk
            self.written_ids.add(pk)
        if outcome in (Outcome.CREATED, Outcome.UPDATED):
            self.report.unstructured_blocks += monograph.unstructured_blocks
        return FileResult(str(source.path), outcome, title=monograph.title, message=warning)

    def refusal(self, drug, source):
        """(outcome, warning) when the file must not be applied to its monograph, else None."""
        if drug is not None and drug.source_hash == source.digest:
            return Outcome.UNCHANGED, ""
        if drug is not None and not self.force and edited_since_import(drug):
            return Outcome.KEPT, (
                "changed in the admin since its last import, so the file was not applied "
                "(--force overwrites)"
            )
        if drug is not None and not self.force and Drug.objects.filter(draft_of=drug).exists():
            return Outcome.KEPT, (
                "an editor's draft of it is in progress, so the file was not applied "
                "(--force updates the published version and leaves the draft)"
            )
        return None

    def save(self, monograph: Monograph, source: SourceFile, drug):
        """Write one monograph over its drug (None: a new one); (outcome, warning or "")."""
        warnings = []
        slug, collision = self.choose_slug(monograph.title, source, drug)
        if collision:
            warnings.append(collision)
        outcome = Outcome.UPDATED if drug else Outcome.CREATED
        drug = drug or Drug(source_path=source.source_name)
        if outcome == Outcome.CREATED:
            drug.status = Drug.Status.PUBLISHED if self.publish else Drug.Status.DRAFT
        if not monograph.has_sections:
            drug.status = Drug.Status.DRAFT
            warnings.append("no sections: its text was kept as a draft for an editor to review")
        previous_slug = drug.slug
        drug.name = monograph.title
        drug.slug = slug
        drug.generic_name = monograph.generic_name
        drug.summary = monograph.summary
        drug.usage = monograph.usage
        drug.dosage_notes = monograph.dosage_notes
        drug.side_effect_notes = monograph.side_effect_notes
        drug.mechanism = monograph.mechanism
        drug.other_notes = monograph.other_notes
        drug.source_hash = source.digest
        # updated_at (auto_now) lands a moment after this: the import's own save is not
        # an editor's change (see EDIT_TOLERANCE).
        drug.imported_at = timezone.now()
        drug.save()
        if outcome == Outcome.UPDATED:
            for related in (drug.dosages, drug.side_effect_links, drug.precautions, drug.faqs):
                related.all().delete()
            drug.interactions.all().delete()
            drug.conditions.clear()
        self.save_children(drug, monograph)
        self.written = (previous_slug, drug.slug, drug.pk)
        return outcome, "; ".join(warnings)

    def choose_slug(self, title, source, drug):
        """The slug for a title; a title another monograph has gets a distinct, stable one.

        Returns (slug, a warning naming the collision or "").
        """
        slug = Drug.slug_for(title)
        if not slug:
            raise MonographError(f"the title {title!r} has no letters or digits for a URL")
        if drug is not None and drug.name == title:
            return drug.slug, ""
        own_pk = getattr(drug, "pk", None)
        holder = self.drug_ids.get(slug)
        if holder is None or holder == own_pk:
            return slug, ""
        candidates = [Drug.slug_for(Path(source.source_name).stem)]
        candidates += [f"{slug}-{number}" for number in range(2, 1000)]
        chosen = next(
            c for c in candidates if c and c != slug and self.drug_ids.get(c) in (None, own_pk)
        )
        origin = (
            Drug.objects.filter(pk=holder).values_list("source_path", flat=True).first()
            or "a monograph made in the admin"
        )
        return chosen, f"title also used by {origin}: imported as /drugs/{chosen}/"

    def save_children(self, drug, monograph):
        insert_rows(
            Dosage,
            [
                {
                    "drug_id": drug.pk,
                    "order": order,
                    **vars(entry),
                    "amount": fit_amount(entry.amount),
                }
                for order, entry in enumerate(monograph.dosages)
            ],
        )
        insert_rows(
            Precaution,
            [
                {"drug_id": drug.pk, "order": order, **vars(entry)}
                for order, entry in enumerate(monograph.precautions)
            ],
        )
        insert_rows(
            FAQ,
            [
                {"drug_id": drug.pk, "order": order, **vars(entry)}
                for order, entry in enumerate(monograph.faqs)
            ],
        )
        insert_rows(
            Interaction,
            [
                {
                    "drug_id": drug.pk,
                    "order": order,
                    **vars(entry),
                    "interacting_drug_id": self.drug_ids.get(Drug.slug_for(entry.name)),
                }
                for order, entry in enumerate(monograph.interactions)
            ],
        )
        insert_rows(DrugSideEffect, self.side_effect_links(drug, monograph))
        insert_rows(
            Drug.conditions.through,
            [
                {"drug_id": drug.pk, "condition_id": condition_id}
                for condition_id in self.conditions_of(monograph)
            ],
        )

    def conditions_of(self, monograph):
        """The ids of the conditions the usage text names (see importing.conditions)."""
        ids = (self.condition_ids.get(name.casefold()) for name in monograph.condition_names)
        return list(dict.fromkeys(pk for pk in ids if pk))

    def side_effect_links(self, drug, monograph):
        """One link per term: a term mentioned twice keeps its first tier, and any 'serious'."""
        links = {}
        for mention in monograph.side_effects:
            for term_id, reviewed in self.resolver.resolve(mention.term):
                if reviewed:
                    self.report.mentions_reviewed += 1
                else:
                    self.report.mentions_unreviewed += 1
                link = links.get(term_id)
                if link is None:
                    links[term_id] = {
                        "drug_id": drug.pk,
                        "side_effect_id": term_id,
                        "frequency": int(mention.frequency),
                        "serious": mention.serious,
                        "note": mention.note,
                        "order": len(links),
                    }
                    continue
                link["serious"] = link["serious"] or mention.serious
                if mention.note and mention.note not in link["note"]:
                    link["note"] = "; ".join(filter(None, [link["note"], mention.note]))[:500]
        return list(links.values())


MAX_AMOUNT = Decimal(10) ** (
    Dosage._meta.get_field("amount").max_digits - Dosage._meta.get_field("amount").decimal_places
)


def fit_amount(amount):
    """A structured dose the column can hold; an absurd number stays only in the text."""
    if amount is None or abs(amount) >= MAX_AMOUNT:
        return None
    return amount.quantize(Decimal("0.0001"))


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
        for drug in drugs.only("pk", "usage")
        for name in conditions_in(drug.usage)
        if name.casefold() in ids
    ]
    before = through.objects.count()
    through.objects.bulk_create(rows, ignore_conflicts=True)
    return through.objects.count() - before


# Files above which an import renews every cached page rather than the exact ones.
WHOLESALE = 500


def edited_since_import(drug):
    """Whether an editor saved the monograph after the import last wrote it."""
    if drug.imported_at is None:
        return True
    return drug.updated_at - drug.imported_at > EDIT_TOLERANCE


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
