from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import include, path

from monographs.admin_views import markdown_preview

urlpatterns = [
    # Before the admin's catch-all: the live preview of django-markdownx, for staff only.
    path(
        "admin/markdown-preview/", staff_member_required(markdown_preview), name="markdown-preview"
    ),
    path("admin/", admin.site.urls),
    path("", include("monographs.urls")),
]
