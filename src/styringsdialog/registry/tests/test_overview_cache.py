"""The kommune overview's content cache (registry.queries.overview): never across scopes, and
a change to the shown data shows on the next request."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from styringsdialog.registry.models import DataSource, Department
from styringsdialog.registry.queries import overview
from styringsdialog.testing import make_department

URL = reverse("registry:kommune", args=["151"])


@pytest.fixture
def second_org_in_ballerup(world) -> Department:
    """Københavns Boligselskab also owns a department in Ballerup: the caseworker sees it, Almenbo's
    staff do not."""
    return make_department(world.kbhbolig, "002", "Skovlundeparken", world.ballerup, dwellings=77)


def _kpi_departments(html: str) -> str:
    return html.split("Afdelinger<strong>", 1)[1].split("</strong>", 1)[0]


def test_a_cached_page_is_never_shown_to_a_reader_with_another_scope(
    world, client_for, second_org_in_ballerup
):
    caseworker = client_for(world.users["caseworker_ballerup"]).get(URL).content.decode()
    assert _kpi_departments(caseworker) == "3" and "Københavns Boligselskab" in caseworker
    staff = client_for(world.users["almenbo_staff"]).get(URL).content.decode()
    assert _kpi_departments(staff) == "2" and "Københavns Boligselskab" not in staff
    # and back: the caseworker's cached content is still the caseworker's
    again = client_for(world.users["caseworker_ballerup"]).get(URL).content.decode()
    assert _kpi_departments(again) == "3"


def test_the_second_request_comes_from_the_cache_and_runs_fewer_queries(
    world, client_for, django_assert_max_num_queries
):
    c = client_for(world.users["caseworker_ballerup"])
    first = c.get(URL).content.decode()
    # session, user, memberships, kommune, fingerprint, and the cache itself is not the database
    with django_assert_max_num_queries(6):
        second = c.get(URL).content.decode()
    assert _kpi_departments(first) == _kpi_departments(second) == "2"


def test_readers_with_the_same_scope_share_the_content_but_not_the_frame(world, client_for):
    from styringsdialog.accounts.models import Role
    from styringsdialog.testing import make_user

    tove = make_user("tove", Role.CASEWORKER, kommune=world.ballerup)
    first = client_for(world.users["caseworker_ballerup"]).get(URL)
    second = client_for(tove).get(URL)
    html = second.content.decode()
    assert '>Tove<span class="sr-only">' in html and '>Torben<span class="sr-only">' not in html
    assert 'name="csrfmiddlewaretoken"' in html  # the logout form, rendered for this request
    assert '>Torben<span class="sr-only">' in first.content.decode()
    assert _kpi_departments(html) == "2"


def test_a_new_department_shows_at_once(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    assert _kpi_departments(c.get(URL).content.decode()) == "2"
    make_department(world.almenbo, "011", "Egebjerg", world.ballerup)
    assert _kpi_departments(c.get(URL).content.decode()) == "3"


def test_an_import_that_changes_department_data_shows_at_once(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    assert "Boliger<strong>180</strong>" in c.get(URL).content.decode()
    # an import changes existing rows (no new department) and records its DataSource
    source = DataSource.objects.create(kind=DataSource.Kind.IMPORT, name="Afdelingsdata 2025")
    Department.objects.filter(kommune=world.ballerup, number="008").update(
        dwellings_total=70, source=source
    )
    assert "Boliger<strong>190</strong>" in c.get(URL).content.decode()


def test_a_deleted_department_shows_at_once(world, client_for):
    extra = make_department(world.almenbo, "011", "Egebjerg", world.ballerup)
    c = client_for(world.users["caseworker_ballerup"])
    assert _kpi_departments(c.get(URL).content.decode()) == "3"
    extra.delete()
    assert _kpi_departments(c.get(URL).content.decode()) == "2"


def test_search_sort_and_page_parameters_have_their_own_entries(
    world, client_for, second_org_in_ballerup
):
    c = client_for(world.users["caseworker_ballerup"])
    assert "Københavns Boligselskab" in c.get(URL).content.decode()
    found = c.get(URL, {"q": "Almenbo"}).content.decode()
    assert "1 boligorganisationer" in found and "Københavns Boligselskab</a>" not in found
    htmx = c.get(URL, {"q": "Almenbo"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in htmx and "1 boligorganisationer" in htmx


def test_the_cache_can_be_switched_off(world, client_for, settings):
    settings.OVERVIEW_CACHE_SECONDS = 0
    c = client_for(world.users["caseworker_ballerup"])
    assert c.get(URL).status_code == 200
    assert not any(
        str(k).find("kommune-overview") >= 0 for k in getattr(cache, "_cache", {}).keys()
    )


def test_the_fingerprint_is_one_query_and_changes_with_the_data(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        before = overview.fingerprint(world.ballerup)
    make_department(world.almenbo, "011", "Egebjerg", world.ballerup)
    assert overview.fingerprint(world.ballerup) != before


def test_scope_keys_differ_for_every_persona(world):
    from styringsdialog.accounts.permissions import scope_for

    keys = {overview.scope_key(scope_for(u)) for u in world.users.values()}
    assert len(keys) == len(world.users)


def test_a_filled_cache_does_not_open_the_page_to_outsiders(world, client_for):
    assert client_for(world.users["caseworker_ballerup"]).get(URL).status_code == 200
    assert client_for(world.users["caseworker_kbh"]).get(URL).status_code == 404
    assert client_for(world.users["other_org_staff"]).get(URL).status_code == 404
    assert client_for(None).get(URL).status_code == 302  # to the login page
