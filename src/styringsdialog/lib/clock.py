"""A clock for demo data: run a block as if it were another moment.

``styringsdialog demo-data`` builds years of history (meetings held, agreements followed up,
packages submitted) through the ordinary services, which stamp ``timezone.now()``. Inside
``frozen_at(moment)`` ``django.utils.timezone.now()`` – and so ``timezone.localdate()`` and every
``auto_now``/``auto_now_add`` field – returns ``moment``, advancing one millisecond per call so the
order of events is kept. Blocks nest; the previous clock comes back on exit. For demo data and
tests only: never use it in a request.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.utils import timezone


def aware(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """``day`` at ``hour``:``minute`` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@contextmanager
def frozen_at(moment: datetime | date) -> Iterator[datetime]:
    """Run the block as if it were ``moment`` (a date means 10:00 that day)."""
    if not isinstance(moment, datetime):
        moment = aware(moment)
    elif timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    ticks = itertools.count()
    previous = timezone.now

    def now() -> datetime:
        return moment + timedelta(milliseconds=next(ticks))

    timezone.now = now  # type: ignore[assignment]
    try:
        yield moment
    finally:
        timezone.now = previous  # type: ignore[assignment]
