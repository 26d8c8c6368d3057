"""Every anvisning page per persona: the kommune writes, the organisation reads its own and
comments (403 on writes), outsiders and roles without anvisning get 404; CSRF on posts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from styringsdialog.anvisning.models import AnvisningComment, LedgerEntry


def _urls(anv) -> dict[str, str]:
    return {
        "kommune": reverse("anvisning:kommune", args=["151"]),
        "organisation": reverse("anvisning:organisation", args=["0151"]),
        "agreement": reverse("anvisning:agreement", args=[anv.agreement.pk]),
        "entry": reverse("anvisning:entry", args=[anv.entry.pk]),
    }


@pytest.mark.parametrize("persona", ["caseworker_ballerup", "almenbo_staff", "admin"])
def test_readers_see_the_pages(world, anv, client_for, persona) -> None:
    c = client_for(world.users[persona])
    for name, url in _urls(anv).items():
        r = c.get(url)
        assert r.status_code == 200, (name, r.status_code)
    html = c.get(_urls(anv)["kommune"]).content.decode()
    assert "Kirstinelund" in html and "16,7 %" in html and "Under aftalt" in html


@pytest.mark.parametrize("persona", ["caseworker_kbh", "other_org_staff", "analyst", "no_role"])
def test_outsiders_get_404(world, anv, client_for, persona) -> None:
    c = client_for(world.users[persona])
    for name, url in _urls(anv).items():
        assert c.get(url).status_code == 404, name
    assert c.get(reverse("anvisning:entry_create", args=["151"])).status_code == 404


def test_anonymous_is_sent_to_login(world, anv, client_for) -> None:
    c = client_for(None)
    assert c.get(_urls(anv)["kommune"]).status_code == 302


def test_the_organisation_reads_but_does_not_write(world, anv, client_for) -> None:
    c = client_for(world.users["almenbo_staff"])
    for name in ("entry_create", "import", "agreement_create"):
        assert c.get(reverse(f"anvisning:{name}", args=["151"])).status_code == 403, name
    assert c.post(_urls(anv)["entry"], {"version": 0}).status_code == 403
    r = c.post(reverse("anvisning:agreement_comment", args=[anv.agreement.pk]), {"text": "Enig."})
    assert r.status_code == 302 and AnvisningComment.objects.filter(text="Enig.").exists()


def test_entry_form_with_optimistic_locking(world, anv, client_for) -> None:
    c = client_for(world.users["caseworker_ballerup"])
    form = {
        "address": "Kirstinelund 12",
        "rent": "6.300,00",
        "outcome": "anvist",
        "outcome_on": "2024-01-05",
        "household_ref": "H-2023-017",
        "vacancy_from": "2023-12-20",
        "vacancy_to": "2024-01-10",
        "vacancy_amount": "2.200,00",
        "version": "0",
    }
    assert c.post(_urls(anv)["entry"], form).status_code == 302
    r = c.post(_urls(anv)["entry"], {**form, "rent": "6.400,00"})
    assert r.status_code == 409 and "ændret af en anden" in r.content.decode()
    r = c.post(_urls(anv)["entry"], {**form, "version": "1", "household_ref": "0101901234"})
    assert r.status_code == 200 and "CPR" in r.content.decode()


def test_new_entry_and_import_pages(world, client_for) -> None:
    c = client_for(world.users["caseworker_ballerup"])
    r = c.post(
        reverse("anvisning:entry_create", args=["151"]),
        {
            "department": str(world.kirstinelund.pk),
            "dwelling": "0777",
            "offered_on": "2024-05-01",
            "rent": "5.000,00",
            "outcome": "afventer",
        },
    )
    assert r.status_code == 302 and LedgerEntry.objects.filter(dwelling="0777").exists()
    bad = SimpleUploadedFile("liste.csv", b"organisation;afdeling\n0151;003\n")
    r = c.post(reverse("anvisning:import", args=["151"]), {"file": bad})
    assert r.status_code == 422 and "Filen er ikke indlæst" in r.content.decode()


def test_csrf_is_required(world, anv) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.users["caseworker_ballerup"])
    r = c.post(reverse("anvisning:agreement_comment", args=[anv.agreement.pk]), {"text": "x"})
    assert r.status_code == 403


def test_linked_from_the_kommune_organisation_and_department_pages(world, anv, client_for) -> None:
    c = client_for(world.users["caseworker_ballerup"])
    target = reverse("anvisning:kommune", args=["151"])
    assert target in c.get(reverse("registry:kommune", args=["151"])).content.decode()
    org_target = reverse("anvisning:organisation", args=["0151"])
    assert org_target in c.get(reverse("registry:organisation", args=["0151"])).content.decode()
    dept = reverse("registry:department", args=["0151", "003"])
    assert org_target in c.get(dept).content.decode()
    analyst = client_for(world.users["analyst"])
    assert target not in analyst.get(reverse("registry:kommune", args=["151"])).content.decode()


def test_vacancies_form(world, anv, client_for) -> None:
    from styringsdialog.anvisning.models import VacancyCount

    url = reverse("anvisning:vacancies", args=["151"])
    body = {"department": str(world.lundebjerg.pk), "year": "2024", "vacancies": "6"}
    assert client_for(world.users["almenbo_staff"]).post(url, body).status_code == 403
    assert client_for(world.users["caseworker_kbh"]).post(url, body).status_code == 404
    assert client_for(world.users["caseworker_ballerup"]).post(url, body).status_code == 302
    assert VacancyCount.objects.get(department=world.lundebjerg, year=2024).vacancies == 6
