"""User accounts in the admin, with the reviewer profile (display name and credentials)
that credits a medical review to visitors."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from monographs.models import ReviewerProfile

User = get_user_model()


class ReviewerProfileInline(admin.StackedInline):
    model = ReviewerProfile
    can_delete = False
    verbose_name_plural = "how visitors read a review by this person"


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class MedSiteUserAdmin(UserAdmin):
    inlines = [ReviewerProfileInline]
