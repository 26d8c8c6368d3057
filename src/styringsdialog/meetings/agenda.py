"""Agenda numbering: top-level items "1.", "2.", sub-items "a.", "b." (full label "2.a").

Numbers are computed from ``position`` on every read, so reordering never leaves gaps or
stale numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from string import ascii_lowercase

from styringsdialog.meetings.models import AgendaItem, Meeting

# (key, title): the shape of the Ballerup/Almenbo referat, made generic. Briefing points and
# the year's themes are placed under the item with the matching key.
DEFAULT_TEMPLATE_ITEMS = (
    ("velkomst", "Velkomst"),
    ("opfoelgning", "Opfølgning på sidste års aftaler"),
    ("temaer", "Årets temaer"),
    ("styringsrapport", "Gennemgang af styringsrapport for {regnskabsår}"),
    ("sager", "Status for aktuelle sager om boligafdelingerne"),
    ("kvarterprofiler", "Gennemgang af kvarterprofiler"),
    ("anvisning", "Anvisning – samarbejde med boligkontoret"),
    ("eventuelt", "Eventuelt"),
)


def fill_title(title: str, styringsaar: int) -> str:
    """Replace ``{regnskabsår}`` and ``{styringsår}`` (no str.format: titles are user input)."""
    return title.replace("{regnskabsår}", str(styringsaar - 1)).replace(
        "{styringsår}", str(styringsaar)
    )


@dataclass
class AgendaNode:
    item: AgendaItem
    label: str  # "2" for a top-level item, "2.a" for a sub-item (stable reference in texts)
    number: str  # what is printed before the title: "2." or "a."
    children: list[AgendaNode] = field(default_factory=list)
    first: bool = False  # first among its siblings (no "move up")
    last: bool = False  # last among its siblings (no "move down")


def sub_letter(index: int) -> str:
    """0 → "a", 25 → "z", 26 → "aa" (more than 26 sub-items is unusual but must not crash)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_lowercase[rest] + letters
    return letters


def build_tree(items: Iterable[AgendaItem]) -> list[AgendaNode]:
    """Nest items (already fetched) under their parents and number them by position."""
    items = sorted(items, key=lambda i: (i.position, i.pk))
    top = [i for i in items if i.parent_id is None]
    nodes: list[AgendaNode] = []
    for n, item in enumerate(top, start=1):
        node = AgendaNode(item, str(n), f"{n}.", first=n == 1, last=n == len(top))
        kids = [i for i in items if i.parent_id == item.pk]
        for k, child in enumerate(kids):
            letter = sub_letter(k)
            node.children.append(
                AgendaNode(
                    child, f"{n}.{letter}", f"{letter}.", first=k == 0, last=k == len(kids) - 1
                )
            )
        nodes.append(node)
    return nodes


def agenda_tree(meeting: Meeting) -> list[AgendaNode]:
    """The meeting's agenda as numbered nodes (one query, plus prefetches given on ``meeting``)."""
    return build_tree(meeting.items.all())


def flatten(nodes: list[AgendaNode]) -> list[AgendaNode]:
    """Depth-first list: 1, 2, 2.a, 2.b, 3 …"""
    out: list[AgendaNode] = []
    for node in nodes:
        out.append(node)
        out.extend(node.children)
    return out


def item_labels(meeting: Meeting) -> dict[int, str]:
    """item id → label ("2.a"), for lists that show where an agreement was made."""
    return {node.item.pk: node.label for node in flatten(agenda_tree(meeting))}
