from django.contrib import admin


class MedSiteAdminSite(admin.AdminSite):
    site_header = "MedSite administration"
    site_title = "MedSite admin"
