"""The editorial workflow: draft → in review → published (→ unpublished).

A monograph that is not public (draft, in review, unpublished) is edited in place. A
published one is edited through its working draft, a second Drug row that the public
never sees; publishing applies the draft to the live monograph in one transaction, so
visitors see the old version, inlines included, until that moment.

Every content change records a Revision; publishing, unpublishing, sign-off and the
other steps record an AuditEntry. The callers (the admin) check permissions; these
functions check that the step makes sense from the current state.
"""

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from monographs.editorial.changes import changing
from monographs.editorial.revisions import apply_snapshot, snapshot
from monographs.models import AuditEntry, Drug, Revision, reviewer_credit

Status = Drug.Status


class WorkflowError(Exception):
    """A step that does not apply to the monograph as it is now."""


def editable_version(monograph, user):
    """The row to edit: the monograph itself unless it is published; then its working
    draft, made from the live version if there is none yet."""
    with transaction.atomic():
        monograph = Drug.objects.select_for_update().get(pk=monograph.monograph.pk)
        if monograph.is_editable:
            return monograph
        draft = Drug.objects.filter(draft_of=monograph).first()
        if draft is not None:
            return draft
        record_baseline(monograph)
        draft = Drug(
            draft_of=monograph,
            draft_base=monograph.revisions.first(),
            slug=monograph.slug,
            status=Status.DRAFT,
            last_reviewed_at=monograph.last_reviewed_at,
            last_reviewed_by=monograph.last_reviewed_by,
            last_reviewer_name=monograph.last_reviewer_name,
        )
        apply_snapshot(draft, snapshot(monograph))
        audit(user, monograph, AuditEntry.Action.DRAFT_STARTED)
        return draft


def record_revision(row, action, user, comment=""):
    """Record the row's content (a monograph or its working draft) as the next revision."""
    monograph = row.monograph
    latest = monograph.revisions.aggregate(latest=Max("number"))["latest"] or 0
    return Revision.objects.create(
        monograph=monograph,
        number=latest + 1,
        action=action,
        created_by=user,
        comment=comment[:500],
        snapshot=snapshot(row),
    )


def record_baseline(monograph):
    """Before the first editorial change after an import, record the imported version,
    so that history can show what the editors changed. (An import does not record a
    revision per file: that would halve its speed.)"""
    latest = monograph.revisions.order_by("-number").first()
    imported_since = monograph.imported_at and (
        latest is None or monograph.imported_at > latest.created_at
    )
    if latest is None or imported_since:
        live = Drug.objects.get(pk=monograph.pk)
        record_revision(live, Revision.Action.IMPORTED, None)


def import_since_draft(row):
    """The latest revision an import recorded after this working draft was made: text that
    publishing the draft replaces (a forced import, see importing.writer). None if none."""
    if not row.is_working_draft:
        return None
    imports = Revision.objects.filter(monograph=row.draft_of_id, action=Revision.Action.IMPORTED)
    if row.draft_base_id is not None:
        imports = imports.filter(number__gt=row.draft_base.number)
    else:  # made before drafts remembered their base
        imports = imports.filter(created_at__gt=row.created_at)
    return imports.order_by("-number").first()


def audit(user, monograph, action, revision=None, detail=""):
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user else "",
        monograph=monograph,
        monograph_name=monograph.name,
        action=action,
        revision=revision,
        detail=detail[:500],
    )


def submit_for_review(row, user):
    if row.status != Status.DRAFT:
        raise WorkflowError(
            f"Only a draft can be submitted; this one is {row.get_status_display().lower()}."
        )
    Drug.objects.filter(pk=row.pk).update(status=Status.IN_REVIEW)
    row.status = Status.IN_REVIEW
    audit(user, row.monograph, AuditEntry.Action.SUBMITTED)


def return_to_draft(row, user, comment=""):
    """A reviewer sends the submission back, with a comment its editors see on the form."""
    if row.status != Status.IN_REVIEW:
        raise WorkflowError("Only a monograph in review can be returned to its editors.")
    back_to_draft(row)
    audit(user, row.monograph, AuditEntry.Action.RETURNED, detail=comment.strip())


def withdraw(row, user):
    """Take a submission back out of review, to go on editing it."""
    if row.status != Status.IN_REVIEW:
        raise WorkflowError("Only a monograph in review can be withdrawn from review.")
    back_to_draft(row)
    audit(user, row.monograph, AuditEntry.Action.WITHDRAWN)


def back_to_draft(row):
    """Out of review; a publishing it was scheduled for no longer holds."""
    Drug.objects.filter(pk=row.pk).update(
        status=Status.DRAFT, publish_at=None, publish_scheduled_by=None
    )
    row.status, row.publish_at, row.publish_scheduled_by = Status.DRAFT, None, None


def latest_return(row):
    """The reviewer's return of this draft, if that is the last step it went through."""
    if row.status != Status.DRAFT:
        return None
    steps = row.monograph.audit_entries.filter(
        action__in=[
            AuditEntry.Action.SUBMITTED,
            AuditEntry.Action.RETURNED,
            AuditEntry.Action.WITHDRAWN,
            AuditEntry.Action.PUBLISHED,
            AuditEntry.Action.DRAFT_STARTED,
        ]
    )
    latest = steps.select_related("user__reviewer_profile").first()
    return latest if latest and latest.action == AuditEntry.Action.RETURNED else None


