"""The whole yearly cycle through the REST API only (issue 12): package → answers → run →
briefing → meeting → minutes → referat → publish → the public search finds it."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from styringsdialog.intake.catalogue import ensure_demo_catalogue
from tests.api.conftest import make_token
from tests.api.cycle import Clients, run_cycle

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")


def test_one_organisation_through_the_whole_cycle_by_api_only(world):
    ensure_demo_catalogue()
    clients = Clients(
        kommune=_client(world.users["caseworker_ballerup"]),
        organisation=_client(world.users["almenbo_staff"]),
        runner=_client(world.users["analyst"]),
        public=Client(),
    )
    times = run_cycle(
        clients,
        kommune="151",
        organisation="0151",
        styringsaar=2025,
        meeting_date=date(2025, 5, 27),
        marker="Solsikkeplænen",
    )
    assert set(times) >= {"pakker oprettet", "offentlig søgning"}
