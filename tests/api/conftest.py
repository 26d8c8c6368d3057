"""Fixtures for the API tests: a small world with a meeting, agreements, a case and a
documentation package, and bearer tokens for two personas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest
from django.core.cache import cache

from styringsdialog.accounts.models import ApiToken, User, hash_token
from styringsdialog.intake.catalogue import ensure_demo_catalogue
from styringsdialog.intake.models import DocumentationPackage
from styringsdialog.intake.services import create_package
from styringsdialog.intake.tests.helpers import answer_all
from styringsdialog.meetings import services as meetings
from styringsdialog.meetings.models import Agreement, Case, Meeting


@dataclass
class ApiData:
    meeting: Meeting
    agreement: Agreement
    case: Case
    package: DocumentationPackage


def make_token(user: User) -> str:
    """A bearer token for ``user``, made the way ``styringsdialog create-token`` makes one."""
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, name="test", key_hash=hash_token(raw))
    return raw


@pytest.fixture(autouse=True)
def empty_cache():
    """The failed-token counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api_data(world) -> ApiData:
    torben = world.users["caseworker_ballerup"]
    meeting = meetings.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2021,
        date=date(2021, 5, 27),
        by=torben,
        start_time=time(10, 0),
        place="Ballerup Rådhus",
    )
    agreement = meetings.add_agreement(
        meeting=meeting,
        text="Almenbo sender oplysningerne",
        responsible_side="organisation",
        deadline=date(2021, 7, 1),
        by=None,
    )
    case = meetings.open_case(
        department=world.lundebjerg,
        category="andet",
        title="Nye matrikler",
        opened_on=date(2021, 5, 27),
        text="Sendt",
        by=None,
    )
    ensure_demo_catalogue()
    package = create_package(
        organisation=world.almenbo, styringsaar=2025, by=world.users["almenbo_staff"]
    )
    answer_all(package)  # so "submit" is a change that CSRF must stop, not a refusal
    return ApiData(meeting, agreement, case, package)
