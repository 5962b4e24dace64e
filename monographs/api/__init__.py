"""The read-only content API, /api/v1/ (django-ninja): published content as JSON, through
the same QuerySet methods, FilterSets and searches as the public pages, cached under the
same generations."""
