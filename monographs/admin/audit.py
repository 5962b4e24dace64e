"""The audit trail in the admin, read-only."""

from django.contrib import admin

from monographs.admin.changelists import StrictChangeListMixin
from monographs.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(StrictChangeListMixin, admin.ModelAdmin):
    """The audit trail: read-only, for reviewers and superusers."""

    list_display = ["at", "username", "action", "monograph_link", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["username", "monograph_name", "detail"]
    date_hierarchy = "at"
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="monograph", ordering="monograph_name")
    def monograph_link(self, entry):
        return entry.monograph_name
