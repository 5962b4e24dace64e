from django.contrib import admin

from monographs.admin.worklists import worklists
from monographs.models import Drug


class MedSiteAdminSite(admin.AdminSite):
    site_header = "MedSite administration"
    site_title = "MedSite admin"

    def index(self, request, extra_context=None):
        """The admin index, with the editorial worklists for those who may see monographs."""
        if self.is_registered(Drug) and self.get_model_admin(Drug).has_view_permission(request):
            extra_context = {"worklists": worklists(), **(extra_context or {})}
        return super().index(request, extra_context)
