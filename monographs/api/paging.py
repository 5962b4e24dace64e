"""Pages of results: the page number and size every list takes, and the fields every
paginated answer has (schemas.Page)."""

from typing import Annotated

from django.core.paginator import InvalidPage
from ninja import Query
from ninja.errors import HttpError

from monographs.public.listing import MAX_PAGE

MAX_PAGE_SIZE = 100

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="From 1.")]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"At most {MAX_PAGE_SIZE}.")]


def page_of(paginator, number):
    """(the page, the Page schema's fields) of a paginator, or 404 past the last page."""
    try:
        page = paginator.page(number)
    except InvalidPage:
        raise HttpError(404, f"No page {number}: there are {paginator.num_pages}.") from None
    fields = {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages,
        "page_size": paginator.per_page,
    }
    return page, fields
