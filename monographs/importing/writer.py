"""One parsed monograph -> its drug's rows, in one transaction, as one visible change.

A changed file updates its monograph unless an editor changed that monograph in the admin
since it was imported, or has a draft of it in progress: then it is kept, and reported,
unless the import is forced. A forced file applied under a draft is also recorded as a
revision, so that publishing the draft (which replaces it) loses no text and warns.
"""

import itertools
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import DatabaseError
from django.utils import timezone

from monographs.db import insert_batches, insert_instance
from monographs.editorial.changes import changing
from monographs.editorial.workflow import record_revision
from monographs.importing.data import Monograph, MonographError
from monographs.importing.files import SourceFile
from monographs.importing.mapping import (
    child_rows,
    mentions_as_text,
    oversized_field,
    set_content,
    side_effect_rows,
)
from monographs.importing.report import Outcome
from monographs.limits import MAX_NEW_TERMS_PER_FILE, MAX_SIDE_EFFECT_LINKS
from monographs.models import MONOGRAPH_PARTS, Drug, DrugSideEffect, Revision
from monographs.text import clean_line

# An admin save within this time of an import's own save is the import's.
EDIT_TOLERANCE = timedelta(seconds=1)


def edited_since_import(drug):
    """Whether an editor saved the monograph after the import last wrote it."""
    if drug.imported_at is None:
        return True
    return drug.updated_at - drug.imported_at > EDIT_TOLERANCE


@dataclass
class Written:
    """What writing one monograph did. drug_id is set when the drug was saved."""

    outcome: str
    message: str = ""  # a warning, or the reason of a failure
    drug_id: int | None = None
    slug: str = ""
    previous_slug: str = ""  # the drug's slug before ("" for a new drug)
    # Side-effect mentions resolved, also for a file that failed after resolving them.
    mentions_reviewed: int = 0
    mentions_unreviewed: int = 0
    # Mentions kept as text: beyond the links a monograph may have, or the new terms one
    # file may make.
    mentions_over_links: int = 0
    mentions_over_new_terms: int = 0


def kept_as_text_warnings(written):
    warnings = []
    if written.mentions_over_links:
        warnings.append(
            f"{written.mentions_over_links:,} side-effect mentions kept as text in the "
            f"side-effect notes: a monograph links at most {MAX_SIDE_EFFECT_LINKS} side effects"
        )
    if written.mentions_over_new_terms:
        warnings.append(
            f"{written.mentions_over_new_terms:,} side-effect mentions kept as text in the "
            f"side-effect notes: one file adds at most {MAX_NEW_TERMS_PER_FILE} new terms "
            "to the vocabulary"
        )
    return warnings


