"""Django's change list with one repair: a date hierarchy year out of range
(?updated_at__year=99999999999, or 9999, whose next year does not exist) is a wrong
lookup, answered like any other (?e=1), not a server error. Django catches ValueError
around datetime() only, not OverflowError, and computes the end of the range outside
its try: https://code.djangoproject.com/ticket/37357."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class DateHierarchyChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class DateHierarchyMixin:
    """For a ModelAdmin with a date_hierarchy."""

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList
