"""The Atom feed of recently updated monographs."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from monographs.models import Drug


class UpdatedMonographsFeed(Feed):
    feed_type = Atom1Feed
    title = "Recently updated monographs"
    subtitle = "Drug monographs on MedSite, the most recently updated first."
    author_name = settings.SITE_NAME
    item_count = 30

    def link(self):
        return reverse("monographs:home")

    def items(self):
        return (
            Drug.objects.published()
            .only("name", "slug", "summary", "updated_at")
            .order_by("-updated_at", "-pk")[: self.item_count]
        )

    def item_title(self, drug):
        # A text construct: the feed generator escapes it, so no escaping here.
        return drug.name

    def item_description(self, drug):
        # Atom1Feed writes this as <summary type="html">, so the plain summary is escaped.
        return escape(drug.summary)

    def item_updateddate(self, drug):
        return drug.updated_at
