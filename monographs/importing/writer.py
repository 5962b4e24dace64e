"""Plain monograph data -> database, one transaction per file."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone

from monographs.importing.data import MonographError
from monographs.importing.parser import parse_monograph
from monographs.importing.vocabulary import SideEffectResolver
from monographs.models import FAQ, Dosage, Drug, DrugSideEffect, Interaction, Precaution

# Part of every content hash: raising it makes the next import re-read unchanged files,
# which is what a change to the parser needs.
PARSER_VERSION = "1"


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass
class FileResult:
    path: str
    outcome: str
    title: str = ""
    message: str = ""


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
    def changed(self):
        return self.count(Outcome.CREATED) + self.count(Outcome.UPDATED)


def find_monograph_files(paths):
    """(file, name relative to the path given) for every .md file, searched recursively.

    A path that does not exist comes back with a name of None, to be reported.
    """
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                (file, file.relative_to(path).as_posix()) for file in sorted(path.rglob("*.md"))
            )
        elif path.is_file():
            found.append((path, path.name))
        else:
            found.append((path, None))
    return found


def content_hash(data):
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + data).hexdigest()


class MonographImporter:
    """Imports monograph files; create one per run and call import_file for each file."""

    def __init__(self, publish=True):
        self.publish = publish
        self.resolver = SideEffectResolver()
        self.report = ImportReport()

    def import_paths(self, paths, on_result=None):
        for file, source_name in find_monograph_files(paths):
            if source_name is None:
                result = FileResult(str(file), Outcome.FAILED, message="no such file or folder")
            else:
                result = self.import_file(file, source_name)
            self.report.results.append(result)
            if on_result:
                on_result(result)
        if self.report.changed:
            link_ingredients()
            link_interactions()
        return self.report

    def import_file(self, file, source_name):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            return FileResult(str(file), Outcome.FAILED, message=f"cannot read: {error.strerror}")
        try:
            monograph = parse_monograph(data)
            with transaction.atomic():
                outcome = self.save(monograph, source_name, content_hash(data))
        except MonographError as error:
            self.resolver.rollback()
            return FileResult(str(file), Outcome.FAILED, message=str(error))
        except DatabaseError as error:
            self.resolver.rollback()
            return FileResult(str(file), Outcome.FAILED, message=f"could not be saved: {error}")
        self.resolver.commit()
        if outcome != Outcome.UNCHANGED:
            self.report.unstructured_blocks += monograph.unstructured_blocks
        return FileResult(str(file), outcome, title=monograph.title)

    def save(self, monograph, source_name, digest):
        slug = Drug.slug_for(monograph.title)
        if not slug:
            raise MonographError(
                f"the title {monograph.title!r} has no letters or digits for a URL"
            )
        drug = Drug.objects.filter(source_path=source_name).first()
        holder = Drug.objects.filter(slug=slug).exclude(pk=getattr(drug, "pk", None)).first()
        if holder is not None:
            origin = (
                f"imported from {holder.source_path}" if holder.source_path else "made in the admin"
            )
            raise MonographError(
                f"duplicate title {monograph.title!r}: a monograph with the URL /drugs/{slug}/ "
                f"exists already ({origin})"
            )
        if drug is not None and drug.source_hash == digest:
            return Outcome.UNCHANGED

        outcome = Outcome.UPDATED if drug else Outcome.CREATED
        drug = drug or Drug(source_path=source_name)
        drug.name = monograph.title
        drug.slug = slug
        drug.generic_name = monograph.generic_name
        drug.summary = monograph.summary
        drug.usage = monograph.usage
        drug.dosage_notes = monograph.dosage_notes
        drug.side_effect_notes = monograph.side_effect_notes
        drug.mechanism = monograph.mechanism
        drug.other_notes = monograph.other_notes
        drug.source_hash = digest
        drug.imported_at = timezone.now()
        if outcome == Outcome.CREATED and self.publish:
            drug.status = Drug.Status.PUBLISHED
        drug.save()
        if outcome == Outcome.UPDATED:
            for related in (drug.dosages, drug.side_effect_links, drug.precautions, drug.faqs):
                related.all().delete()
            drug.interactions.all().delete()
        self.save_children(drug, monograph)
        return outcome

    def save_children(self, drug, monograph):
        Dosage.objects.bulk_create(
            Dosage(drug=drug, order=order, **vars(entry))
            for order, entry in enumerate(monograph.dosages)
        )
        Precaution.objects.bulk_create(
            Precaution(drug=drug, order=order, topic=entry.topic, kind=entry.kind, text=entry.text)
            for order, entry in enumerate(monograph.precautions)
        )
        FAQ.objects.bulk_create(
            FAQ(drug=drug, order=order, question=entry.question, answer=entry.answer)
            for order, entry in enumerate(monograph.faqs)
        )
        others = Drug.objects.in_bulk(
            [Drug.slug_for(entry.name) for entry in monograph.interactions], field_name="slug"
        )
        Interaction.objects.bulk_create(
            Interaction(
                drug=drug,
                order=order,
                name=entry.name,
                severity=entry.severity,
                description=entry.description,
                interacting_drug=others.get(Drug.slug_for(entry.name)),
            )
            for order, entry in enumerate(monograph.interactions)
        )
        DrugSideEffect.objects.bulk_create(self.side_effect_links(drug, monograph))

    def side_effect_links(self, drug, monograph):
        """One link per term: a term mentioned twice keeps its first tier, and any 'serious'."""
        links = {}
        for mention in monograph.side_effects:
            term_id, reviewed = self.resolver.resolve(mention.term)
            if reviewed:
                self.report.mentions_reviewed += 1
            else:
                self.report.mentions_unreviewed += 1
            link = links.get(term_id)
            if link is None:
                links[term_id] = DrugSideEffect(
                    drug=drug,
                    side_effect_id=term_id,
                    frequency=mention.frequency,
                    serious=mention.serious,
                    note=mention.note,
                    order=len(links),
                )
                continue
            link.serious = link.serious or mention.serious
            if mention.note and mention.note not in link.note:
                link.note = "; ".join(filter(None, [link.note, mention.note]))[:500]
        return list(links.values())


def link_ingredients():
    """Link every combination product ("A + B") to the monographs of A and B that exist."""
    combinations = Drug.objects.filter(name__contains="+").only("pk", "name")
    slugs = {
        drug.pk: [Drug.slug_for(part) for part in drug.name.split("+") if part.strip()]
        for drug in combinations
    }
    wanted = {slug for parts in slugs.values() for slug in parts}
    by_slug = dict(Drug.objects.filter(slug__in=wanted).values_list("slug", "pk"))
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
    for slug, pk in Drug.objects.filter(slug__in=by_slug).values_list("slug", "pk"):
        Interaction.objects.filter(pk__in=by_slug[slug]).update(interacting_drug_id=pk)
