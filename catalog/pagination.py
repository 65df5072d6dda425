"""One page of a long list, from ``?page=N``: the catalogue's pages and open data share it."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def page_of(
    request: HttpRequest, queryset: QuerySet, per_page: int, *, parameter: str = "page"
) -> Page:
    """The ?page= (or ?<parameter>=) page of ``queryset``; a bad or too large number shows a
    page, not a 404.

    ``queryset`` must have a total order, so that ``?page=N`` always names the same rows.
    """
    return Paginator(queryset, per_page).get_page(request.GET.get(parameter))
