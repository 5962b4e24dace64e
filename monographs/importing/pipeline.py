"""An import run: monograph files -> database. Read and hash every file, parse the changed
ones (on every core), count the new side-effect terms they would add, write each in its
own transaction, then link the monographs.

A file whose content hash is unchanged since its last import is not parsed at all.
"""

import multiprocessing
import os
import pickle
import zlib
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections

from monographs.db import fewer_checkpoints, update_planner_statistics
from monographs.editorial.changes import changing
from monographs.importing.data import MonographError
from monographs.importing.files import content_hash, find_monograph_files, read_monograph_file
from monographs.importing.linking import condition_ids, link_ingredients, link_interactions
from monographs.importing.parser import parse_monograph
from monographs.importing.report import FileResult, ImportReport, Outcome
from monographs.importing.writer import MonographWriter
from monographs.limits import MAX_NEW_TERMS_PER_FILE, MAX_NEW_TERMS_PER_FILE_ON_AVERAGE
from monographs.models import Drug, DrugRedirect, SideEffect
from monographs.vocabulary.conditions import conditions_in
from monographs.vocabulary.resolver import SideEffectResolver

# Below this many changed files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
# Files above which an import renews every cached page rather than the exact ones.
WHOLESALE = 500


def forget_inherited_connections():
    """In a forked parser worker: drop the parent's database connections without closing
    them (closing would end the parent's session on the shared socket). Workers never
    query the database."""
    for connection_ in connections.all(initialized_only=True):
        connection_.connection = None


@dataclass
class Parsed:
    """A parsed file as the run holds it until it is written: the terms of its side-effect
    mentions, to count the new ones before anything is written, and the monograph packed
    (pickled and compressed: a quarter of the memory its objects take). condition_names:
    the conditions its usage names, when they were found apart (conditions_named)."""

    terms: list[str]
    packed: bytes
    condition_names: list[str] | None = None

    @classmethod
    def pack(cls, monograph):
        terms = [mention.term for mention in monograph.side_effects]
        return cls(terms, zlib.compress(pickle.dumps(monograph, pickle.HIGHEST_PROTOCOL), 1))

    def monograph(self):
        monograph = unpacked(self.packed)
        if self.condition_names is not None:
            monograph.condition_names = self.condition_names
        return monograph


def unpacked(packed):
    return pickle.loads(zlib.decompress(packed))  # noqa: S301 (our own workers')


def parse_or_error(data, find_conditions=True):
    """Parse in a worker process: a Parsed, or the MonographError's message."""
    try:
        monograph = parse_monograph(data)
    except MonographError as error:
        return str(error)
    if find_conditions:
        monograph.condition_names = conditions_in(monograph.usage)
    return Parsed.pack(monograph)


def parse_for_the_count(data):
    """Parse in a worker process, leaving the conditions to conditions_named."""
    return parse_or_error(data, find_conditions=False)


def conditions_named(packed):
    """In a worker process: the conditions the usage of a packed monograph names ([] for
    none). While the main process writes, the workers have nothing else to do."""
    return conditions_in(unpacked(packed).usage) if packed else []


def drained(queue):
    """The items of a deque in order, each let go of as it is handed on."""
    while queue:
        yield queue.popleft()


def with_conditions(held, pool):
    """The held (source, Parsed or failure) in order, each Parsed given the conditions its
    usage names, which the pool's workers find meanwhile."""
    packs = [parsed.packed if isinstance(parsed, Parsed) else b"" for _, parsed in held]
    names = pool.imap(conditions_named, packs, chunksize=16)
    for (source, parsed), condition_names in zip(drained(held), names, strict=True):
        if isinstance(parsed, Parsed):
            parsed.condition_names = condition_names
        yield source, parsed


def handed_over(sources):
    """The bytes of each source, which the source lets go of once they are handed to the
    parser: the run holds the file or its parsed monograph, not both."""
    for source in sources:
        data, source.data = source.data, b""
        yield data


