"""Filtered, searchable, paginated lists: one helper for every staff list page.

A list is a queryset already narrowed by ``zhifa.core.access.visible`` (the view does that), plus
declared filters. The same GET parameters drive the full page and the HTMX partial.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

PAGE_SIZE = 20


@dataclass
class Filter:
    name: str  # GET parameter
    label: str
    lookup: str  # ORM lookup it filters on
    choices: list[tuple[str, str]] = field(default_factory=list)  # empty: a free input
    kind: str = "select"  # select | date_from | date_to | text


@dataclass
class Listing:
    page: object
    filters: list[dict]
    q: str
    querystring: str
    total: int


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def apply_listing(request, qs: QuerySet, *, filters: list[Filter], search: list[str], order: list[str]) -> Listing:
    params = request.GET
    bound = []
    for f in filters:
        raw = params.get(f.name, "").strip()
        value = raw
        if raw:
            if f.kind in ("date_from", "date_to"):
                day = _parse_date(raw)
                if day is None:
                    value = ""
                else:
                    qs = qs.filter(**{f.lookup: day})
            elif f.choices and raw not in {str(k) for k, _ in f.choices}:
                value = ""  # an unknown choice (e.g. another unit's id) filters nothing and shows nothing chosen
            else:
                qs = qs.filter(**{f.lookup: raw})
        bound.append({"f": f, "value": value})
    q = params.get("q", "").strip()
    if q and search:
        qs = qs.filter(reduce(or_, (Q(**{f"{s}__icontains": q}) for s in search)))
    qs = qs.order_by(*order)
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(params.get("page"))
    keep = params.copy()
    keep.pop("page", None)
    return Listing(page=page, filters=bound, q=q, querystring=keep.urlencode(), total=paginator.count)
