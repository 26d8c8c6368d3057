"""Briefing page (C10): data-backed points for an organisation and styringsår; the ticked
points become sub-items of an existing or a new meeting's agenda ("Opret dagsorden")."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from styringsdialog.accounts.permissions import require_meeting_reader
from styringsdialog.lib.params import bounded_int
from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import fill_title
from styringsdialog.meetings.briefing import (
    TEMPLATE_TITLES,
    briefing_points,
    meetings_for_briefing,
    target_key,
)
from styringsdialog.meetings.models import Meeting
from styringsdialog.meetings.views_common import attempt, to_meeting
from styringsdialog.registry.queries import get_organisation_for_user


class BriefingForm(forms.Form):
    meeting = forms.ChoiceField(
        label="Dagsorden til", widget=forms.Select(attrs={"class": "form-select"})
    )
    date = forms.DateField(
        label="Dato for nyt møde",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-input"}),
    )
    points = forms.MultipleChoiceField(
        label="Punkter", required=True, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, meetings, point_ids: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # self.fields holds deep copies of the declared fields, so their classes are known.
        cast(forms.ChoiceField, self.fields["meeting"]).choices = [
            ("ny", "Nyt møde (angiv dato)")
        ] + [(str(m.pk), f"{m.date:%d.%m.%Y} – {m.meeting_type.name}") for m in meetings]
        cast(forms.MultipleChoiceField, self.fields["points"]).choices = [(p, p) for p in point_ids]
        self.fields["points"].error_messages["required"] = "Vælg mindst ét punkt."

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        assert data is not None  # Form.clean() returns self.cleaned_data
        if data.get("meeting") == "ny" and not data.get("date"):
            self.add_error("date", "Angiv datoen for det nye møde.")
        return data


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("aar") or request.POST.get("aar") or ""
    year = bounded_int(raw, minimum=2000, maximum=2100)
    return timezone.localdate().year if year is None else year


@login_required
def briefing(request: HttpRequest, number: str) -> HttpResponse:
    require_meeting_reader(request.user)
    # The briefing is the kommune's preparation: only the organisation's home kommune (and admins).
    org = get_organisation_for_user(request.user, number, write=True)
    year = _year(request)
    points = briefing_points(org, year)
    meetings = list(meetings_for_briefing(org, year))
    form = BriefingForm(
        request.POST or None,
        meetings=meetings,
        point_ids=[pid for pid, _ in points],
        initial={
            "meeting": str(meetings[0].pk) if meetings else "ny",
            "points": [pid for pid, _ in points],
        },
    )
    if request.method == "POST" and form.is_valid():
        chosen = [p for pid, p in points if pid in set(form.cleaned_data["points"])]
        meeting = attempt(
            request,
            lambda: _apply(org, year, form.cleaned_data, chosen, meetings, request.user),
            f"{len(chosen)} punkter er sat på dagsordenen.",
        )
        if meeting is not None:
            return to_meeting(meeting.pk, "dagsorden")
    groups: dict[str, list] = {}
    for pid, p in points:
        groups.setdefault(target_key(p.source), []).append((pid, p))
    order = list(TEMPLATE_TITLES)
    grouped = [
        (fill_title(TEMPLATE_TITLES.get(k, k), year), rows)
        for k, rows in sorted(
            groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
        )
    ]
    context = {
        "organisation": org,
        "year": year,
        "grouped": grouped,
        "form": form,
        "n_points": len(points),
        "selected": set(form["points"].value() or []),
    }
    return render(request, "meetings/briefing.html", context)


@transaction.atomic
def _apply(org, year: int, data: dict, chosen: list, meetings: list, user):
    meeting: Meeting | None
    if data["meeting"] == "ny":
        meeting = services.create_meeting_from_template(
            kommune=org.home_kommune,
            organisation=org,
            styringsaar=year,
            date=data["date"] or date(year, 1, 1),
            by=user,
        )
    else:
        meeting = next((m for m in meetings if str(m.pk) == data["meeting"]), None)
        if meeting is None:
            raise ValidationError("Vælg et møde for organisationen i styringsåret.")
    services.create_agenda_from_briefing(meeting=meeting, points=chosen, by=user)
    return meeting
