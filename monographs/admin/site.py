from django.contrib import admin

from monographs.admin.vocabulary_review import can_review
from monographs.admin.worklists import worklists
from monographs.models import Drug, SideEffect


class MedSiteAdminSite(admin.AdminSite):
    site_header = "MedSite administration"
    site_title = "MedSite admin"

    def index(self, request, extra_context=None):
        """The admin index, with the editorial worklists for those who may see monographs,
        and the vocabulary review for those who may review terms."""
        extra_context = extra_context or {}
        if self.is_registered(Drug) and self.get_model_admin(Drug).has_view_permission(request):
            extra_context = {"worklists": worklists(), **extra_context}
        if self.is_registered(SideEffect) and can_review(request.user):
            unreviewed = SideEffect.objects.filter(is_reviewed=False).count()
            extra_context = {"unreviewed_terms": unreviewed, **extra_context}
        return super().index(request, extra_context)