class MonographWriter:
    """Writes parsed monographs over their drugs for one import run.

    drug_ids (slug -> id of every drug) is the run's: read here, kept current by the run
    from each Written. The resolver's new terms are committed with the file that made
    them. wholesale: the run renews every page and recounts the terms at its end, so a
    file's change does neither.
    """

    def __init__(self, drug_ids, condition_ids, resolver, publish, force, wholesale):
        self.drug_ids = drug_ids
        self.condition_ids = condition_ids
        self.resolver = resolver
        self.publish = publish
        self.force = force
        self.wholesale = wholesale

    def write(self, monograph: Monograph, source: SourceFile, drug) -> Written:
        """Write one monograph over its drug (None: a new one), unless it must be kept."""
        has_draft = drug is not None and Drug.objects.filter(draft_of=drug).exists()
        refused = self.refusal(drug, source, has_draft)
        if refused:
            return refused
        written = Written(Outcome.UPDATED if drug else Outcome.CREATED)
        try:
            with changing(
                drugs=[drug.pk] if drug else [],
                everything=self.wholesale,
                recount=not self.wholesale,
            ) as change:
                self.save(monograph, source, drug, written)
                change.add_drugs([written.drug_id])
                if has_draft:
                    self.keep_beside_draft(drug, source, written)
        except MonographError as error:
            self.resolver.rollback()
            return self.failed(written, str(error))
        except DatabaseError as error:
            self.resolver.rollback()
            return self.failed(written, f"could not be saved: {error}")
        self.resolver.commit()
        return written

    @staticmethod
    def failed(written, message):
        return Written(
            Outcome.FAILED,
            message,
            mentions_reviewed=written.mentions_reviewed,
            mentions_unreviewed=written.mentions_unreviewed,
        )

    def refusal(self, drug, source, has_draft):
        """A Written when the file must not be applied to its monograph, else None."""
        if drug is not None and drug.source_hash == source.digest:
            return Written(Outcome.UNCHANGED)
        if drug is not None and not self.force and edited_since_import(drug):
            return Written(
                Outcome.KEPT,
                "changed in the admin since its last import, so the file was not applied "
                "(--force overwrites)",
            )
        if has_draft and not self.force:
            return Written(
                Outcome.KEPT,
                "an editor's draft of it is in progress, so the file was not applied "
                "(--force updates the published version and keeps it as a revision, which "
                "publishing the draft warns it replaces)",
            )
        return None

    @staticmethod
    def keep_beside_draft(drug, source, written):
        """Record the imported version as a revision: the working draft was made before it,
        and publishing the draft replaces it (workflow.import_since_draft warns then)."""
        revision = record_revision(
            drug,
            Revision.Action.IMPORTED,
            None,
            comment=f"Imported from {source.source_name} while a draft was in progress",
        )
        note = (
            f"an editor's draft is in progress: the imported text is revision "
            f"#{revision.number}, and publishing the draft will show what it replaces"
        )
        written.message = f"{written.message}; {note}" if written.message else note

    def save(self, monograph, source, drug, written):
        """Save the drug and replace its child rows; fills in `written`."""
        warnings = []
        slug, collision = self.choose_slug(monograph.title, source, drug)
        if collision:
            warnings.append(collision)
        resolved = self.resolve(monograph, written)
        warnings += kept_as_text_warnings(written)
        oversized = oversized_field(monograph)
        if oversized:
            raise MonographError(oversized)
        drug = drug or Drug(source_path=source.source_name)
        if written.outcome == Outcome.CREATED:
            drug.status = Drug.Status.PUBLISHED if self.publish else Drug.Status.DRAFT
        if not monograph.has_sections:
            drug.status = Drug.Status.DRAFT
            warnings.append("no sections: its text was kept as a draft for an editor to review")
        written.previous_slug = drug.slug
        set_content(drug, monograph)
        drug.slug = slug
        drug.source_hash = source.digest
        # updated_at (auto_now) lands a moment after this: the import's own save is not
        # an editor's change (see EDIT_TOLERANCE).
        drug.imported_at = timezone.now()
        if drug.pk is None:
            insert_instance(drug)
        else:
            drug.save()
        if written.outcome == Outcome.UPDATED:
            for related in MONOGRAPH_PARTS:
                getattr(drug, related).all().delete()
            drug.conditions.clear()
        self.save_children(drug, monograph, resolved)
        written.drug_id, written.slug = drug.pk, drug.slug
        written.message = "; ".join(warnings)

    def choose_slug(self, title, source, drug):
        """The slug for a title; a title another monograph has gets a distinct, stable one.

        Returns (slug, a warning naming the collision or ""). Titles compare as
        text.clean_line leaves them (the parser's are): a name stored before names were
        cleaned is the same title as its clean form, and a look-alike collides with it.
        """
        slug = Drug.slug_for(title)
        if not slug:
            raise MonographError(f"the title {title!r} has no letters or digits for a URL")
        if drug is not None and clean_line(drug.name) == title:
            return drug.slug, ""
        own_pk = getattr(drug, "pk", None)
        holder = self.drug_ids.get(slug)
        if holder is None or holder == own_pk:
            return slug, ""
        numbered = (
            f"{Drug.slug_for(title, room=len(str(number)) + 1)}-{number}"
            for number in range(2, 1000)
        )
        candidates = itertools.chain([Drug.slug_for(Path(source.source_name).stem)], numbered)
        chosen = next(
            c for c in candidates if c and c != slug and self.drug_ids.get(c) in (None, own_pk)
        )
        origin = (
            Drug.objects.filter(pk=holder).values_list("source_path", flat=True).first()
            or "a monograph made in the admin"
        )
        return chosen, f"title also used by {origin}: imported as /drugs/{chosen}/"

    def save_children(self, drug, monograph, resolved):
        conditions = [
            {"drug_id": drug.pk, "condition_id": condition_id}
            for condition_id in self.conditions_of(monograph)
        ]
        insert_batches(
            [
                *child_rows(drug.pk, monograph, self.drug_ids),
                (DrugSideEffect, side_effect_rows(drug.pk, resolved, self.resolver)),
                (Drug.conditions.through, conditions),
            ]
        )

    def resolve(self, monograph, written):
        """[(mention, [term id])] in the order of the mentions; counts them in `written`.

        Within the caps: a monograph links at most MAX_SIDE_EFFECT_LINKS terms and a file
        makes at most MAX_NEW_TERMS_PER_FILE new ones. The mentions beyond them are moved
        to the side-effect notes as text, so one file cannot flood the vocabulary.
        """
        resolved, beyond, linked, created = [], [], set(), 0
        for mention in monograph.side_effects:
            terms = self.resolver.known(mention.term)
            adds = len({term_id for term_id, _ in terms} - linked) if terms else 1
            if len(linked) + adds > MAX_SIDE_EFFECT_LINKS:
                written.mentions_over_links += 1
                beyond.append(mention)
                continue
            if not terms and created == MAX_NEW_TERMS_PER_FILE:
                written.mentions_over_new_terms += 1
                beyond.append(mention)
                continue
            if terms:
                terms = self.resolver.linked(terms)
            else:
                terms = self.resolver.create(mention.term)
                created += 1
            for term_id, reviewed in terms:
                linked.add(term_id)
                if reviewed:
                    written.mentions_reviewed += 1
                else:
                    written.mentions_unreviewed += 1
            resolved.append((mention, [term_id for term_id, _ in terms]))
        if beyond:
            monograph.side_effects = [mention for mention, _ in resolved]
            monograph.side_effect_notes = mentions_as_text(monograph.side_effect_notes, beyond)
        return resolved

    def conditions_of(self, monograph):
        """The ids of the conditions the usage text names (see vocabulary.conditions)."""
        ids = (self.condition_ids.get(name.casefold()) for name in monograph.condition_names)
        return list(dict.fromkeys(pk for pk in ids if pk))
