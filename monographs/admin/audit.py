"""The audit trail in the admin, read-only; a merge of side effects, an accepted term and
a term taken out as "not a side effect" link to their undo pages."""

from django.contrib import admin
from django.utils.html import format_html

from monographs.admin.changelists import StrictChangeListMixin
from monographs.admin.vocabulary_review import undo_url
from monographs.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(StrictChangeListMixin, admin.ModelAdmin):
    """The audit trail: read-only, for reviewers and superusers."""

    list_display = ["at", "username", "action", "monograph_link", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["username", "monograph_name", "detail"]
    date_hierarchy = "at"
    list_per_page = 100

    def get_list_display(self, request):
        if request.user.has_perm("monographs.merge_sideeffect"):
            return [*self.list_display, "undo_link"]
        return self.list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="monograph", ordering="monograph_name")
    def monograph_link(self, entry):
        return entry.monograph_name

    @admin.display(description="undo")
    def undo_link(self, entry):
        if entry.action == AuditEntry.Action.MERGED:
            return format_html('<a href="{}">See the merge, undo it…</a>', undo_url(entry))
        if entry.action in (AuditEntry.Action.ACCEPTED, AuditEntry.Action.DISMISSED):
            return format_html('<a href="{}">See it, undo it…</a>', undo_url(entry))
        return ""
