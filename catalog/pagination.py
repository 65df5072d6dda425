"""One page of a long list, from ``?page=N``: the catalogue's pages and open data share it."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest


def page_of(
    request: HttpRequest, queryset: QuerySet, per_page: int, *, parameter: str = "page"
) -> Page:
    """The ?page= (or ?<parameter>=) page of ``queryset``; a bad or too large number shows a
    page, not a 404.

    ``queryset`` must have a total order, so that ``?page=N`` always names the same rows.
    """
    return Paginator(queryset, per_page).get_page(request.GET.get(parameter))


class CountingPaginator(Paginator):
    """A Paginator whose page reads its rows' ids and the list's count in one query.

    The count is ``count``, an expression read with every row: by default ``COUNT(*) OVER
    ()``, for a filtered or searched list (there the count reads every match anyway, as the
    page's sort does, so one pass serves both: at 10,000 models a search ~3.5 ms less); an
    unfiltered list gives a scalar subquery that counts it off an index instead (PostgreSQL
    runs it once), as a window would read every row where the page stops after its own. A
    page past the end (no rows) falls back to Paginator's own count and last page; such a
    page's ``object_list`` is the usual lazy slice, any other's the list of its ids.

    ``object_list`` must have a total order, as for ``page_of``."""

    def __init__(self, object_list, per_page, *args, count=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_expression = Window(Count("*")) if count is None else count

    def get_page(self, number) -> Page:
        if self.orphans:  # a last page taking the orphans is Paginator's to size
            return super().get_page(number)
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if wanted >= 1:
            start = (wanted - 1) * self.per_page
            counted = self.object_list.annotate(list_count=self.count_expression)
            rows = list(counted.values_list("pk", "list_count")[start : start + self.per_page])
            if rows or wanted == 1:
                self.count = rows[0][1] if rows else 0  # the cached property, read
                return self._get_page([pk for pk, _ in rows], wanted, self)
        return super().get_page(number)
