"""Keyset pagination: page N costs the same as page 1.

The cursor is the sort values of the last row shown, so the next page is a range scan from
there on the sort's index instead of an OFFSET that reads and drops every earlier row.
"""

import base64
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Q


class BadCursor(ValueError):
    pass


@dataclass
class Page:
    items: list
    next_cursor: str | None
    is_first: bool


def encode(values):
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode(cursor, types):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError) as error:
        raise BadCursor from error
    if not isinstance(values, list) or len(values) != len(types):
        raise BadCursor
    parsed = []
    for value, kind in zip(values, types, strict=True):
        try:
            if kind is datetime:
                moment = datetime.fromisoformat(value)
                if moment.tzinfo is None:
                    raise BadCursor  # encode() always writes the offset
                # In UTC, as the database compares it: a moment outside year 1-9999 is refused.
                parsed.append(moment.astimezone(UTC))
            elif kind is date:
                parsed.append(date.fromisoformat(value))
            elif kind is float:
                parsed.append(float(value))
            else:
                parsed.append(int(value))
        except (TypeError, ValueError, OverflowError) as error:
            raise BadCursor from error
    return parsed


def after(columns, values):
    """Rows strictly after `values` in the order given by `columns` [(name, descending)].

    Written as `a <= v AND (a < v OR id < i)` rather than `a < v OR (a = v AND id < i)`:
    the first conjunct is a plain range the database can start its index scan from.
    """
    (column, descending), (id_column, id_descending) = columns
    value, last_id = values
    op = "lt" if descending else "gt"
    id_op = "lt" if id_descending else "gt"
    return Q(**{f"{column}__{op}e": value}) & (
        Q(**{f"{column}__{op}": value}) | Q(**{f"{id_column}__{id_op}": last_id})
    )


def keyset_page(tiers, columns, cursor, size, types):
    """One page of the querysets `tiers`, listed one after the other, each ordered by `columns`,
    starting after `cursor` (or at the top). The cursor of several tiers starts with the tier."""
    ordering = [f"-{name}" if desc else name for name, desc in columns]
    first_tier, values = 0, None
    if cursor and len(tiers) > 1:
        first_tier, *values = decode(cursor, (int, *types))
        if not 0 <= first_tier < len(tiers):
            raise BadCursor
    elif cursor:
        values = decode(cursor, types)
    rows = []  # (tier, row), one more than the page shows when there is a next page
    for tier in range(first_tier, len(tiers)):
        queryset = tiers[tier].order_by(*ordering)
        if values:
            queryset = queryset.filter(after(columns, values))
            values = None  # later tiers start at their top
        rows += [(tier, row) for row in queryset[: size + 1 - len(rows)]]
        if len(rows) > size:
            break
    next_cursor = None
    if len(rows) > size:
        tier, last = rows[size - 1]
        position = [getattr(last, name) for name, _ in columns]
        next_cursor = encode([tier, *position] if len(tiers) > 1 else position)
    return Page(items=[row for _, row in rows[:size]], next_cursor=next_cursor, is_first=not cursor)
