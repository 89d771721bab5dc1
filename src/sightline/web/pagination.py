"""Every list on a page is paginated, one way: a safe page-number reader, Django's Paginator
and the GOV.UK pagination component (``web/_pagination.html``).

``page_number`` is the only reader of a number from a query string: ASCII digits only, at most
``MAX_DIGITS`` of them, so ``?page=²``, ``?page=①``, ``?page=-1``, ``?page=9e9`` or a 5,000-digit
number are page 1 (or, for a filter, no number), never an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

MAX_DIGITS = 9  # a page or record number never needs more; int() of a longer string is refused


def whole_number(value: str | None) -> int | None:
    """A positive whole number written in ASCII digits, or None (anything else)."""
    if not value or len(value) > MAX_DIGITS or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number > 0 else None


def page_number(request: HttpRequest, name: str = "page") -> int:
    """The page asked for in ``?<name>=``; 1 when missing or not a page number."""
    return whole_number(request.GET.get(name)) or 1


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    """One page of a list and the GOV.UK pagination links to the others (on the same page
    address, keeping every other query parameter, and an anchor back to the list)."""

    page: Page
    param: str
    links: list[PageLink]
    previous_href: str
    next_href: str

    @property
    def items(self) -> Sequence[Any]:
        return list(self.page.object_list)

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def first(self) -> int:
        """The position of the page's first row in the whole list (1-based; 0 when empty)."""
        return self.page.start_index()

    @property
    def last(self) -> int:
        return self.page.end_index()

    @property
    def several_pages(self) -> bool:
        return self.page.paginator.num_pages > 1

    def __iter__(self) -> Any:
        return iter(self.page.object_list)

    def __len__(self) -> int:
        return len(self.page.object_list)

    def __bool__(self) -> bool:
        return self.count > 0


def _href(query: QueryDict, param: str, number: int, anchor: str) -> str:
    params = query.copy()
    if number == 1:
        params.pop(param, None)
    else:
        params[param] = str(number)
    return f"?{params.urlencode()}{anchor}"


def paginate(
    objects: Any,
    per_page: int,
    *,
    number: int = 1,
    query: QueryDict | None = None,
    param: str = "page",
    anchor: str = "",
) -> Pagination:
    """One page of ``objects`` (a queryset: one COUNT and one slice; or a list). A number past
    the last page shows the last page. The first page of a queryset is read with one more row
    than fits: when the whole list fits on it (the usual case), that one query is all."""
    if number <= 1 and isinstance(objects, QuerySet):
        head = list(objects[: per_page + 1])
        if len(head) <= per_page:
            objects = head
    paginator = Paginator(objects, per_page)
    page = paginator.get_page(number)
    query = query if query is not None else QueryDict()
    hash_ = f"#{anchor}" if anchor else ""
    links: list[PageLink] = []
    if paginator.num_pages > 1:
        for item in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
            if item == Paginator.ELLIPSIS:
                links.append(PageLink(None))
            else:
                n = int(item)
                links.append(PageLink(n, _href(query, param, n, hash_), n == page.number))
    return Pagination(
        page=page,
        param=param,
        links=links,
        previous_href=_href(query, param, page.number - 1, hash_) if page.has_previous() else "",
        next_href=_href(query, param, page.number + 1, hash_) if page.has_next() else "",
    )


def paginate_request(
    request: HttpRequest, objects: Any, per_page: int, *, param: str = "page", anchor: str = ""
) -> Pagination:
    """``paginate`` with the page number read (safely) from the request's ``?<param>=``."""
    return paginate(
        objects,
        per_page,
        number=page_number(request, param),
        query=request.GET,
        param=param,
        anchor=anchor,
    )
