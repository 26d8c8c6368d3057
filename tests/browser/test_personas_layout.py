"""Every persona's landing page, two main pages and the pages of anvisning, byggesager, brugere og
roller, revisionslog and tilgængelighedserklæring the persona can open, at 1366 px and 390 px: no sideways scroll,
and axe-core (node_modules/axe-core, a pinned dev dependency, ADR 0011) reports no violations.

axe-core runs through the ``axe_page`` and ``axe_violations`` fixtures in
tests/browser/conftest.py (the context bypasses the site's Content-Security-Policy for that
script only; the pages are unchanged).
"""

from __future__ import annotations

from datetime import date, time

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1366, 390)

PAGES = {
    None: ["/", "/offentlig/", "/offentlig/kommune/151/", "/tilgaengelighed/"],
    "caseworker_ballerup": [
        "/",
        "/kommune/151/",
        "{meeting}",
        "/kommune/151/anvisning/",
        "/kommune/151/byggesager/",
        "/kommune/151/brugere/",
    ],
    "caseworker_kbh": [
        "/",
        "/kommune/101/",
        "/organisation/0101/",
        "/kommune/101/anvisning/",
        "/kommune/101/byggesager/",
        "/kommune/101/brugere/",
    ],
    "almenbo_staff": [
        "/",
        "/organisation/0151/",
        "/organisation/0151/afdeling/003/",
        "/organisation/0151/anvisning/",
        "/kommune/151/byggesager/",
    ],
    "other_org_staff": [
        "/",
        "/organisation/0101/",
        "/organisation/0101/afdeling/001/",
        "/organisation/0101/anvisning/",
        "/kommune/101/byggesager/",
    ],
    "analyst": ["/", "/kommune/151/", "/kommune/151/effektivitet/", "/tilgaengelighed/"],
    # the audit log last, so that it lists the views of the pages before it
    "admin": [
        "/",
        "/kommune/101/",
        "{meeting}",
        "/kommune/101/anvisning/",
        "/kommune/101/byggesager/",
        "/kommune/101/brugere/",
        "/revisionslog/",
    ],
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def meeting(world):
    from styringsdialog.meetings import services

    m = services.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2025,
        date=date(2025, 5, 27),
        start_time=time(10, 0),
        place="Ballerup Rådhus, mødelokale 2 i den gamle byrådssal",
        by=world.users["caseworker_ballerup"],
    )
    services.write_minutes(
        item=m.items.get(key="velkomst"),
        text="Torben bød velkommen. Organisationsbestyrelsesformandens-e-mail: "
        "formand.for.organisationsbestyrelsen@almenbo-eksempel.invalid",
    )
    return m


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("test-password-123")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state("networkidle")


def _check(page, axe_violations, url: str) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, width)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
            )
            problems.append(f"{url} @ {width}px: scrolls {overflow}px sideways ({wide})")
        problems += [f"{url} @ {width}px: {line}" for line in axe_violations(page)]
    return problems


@pytest.mark.parametrize("persona", list(PAGES), ids=lambda p: p or "public")
def test_pages_fit_and_pass_axe(persona, world, meeting, axe_page, axe_violations, live_server):
    base = live_server.url
    if persona is not None:
        _login(axe_page, base, world.users[persona].username)
    problems: list[str] = []
    for path in PAGES[persona]:
        problems += _check(
            axe_page, axe_violations, base + path.format(meeting=f"/moeder/{meeting.pk}/")
        )
    assert not problems, "\n".join(problems)