def schedule(row, user, when):
    """Publish the row (a monograph not public, or a working draft) at `when`, as the user:
    `manage.py publish_scheduled` does it. A later save of the row cancels it."""
    if not row.is_editable:
        raise WorkflowError("This version is published already.")
    if when <= timezone.now():
        raise WorkflowError("Choose a time in the future to publish.")
    Drug.objects.filter(pk=row.pk).update(publish_at=when, publish_scheduled_by=user)
    row.publish_at, row.publish_scheduled_by = when, user
    local = timezone.localtime(when).strftime("%Y-%m-%d %H:%M %Z")
    audit(user, row.monograph, AuditEntry.Action.SCHEDULED, detail=f"to publish at {local}")


def unschedule(row, user, why=""):
    if row.publish_at is None:
        raise WorkflowError("This version is not scheduled to be published.")
    Drug.objects.filter(pk=row.pk).update(publish_at=None, publish_scheduled_by=None)
    row.publish_at = row.publish_scheduled_by = None
    audit(user, row.monograph, AuditEntry.Action.UNSCHEDULED, detail=why)


def publish_due(now=None):
    """Publish every row whose scheduled time has come, each in its own transaction, as
    the reviewer who scheduled it; returns (published monographs, [(row, error)])."""
    now = now or timezone.now()
    due = Drug.objects.filter(publish_at__lte=now).select_related("publish_scheduled_by")
    published, failed = [], []
    for row in due.order_by("publish_at", "pk"):
        try:
            published.append(publish(row, row.publish_scheduled_by))
        except WorkflowError as error:
            failed.append((row, str(error)))
    return published, failed


@transaction.atomic
def publish(row, user, sign_off=False):
    """Make the row's content the public version; returns the published monograph."""
    if row.status not in (Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED):
        raise WorkflowError("This version is published already.")
    monograph = Drug.objects.select_for_update().get(pk=row.monograph.pk)
    replaced = import_since_draft(row)
    with changing(drugs=[monograph.pk]):
        if row.is_working_draft:
            apply_snapshot(monograph, snapshot(row))
            row.delete()
        monograph.status = Status.PUBLISHED
        monograph.published_at = timezone.now()
        monograph.publish_at = monograph.publish_scheduled_by = None
        monograph.version += 1
        monograph.save()
    revision = record_revision(monograph, Revision.Action.PUBLISHED, user)
    detail = f"replaced the imported text of revision #{replaced.number}" if replaced else ""
    audit(user, monograph, AuditEntry.Action.PUBLISHED, revision=revision, detail=detail)
    if sign_off:
        sign_off_review(monograph, user)
    return monograph


@transaction.atomic
def publish_many(monographs, user):
    """Publish each monograph's working draft, or the monograph itself if it is not
    public; returns how many. Monographs without a draft are published in bulk (an
    import with --draft can leave thousands), so they get no revision of their own: the
    first edit records their baseline."""
    monographs = monographs.without_working_drafts().select_related("draft")
    drafts = [drug.draft for drug in monographs if getattr(drug, "draft", None)]
    for draft in drafts:
        publish(draft, user)
    plain = list(monographs.filter(draft__isnull=True).exclude(status=Status.PUBLISHED))
    ids = [drug.pk for drug in plain]
    with changing(drugs=ids):
        Drug.objects.filter(pk__in=ids).publish()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=user,
            username=user.get_username(),
            monograph=drug,
            monograph_name=drug.name,
            action=AuditEntry.Action.PUBLISHED,
        )
        for drug in plain
    )
    return len(drafts) + len(plain)


@transaction.atomic
def unpublish(monograph, user):
    if monograph.status != Status.PUBLISHED:
        raise WorkflowError("Only a published monograph can be unpublished.")
    with changing(drugs=[monograph.pk]):
        Drug.objects.filter(pk=monograph.pk).unpublish()
    monograph.status = Status.UNPUBLISHED
    audit(user, monograph, AuditEntry.Action.UNPUBLISHED)


@transaction.atomic
def sign_off_review(monograph, user):
    """Record that the user medically reviewed the published monograph today."""
    if monograph.status != Status.PUBLISHED:
        raise WorkflowError("Sign off a monograph once it is published.")
    now, name = timezone.now(), reviewer_credit(user)
    # The working draft carries the same line, so that its preview shows it too. The
    # line is on the drug page only.
    with changing(drug_pages=[monograph.slug]):
        Drug.objects.filter(Q(pk=monograph.pk) | Q(draft_of=monograph)).update(
            last_reviewed_at=now, last_reviewed_by=user, last_reviewer_name=name
        )
    monograph.last_reviewed_at, monograph.last_reviewed_by = now, user
    monograph.last_reviewer_name = name
    audit(user, monograph, AuditEntry.Action.SIGNED_OFF)


@transaction.atomic
def restore(revision, user):
    """Make an old revision the current draft; returns (the row to edit, warnings)."""
    row = editable_version(revision.monograph, user)
    row = Drug.objects.select_for_update().get(pk=row.pk)
    record_baseline(revision.monograph)
    warnings = apply_snapshot(row, revision.snapshot)
    row.status = Status.DRAFT
    row.version += 1
    row.save()
    comment = f"Restored revision #{revision.number}"
    new_revision = record_revision(row, Revision.Action.RESTORED, user, comment)
    audit(user, revision.monograph, AuditEntry.Action.RESTORED, new_revision, comment)
    return row, warnings


def discard_draft(draft, user):
    if not draft.is_working_draft:
        raise WorkflowError("Only the working draft of a published monograph can be discarded.")
    monograph = draft.draft_of
    draft.delete()
    audit(user, monograph, AuditEntry.Action.DISCARDED)
