"""Small SQL helpers shared by the read paths."""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL


def id_in(ids: Sequence[int], column: str = "pk") -> Q:
    """``column IN ids``, written so that an empty list is a plain false (usable in
    annotations).

    A long list goes to the database as one parameter (a JSON array on SQLite, an array on
    PostgreSQL): Django prepares each element of a literal IN list separately, which costs
    more than the query itself for a list of a thousand ids.
    """
    if not ids:
        return Q(**{f"{column}__isnull": True}) & Q(**{f"{column}__isnull": False})
    values = list(ids)
    if len(values) <= 50:
        return Q(**{f"{column}__in": values})
    if connection.vendor == "postgresql":
        return Q(**{f"{column}__in": RawSQL("SELECT unnest(%s::bigint[])", (values,))})
    return Q(**{f"{column}__in": RawSQL("SELECT value FROM json_each(%s)", (json.dumps(values),))})
