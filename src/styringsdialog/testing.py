"""Test fixtures for the Django apps (a pytest plugin, loaded by the root ``conftest.py`` when
pytest-django is active; healthchecks keeps its ``hc/test.py`` in the package the same way):
a tiny world (two kommuner, three organisations) and one user per persona.

Personas (STYLE.md §6): caseworker in Ballerup, caseworker in København, Almenbo staff, staff
of another organisation, sector analyst, administrator, anonymous.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from styringsdialog.accounts.models import Membership, Role, User
from styringsdialog.registry.models import (
    AccountLine,
    DataSource,
    Department,
    Kommune,
    Organisation,
)
from styringsdialog.registry.services import ensure_chart_of_accounts, ensure_kommuner


@dataclass
class World:
    ballerup: Kommune
    kbh: Kommune
    almenbo: Organisation
    kbhbolig: Organisation
    lundebjerg: Department
    kirstinelund: Department
    noerrebro: Department
    users: dict[str, User]


def make_department(
    org: Organisation,
    number: str,
    name: str,
    kommune: Kommune,
    *,
    dwellings: int = 40,
    area: int = 3200,
    rent: int = 950,
    **extra,
) -> Department:
    d = Department(
        organisation=org,
        number=number,
        name=name,
        kommune=kommune,
        year_built=extra.pop("year_built", 1970),
        building_type=extra.pop("building_type", "etage"),
        dwellings_familie=dwellings,
        area_familie=area,
        lease_units=Decimal(dwellings),
        rent_per_m2=Decimal(rent),
        address=f"{name}vej 1",
        **extra,
    )
    d.recompute_totals()
    d.save()
    return d


def add_accounts(dept: Department, years: range, per_m2: dict[str, int]) -> None:
    chart = ensure_chart_of_accounts()
    source, _ = DataSource.objects.get_or_create(kind="demo", name="Testdata")
    AccountLine.objects.bulk_create(
        AccountLine(
            department=dept,
            year=y,
            konto=k,
            amount=Decimal(v * dept.area_total),
            chart=chart,
            source=source,
        )
        for y in years
        for k, v in per_m2.items()
    )


def make_user(username: str, role: str | None = None, **scope) -> User:
    user = User.objects.create_user(
        username=username, password="test-password-123", first_name=username.title()
    )
    if role:
        Membership.objects.create(user=user, role=role, **scope)
    if role == Role.ADMIN:
        user.is_superuser = user.is_staff = True
        user.save()
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Tests create many users; the production hasher costs ~0.3 s per password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path_factory) -> None:
    """Files a test stores (uploads, published referat files) go to its own folder, never var/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Every test starts with an empty Django cache: cached pages, verified referat versions and
    panel figures are keyed by data generations, which repeat between tests (ids and counts
    start over after each rollback)."""
    from django.core.cache import caches

    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture(autouse=True)
def immediate_tasks(settings) -> None:
    """Background jobs run at once, inside the test, with django-tasks' immediate backend; mail
    the worker would send lands in ``django.core.mail.outbox``. A test that runs the real
    worker sets ``settings.TASKS`` back to the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _flush_allows_audit_deletes() -> None:
    """Tests that empty the database after themselves (``transactional_db``, the live server)
    may delete audit entries: on SQLite Django's flush is a DELETE, which the audit table's
    trigger otherwise refuses (styringsdialog.audit.guard). Only the flush itself is allowed."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from styringsdialog.audit.guard import allow_flush

    original = BaseDatabaseOperations.execute_sql_flush
    if getattr(original, "_audit_flush", False):
        return

    def execute_sql_flush(self, sql_list):  # type: ignore[no-untyped-def]
        with allow_flush():
            return original(self, sql_list)

    execute_sql_flush._audit_flush = True  # type: ignore[attr-defined]
    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]


_flush_allows_audit_deletes()


@pytest.fixture(autouse=True)
def no_audit_actor_between_tests() -> Iterator[None]:
    """A CLI verb run in a test sets the audit log's actor for the process
    (``accounts.cli.resolve_actor``); the next test starts without one."""
    yield
    from styringsdialog.audit import context

    context.set_actor(None)


@pytest.fixture
def world(db) -> World:
    ensure_kommuner()
    ballerup = Kommune.objects.get(code="151")
    kbh = Kommune.objects.get(code="101")
    almenbo = Organisation.objects.create(
        number="0151",
        name="Almenbo",
        cvr="12345678",
        home_kommune=ballerup,
        administrator="Almenbo",
    )
    kbhbolig = Organisation.objects.create(
        number="0101", name="Københavns Boligselskab", home_kommune=kbh
    )
    lundebjerg = make_department(
        almenbo,
        "008",
        "Lundebjerg",
        ballerup,
        year_built=2020,
        taken_into_use=date(2020, 8, 1),
        building_type="taet-lav",
        dwellings=60,
        area=5400,
    )
    kirstinelund = make_department(
        almenbo, "003", "Kirstinelund", ballerup, dwellings=120, area=9000, rent=1100
    )
    noerrebro = make_department(kbhbolig, "001", "Nørrebroparken", kbh, dwellings=200, area=15000)
    base = {
        "109": 40,
        "110": 15,
        "111": 60,
        "112.1": 20,
        "114": 45,
        "115": 35,
        "117": 12,
        "119": 8,
        "120": 150,
        "121": 5,
        "122": 2,
        "129": 5,
    }
    for d in (lundebjerg, kirstinelund, noerrebro):
        add_accounts(d, range(2020, 2025), base)
    users = {
        "caseworker_ballerup": make_user("torben", Role.CASEWORKER, kommune=ballerup),
        "caseworker_kbh": make_user("karin", Role.CASEWORKER, kommune=kbh),
        "almenbo_staff": make_user("claus", Role.ORGANISATION, organisation=almenbo),
        "other_org_staff": make_user("olga", Role.ORGANISATION, organisation=kbhbolig),
        "analyst": make_user("anna", Role.ANALYST),
        "admin": make_user("ada", Role.ADMIN),
        "no_role": make_user("nemo"),
    }
    return World(ballerup, kbh, almenbo, kbhbolig, lundebjerg, kirstinelund, noerrebro, users)


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user (None: anonymous)."""

    def _login(user: User | None):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login
