"""Extension point for things that happen in one domain app and matter to another.

``meetings`` must not import ``intake`` (sibling apps), yet a held dialogue meeting is recorded
on the organisation's documentation package. So ``registry`` owns the contract: intake registers
a listener in its ``AppConfig.ready()``, and the meetings service calls ``meeting_held`` after
its transaction has committed. A listener must not raise; what it cannot do, it logs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MeetingHeld:
    meeting_id: int
    organisation_ids: tuple[int, ...]  # the meeting's organisation and any joint participants
    styringsaar: int
    held_on: date
    by: Any = None  # the user who marked it


MeetingHeldListener = Callable[[MeetingHeld], None]
_meeting_held: list[MeetingHeldListener] = []


def register_meeting_held_listener(listener: MeetingHeldListener) -> None:
    if listener not in _meeting_held:
        _meeting_held.append(listener)


def meeting_held(event: MeetingHeld) -> None:
    """Tell every listener; one failing listener neither stops the others nor the caller."""
    for listener in list(_meeting_held):
        try:
            listener(event)
        except Exception:  # a listener's bug must not undo a committed meeting
            logger.exception("Lytteren %r fejlede for møde %s", listener, event.meeting_id)
