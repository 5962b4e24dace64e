"""The editorial record (revisions, audit trail, autosaves) and how the site credits people."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from monographs.limits import MAX_NAME_CHARACTERS
from monographs.models.drugs import Drug


class Revision(models.Model):
    """The whole content of a monograph (fields and inlines) as one editorial step left it."""

    class Action(models.TextChoices):
        IMPORTED = "imported", "Imported version"
        SAVED = "saved", "Saved"
        SUBMITTED = "submitted", "Submitted for review"
        PUBLISHED = "published", "Published"
        RESTORED = "restored", "Restored"

    monograph = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    action = models.CharField(max_length=20, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.CharField(max_length=500, blank=True)
    # Built and read by monographs.editorial.revisions: {"fields": {...}, "<part>": [{...}, ...]}.
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["monograph", "number"], name="one_revision_number_per_monograph"
            )
        ]

    def __str__(self):
        return f"{self.monograph} #{self.number}"

    @property
    def author_name(self):
        return display_name(self.created_by) if self.created_by else "the import"


class AuditEntry(models.Model):
    """Who published, unpublished, signed off or otherwise moved a monograph, or merged
    side-effect terms, and when."""

    class Action(models.TextChoices):
        DRAFT_STARTED = "draft_started", "Started a draft"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned to draft"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"
        SIGNED_OFF = "signed_off", "Signed off medical review"
        RESTORED = "restored", "Restored a revision"
        DISCARDED = "discarded", "Discarded a draft"
        SCHEDULED = "scheduled", "Scheduled publishing"
        UNSCHEDULED = "unscheduled", "Cancelled scheduled publishing"
        WITHDRAWN = "withdrawn", "Withdrew from review"
        MERGED = "merged", "Merged side effects"
        MERGE_UNDONE = "merge_undone", "Undid a merge of side effects"
        ACCEPTED = "accepted", "Accepted a side effect"
        ACCEPT_UNDONE = "accept_undone", "Undid accepting a side effect"
        DISMISSED = "dismissed", "Took out a term: not a side effect"
        DISMISS_UNDONE = "dismiss_undone", "Brought back a term taken out"
        DUPLICATE_REMOVED = "duplicate_removed", "Removed a duplicate monograph"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text as well, so the trail survives a renamed or deleted account or monograph.
    username = models.CharField(max_length=150, blank=True)
    monograph = models.ForeignKey(
        Drug, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    # Empty: a vocabulary step.
    monograph_name = models.CharField(max_length=MAX_NAME_CHARACTERS, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(max_length=500, blank=True)
    # What a step that can be undone changed, as data: a merge's terms, aliases and links
    # (monographs.editorial.merging), an accepted or dismissed term's (editorial.curation).
    undo_data = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit trail"

    def __str__(self):
        action = self.get_action_display().lower()
        return f"{self.username or 'unknown'} {action}: {self.monograph_name or self.detail}"

    @property
    def actor(self):
        """Who took the step, named as the admin names people (their display name)."""
        return display_name(self.user) if self.user else self.username or "unknown"


class DraftAutosave(models.Model):
    """What an editor had typed in a monograph's form, kept every little while until she
    saves it (monographs.editorial.autosave). Not a revision: nobody else sees it."""

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="autosaves")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="draft_autosaves"
    )
    # The form's fields as [[name, value, label], ...]; label: a choice's text.
    fields = models.JSONField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["drug", "user"], name="one_autosave_per_editor")
        ]

    def __str__(self):
        return f"{self.drug}: autosave of {self.user}"


class ReviewerProfile(models.Model):
    """How the site credits a person's work to visitors: a name and credentials, set in
    create_admin or the admin (Users), never the login name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    display_name = models.CharField(max_length=150, blank=True, help_text="e.g. Jane Doe")
    credentials = models.CharField(max_length=150, blank=True, help_text="e.g. PharmD, MD")

    def __str__(self):
        return ", ".join(part for part in (self.display_name, self.credentials) if part)


def display_name(user):
    """How the admin names a person: display name, else full name, else username."""
    profile = getattr(user, "reviewer_profile", None)
    return (profile and profile.display_name) or user.get_full_name().strip() or user.get_username()


def reviewer_credit(user):
    """How visitors read who reviewed a monograph: display name (else full name) and
    credentials; empty rather than the login name."""
    profile = getattr(user, "reviewer_profile", None)
    name = (profile and profile.display_name) or user.get_full_name().strip()
    credentials = profile.credentials if profile and name else ""
    return ", ".join(part for part in (name, credentials) if part)