class MonographImporter:
    """Imports monograph files; create one per run and call import_paths."""

    def __init__(
        self,
        publish=True,
        force=False,
        workers=None,
        follow_symlinks=False,
        max_new_terms_per_file=MAX_NEW_TERMS_PER_FILE_ON_AVERAGE,
        allow_new_terms=False,
    ):
        self.publish = publish
        self.force = force
        self.follow_symlinks = follow_symlinks
        self.workers = workers or os.cpu_count() or 1
        self.max_new_terms_per_file = max_new_terms_per_file
        self.allow_new_terms = allow_new_terms
        self.resolver = SideEffectResolver()
        self.report = ImportReport()
        # slug -> id of every drug, kept current as files are written, so that choosing
        # a slug and linking interactions need no query per file.
        self.drug_ids = dict(Drug.objects.without_working_drafts().values_list("slug", "pk"))
        self.condition_ids = condition_ids()
        self.written_ids = set()

    def import_paths(self, paths, on_result=None, on_start=None):
        """Import every monograph file under the paths; on_result is called per file."""
        files, self.report.skipped = find_monograph_files(paths, self.follow_symlinks)
        if on_start:
            on_start(len(files))
        # Terms are numbered in the order they are made: the run's come after this one.
        last_term = SideEffect.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        to_parse = self.read_all(files, on_result)
        # A large import renews every cached page rather than working out which, and
        # recounts the side-effect terms once, at its end.
        wholesale = len(to_parse) > WHOLESALE
        # Every file is parsed before any is written (unless --allow-new-terms): the new
        # terms they would add to the vocabulary are counted, and too many stop the import
        # with nothing written.
        with self.workers_for(to_parse) as pool:
            parsed_files = self.parse_and_count(to_parse, pool)
            if self.report.stopped:
                return self.report
            with fewer_checkpoints():
                self.write_all(parsed_files, wholesale, on_result)
                if self.report.changed:
                    # Linking changes the pages of the drugs that link to the new monographs.
                    with changing(drugs=self.written_ids, everything=wholesale, recount=wholesale):
                        link_ingredients()
                        link_interactions()
                    update_planner_statistics()
                    self.report.new_terms = SideEffect.objects.filter(
                        is_reviewed=False, pk__gt=last_term
                    ).count()
        return self.report

    def read_all(self, files, on_result):
        """The files to parse; the others (unchanged, unreadable) are reported here."""
        known = dict(Drug.objects.exclude(source_path="").values_list("source_path", "source_hash"))
        removed = dict(
            DrugRedirect.objects.exclude(source_path="").values_list("source_path", "drug__slug")
        )
        to_parse = []
        for source in files:
            result = self.read(source, known, removed)
            if result:
                self.record(result, on_result)
            else:
                to_parse.append(source)
        return to_parse

    def parse_and_count(self, sources, pool=None):
        """(source, Parsed or the reason it failed) for each source, in their order.

        The new side-effect terms the files would add are counted first, as the parser
        hands the files over: too many set report.stopped, and none comes. With
        --allow-new-terms there is nothing to count, so each file comes as soon as it is
        parsed and is written while the next ones are parsed.

        With worker processes, the conditions each usage names are found after the count,
        by the workers beside the writing (they would idle), not before it.
        """
        if self.allow_new_terms:
            return zip(sources, self.parse_all(sources, pool, parse_or_error), strict=True)
        parse = parse_or_error if pool is None else parse_for_the_count
        parsed_files = zip(sources, self.parse_all(sources, pool, parse), strict=True)
        new_terms = NewTermsCount(self.resolver)
        held = deque()
        for source, parsed in parsed_files:
            if isinstance(parsed, Parsed):
                new_terms.add(source.source_name, parsed.terms)
            held.append((source, parsed))
        self.report.stopped = new_terms.refusal(len(held), self.max_new_terms_per_file)
        if self.report.stopped:
            return []
        return drained(held) if pool is None else with_conditions(held, pool)

    def write_all(self, parsed_files, wholesale, on_result):
        """Write each parsed file in its own transaction."""
        writer = MonographWriter(
            self.drug_ids, self.condition_ids, self.resolver, self.publish, self.force, wholesale
        )
        for source, parsed in parsed_files:
            if isinstance(parsed, str):
                result = FileResult(str(source.path), Outcome.FAILED, message=parsed)
            else:
                result = self.write(writer, source, parsed.monograph())
            self.record(result, on_result)

    def record(self, result, on_result):
        self.report.results.append(result)
        if on_result:
            on_result(result)

    def read(self, source, known, removed):
        """A result for a file that needs no parsing (missing, unreadable, too large,
        unchanged, or removed by an editor as a duplicate)."""
        if not source.source_name:
            return FileResult(str(source.path), Outcome.FAILED, message="no such file or folder")
        if source.source_name in removed and source.source_name not in known:
            kept = removed[source.source_name]
            message = f"an editor removed it as a duplicate of /drugs/{kept}/; not imported again"
            return FileResult(str(source.path), Outcome.REMOVED, message=message)
        try:
            source.data = read_monograph_file(source.real_path)
        except OSError as error:
            return FileResult(
                str(source.path), Outcome.FAILED, message=f"cannot read: {error.strerror}"
            )
        except MonographError as error:
            return FileResult(str(source.path), Outcome.FAILED, message=str(error))
        source.digest = content_hash(source.data)
        source.known = source.source_name in known
        if known.get(source.source_name) == source.digest:
            return FileResult(str(source.path), Outcome.UNCHANGED)
        return None

    @contextmanager
    def workers_for(self, sources):
        """Worker processes, one per core, for a large import; None for a small one."""
        if len(sources) < PARALLEL_THRESHOLD or self.workers < 2:
            yield None
            return
        context = multiprocessing.get_context("fork")
        with context.Pool(self.workers, initializer=forget_inherited_connections) as pool:
            yield pool

    @staticmethod
    def parse_all(sources, pool, parse):
        """Each source parsed (a Parsed, or why it is not a monograph), in their order; by
        the pool's workers if there is one."""
        if pool is None:
            return map(parse, handed_over(sources))
        return pool.imap(parse, handed_over(sources), chunksize=16)

    def write(self, writer, source, monograph):
        """Write one parsed file; keep the run's maps and totals current from what it did."""
        drug = Drug.objects.filter(source_path=source.source_name).first() if source.known else None
        written = writer.write(monograph, source, drug)
        self.report.mentions_reviewed += written.mentions_reviewed
        self.report.mentions_unreviewed += written.mentions_unreviewed
        if written.outcome == Outcome.FAILED:
            return FileResult(str(source.path), Outcome.FAILED, message=written.message)
        if written.drug_id is not None:
            self.drug_ids.pop(written.previous_slug, None)
            self.drug_ids[written.slug] = written.drug_id
            self.written_ids.add(written.drug_id)
        if written.outcome in (Outcome.CREATED, Outcome.UPDATED):
            self.report.unstructured_blocks += monograph.unstructured_blocks
        return FileResult(
            str(source.path), written.outcome, title=monograph.title, message=written.message
        )


