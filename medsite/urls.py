from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from monographs.admin.preview import markdown_preview
from monographs.public.feeds import UpdatedMonographsFeed
from monographs.public.sitemaps import SITEMAPS, sitemap_section
from monographs.serving.methods import answering

# The machines' function views answer GET and HEAD only, like the class-based pages.
read_only = answering("GET", "HEAD")

urlpatterns = [
    # Before the admin's catch-all: the live preview of django-markdownx, for staff only.
    path(
        "admin/markdown-preview/", staff_member_required(markdown_preview), name="markdown-preview"
    ),
    path("admin/", admin.site.urls),
    # For machines: search engines, feed readers.
    path(
        "sitemap.xml",
        read_only(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        read_only(sitemap_section),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots-txt",
    ),
    path("feeds/updated/", read_only(UpdatedMonographsFeed()), name="feed-updated"),
    # For programs: the read-only content API (monographs/api/).
    path("api/", include("monographs.api.urls")),
    path("", include("monographs.public.urls")),
]
