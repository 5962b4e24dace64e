"""The change-list action that removes duplicate monographs: the editor ticks monographs
sharing a title, chooses the one to keep, and the others are removed, their addresses
leading to it (monographs.editorial.duplicates)."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse

from monographs.editorial import duplicates
from monographs.models import Drug


@admin.action(
    description="Remove duplicates: keep one of the selected monographs sharing a title…",
    permissions=["publish"],  # a reviewer's step: it takes a page away from visitors
)
def remove_duplicates(modeladmin, request, queryset):
    monographs = list(
        Drug.objects.filter(pk__in=queryset.values("pk"))
        .without_working_drafts()
        .annotate(link_count=Count("side_effect_links"))
        .with_distinctions()
        .order_by("-updated_at")
    )
    monographs.sort(key=lambda monograph: not monograph.is_published)  # the default: published
    titles = {monograph.name.casefold() for monograph in monographs}
    if len(monographs) < 2 or len(titles) > 1:
        modeladmin.message_user(
            request,
            "Select two or more monographs with the same title (the “Sharing a title” "
            "worklist lists them), then choose which one to keep.",
            messages.WARNING,
        )
        return None
    kept = next((m for m in monographs if str(m.pk) == request.POST.get("keep")), None)
    if "apply" in request.POST and kept is not None:
        removed = [monograph for monograph in monographs if monograph.pk != kept.pk]
        try:
            with transaction.atomic():  # all of them or none
                for monograph in removed:
                    duplicates.remove_duplicate(monograph, kept, request.user)
        except duplicates.DuplicateError as error:
            modeladmin.message_user(request, f"Nothing was removed. {error}", messages.ERROR)
            return None
        modeladmin.message_user(
            request,
            f"Kept {kept.name} (/drugs/{kept.slug}/); removed "
            + ", ".join(f"/drugs/{monograph.slug}/" for monograph in removed)
            + ", whose addresses now lead to it.",
        )
        return None
    return TemplateResponse(
        request,
        "admin/monographs/drug/remove_duplicates.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": f"Remove duplicates of “{monographs[0].name}”",
            "monographs": monographs,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )
