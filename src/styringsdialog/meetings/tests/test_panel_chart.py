"""The kommune overview's chart of meetings and referater by status (issue 17)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from styringsdialog.meetings.tests.conftest import advance, make_meeting

pytestmark = pytest.mark.django_db


def test_kommune_overview_charts_meetings_and_referater_by_status(world, client_for):
    make_meeting(world)
    advance(make_meeting(world, when=date(2021, 6, 1)), world, "sent")
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("registry:kommune", args=["151"]))
        .content.decode()
    )
    start = html.index('aria-labelledby="chart-meetings-title')
    svg = html[start : html.index("</svg>", start)]
    assert (
        "Dialogmøder og referater efter status: Møde planlagt: 1; Møde afholdt: 1; "
        "Referat: kladde: 0; Referat: sendt til organisationen: 1" in svg
    )
    assert '<th scope="row">Møde afholdt</th><td class="num">1</td>' in html
    # counts: the value axis has whole-number ticks only
    ticks = re.findall(r'<g id="xtick_\d+">.*?<text[^>]*>([^<]*)</text>', svg, re.S)
    assert ticks and all(re.fullmatch(r"\d+", t.strip()) for t in ticks), ticks