class NewTermsCount:
    """The new side-effect terms the files of a run would add to the vocabulary, counted
    file by file before anything is written: a dry run of the writer's resolution against
    the terms known now. A term that an earlier file would add counts once, and no file
    counts more than its own cap."""

    def __init__(self, resolver):
        self.resolver = resolver
        self.planned = set()
        self.known = set()  # mentions found known so far
        self.counts = []  # (new terms, source name) for each file

    def add(self, source_name, terms):
        found = self.resolver.new_terms(terms, self.planned, MAX_NEW_TERMS_PER_FILE, self.known)
        self.counts.append((found, source_name))

    def refusal(self, files, max_new_terms_per_file):
        """Why the import must stop before writing anything: its files would add more new
        terms than allowed; "" when they would not."""
        allowed = max(MAX_NEW_TERMS_PER_FILE, int(max_new_terms_per_file * files))
        total = sum(found for found, _ in self.counts)
        if total <= allowed:
            return ""
        most = sorted(self.counts, key=lambda count: -count[0])[:3]
        named = ", ".join(f"{name} ({found})" for found, name in most if found)
        return (
            f"these {files:,} files would add {total:,} new side-effect terms to "
            f"the vocabulary, more than the {allowed:,} allowed "
            f"({max_new_terms_per_file:g} a file on average), so nothing was imported. "
            f"Most come from {named}. Check those files, or import them anyway with "
            "--allow-new-terms."
        )
