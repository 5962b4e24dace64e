"""Django's change list, with two kinds of query string refused as wrong lookups (answered
with ?e=1, like any other) instead of a server error:

- a date hierarchy year out of range (?updated_at__year=99999999999, or 9999, whose next
  year does not exist): Django catches ValueError around datetime() only, not
  OverflowError, and computes the end of the range outside its try
  (https://code.djangoproject.com/ticket/37357);
- a NUL character in a filter's value (?body_system__exact=%00), which PostgreSQL
  refuses in a query. Django's search box refuses it already.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class StrictChangeList(ChangeList):
    def get_filters(self, request):
        values = self.get_filters_params().values()
        if any("\x00" in value for listed in values for value in listed):
            raise IncorrectLookupParameters("A NUL character in a filter.")
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class StrictChangeListMixin:
    """For every ModelAdmin with a change list."""

    def get_changelist(self, request, **kwargs):
        return StrictChangeList
