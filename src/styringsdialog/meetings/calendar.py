"""The meeting as a calendar invitation: one VEVENT in an iCalendar file (RFC 5545), written
with the standard library.

* times are local to Europe/Copenhagen (``TZID`` with its VTIMEZONE: CET/CEST, the EU rule);
  a meeting without a start time is an all-day event;
* the UID is stable (``meeting-<id>@<host of PUBLIC_BASE_URL>``), so a calendar replaces the
  event when a new file is imported, and ``SEQUENCE`` is the meeting's ``invitation_sequence``
  (bumped when date, time or place change after the invitation was sent);
* text values are escaped (backslash, comma, semicolon, newline) and lines folded at 75 octets.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from styringsdialog.meetings.agenda import agenda_tree, flatten
from styringsdialog.meetings.models import Meeting

DEFAULT_DURATION = timedelta(hours=2)
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Copenhagen",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value (§3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (§3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def meeting_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.PUBLIC_BASE_URL).hostname or "styringsdialog"
    return f"meeting-{meeting.pk}@{host}"


def meeting_ics(meeting: Meeting, *, now: datetime | None = None) -> str:
    """The meeting as a ``text/calendar`` document (METHOD:PUBLISH)."""
    stamp = (now or timezone.now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    if meeting.start_time:
        start = datetime.combine(meeting.date, meeting.start_time)
        end = start + DEFAULT_DURATION
        when = [
            f"DTSTART;TZID=Europe/Copenhagen:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Copenhagen:{end:%Y%m%dT%H%M%S}",
        ]
    else:
        when = [
            f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{meeting.date + timedelta(days=1):%Y%m%d}",
        ]
    url = settings.PUBLIC_BASE_URL + reverse("meetings:meeting", args=[meeting.pk])
    agenda = "\n".join(f"{n.label} {n.item.title}" for n in flatten(agenda_tree(meeting)))
    description = f"Dagsorden:\n{agenda}\n\nMødets side: {url}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Styringsdialog//Dialogmøder//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{meeting_uid(meeting)}",
        f"DTSTAMP:{stamp}",
        *when,
        f"SEQUENCE:{meeting.invitation_sequence}",
        f"SUMMARY:{escape_text(meeting.title)}",
        f"LOCATION:{escape_text(meeting.place)}" if meeting.place else "",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines if line)
