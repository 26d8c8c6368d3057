"""Every persona's landing page and two main pages at 1366 px and 390 px: no sideways scroll,
and axe-core (node_modules/axe-core, a pinned dev dependency) reports no violations.

axe-core is injected into each page by Playwright (the context bypasses the site's
Content-Security-Policy for that script only; the pages are unchanged).
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1366, 390)
# WCAG 2.1 A and AA, as in STYLE.md
AXE_RUN = "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"

PAGES = {
    None: ["/", "/offentlig/", "/offentlig/kommune/151/"],
    "caseworker_ballerup": ["/", "/kommune/151/", "{meeting}"],
    "caseworker_kbh": ["/", "/kommune/101/", "/organisation/0101/"],
    "almenbo_staff": ["/", "/organisation/0151/", "/organisation/0151/afdeling/003/"],
    "other_org_staff": ["/", "/organisation/0101/", "/organisation/0101/afdeling/001/"],
    "analyst": ["/", "/kommune/151/", "/kommune/151/effektivitet/"],
    "admin": ["/", "/kommune/101/", "{meeting}"],
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


@pytest.fixture
def axe_page(browser):
    if not AXE.exists():
        pytest.skip("axe-core mangler (make assets installerer det)")
    context = browser.new_context(locale="da-DK", bypass_csp=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("test-password-123")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state("networkidle")


def _check(page, url: str) -> list[str]:
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
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(AXE_RUN)
        for v in result["violations"]:
            nodes = "; ".join(n["target"][0] for n in v["nodes"][:3])
            problems.append(f"{url} @ {width}px: axe {v['id']} ({v['impact']}): {nodes}")
    return problems


@pytest.mark.parametrize("persona", list(PAGES), ids=lambda p: p or "public")
def test_pages_fit_and_pass_axe(persona, world, meeting, axe_page, live_server):
    base = live_server.url
    if persona is not None:
        _login(axe_page, base, world.users[persona].username)
    problems: list[str] = []
    for path in PAGES[persona]:
        problems += _check(axe_page, base + path.format(meeting=f"/moeder/{meeting.pk}/"))
    assert not problems, "\n".join(problems)
