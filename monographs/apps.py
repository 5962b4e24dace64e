from importlib import import_module

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MonographsConfig(AppConfig):
    name = "monographs"
    verbose_name = "Monographs"


class MedSiteAdminConfig(admin_apps.AdminConfig):
    """Django's admin with MedSite's site: the editorial worklists on its index."""

    default = False  # named in INSTALLED_APPS in place of "django.contrib.admin"
    default_site = "monographs.admin.site.MedSiteAdminSite"

    def ready(self):
        # The site class lives in the package whose import registers MedSite's model
        # admins on the site. Imported first, the package makes the site once; reached
        # first through another app's admin.site.register(), it would make it twice and
        # the second site would lack MedSite's models.
        import_module("monographs.admin")
        super().ready()
