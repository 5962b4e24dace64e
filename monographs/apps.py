from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MonographsConfig(AppConfig):
    name = "monographs"
    verbose_name = "Monographs"


class MedSiteAdminConfig(admin_apps.AdminConfig):
    """Django's admin with MedSite's site: the editorial worklists on its index."""

    default = False  # named in INSTALLED_APPS in place of "django.contrib.admin"
    default_site = "monographs.admin_site.MedSiteAdminSite"
