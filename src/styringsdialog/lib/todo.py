"""One entry of a user's to-do list on the overview ("Overblik") and in ``GET /api/v1/me/todo``.

Each domain app contributes its own entries (``meetings.todo``, ``intake.todo``); the web page
and the API put them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TodoItem:
    kind: str  # "package", "invitation", "referat", "agreement"
    title: str  # Danish, one line
    url: str  # the page where the work is done
    organisation: str  # LBF number
    status: str = ""  # Danish label of the current status
    deadline: date | None = None
    late: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "organisation": self.organisation,
            "status": self.status,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "late": self.late,
        }
