"""Playwright in Debian's Chromium (/usr/bin/chromium) against Django's live server.

Skips with a clear reason when Chromium or Playwright is missing; in CI (CI=true) that is an
error instead, because the browser tests must run there.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

CHROMIUM = os.environ.get("STYRINGSDIALOG_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _missing() -> str | None:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        return f"Chromium findes ikke på {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright er ikke installeret (pip install playwright)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing()
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if reason:
                if os.environ.get("CI"):
                    item.add_marker(
                        pytest.mark.xfail(
                            reason=f"CI kræver Chromium: {reason}", strict=True, run=False
                        )
                    )
                else:
                    item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def browser(_allow_sync_orm_beside_playwright: None) -> Iterator[object]:
    """One Chromium per test module: when the module ends Playwright's event loop stops, so
    the tests that run after the browser tests see a thread without a running loop."""
    from playwright.sync_api import sync_playwright

    args = list(ARGS)
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def login(page, live_server):
    """login(username) logs in through the real form (password of the conftest users)."""

    def _login(username: str, password: str = "test-password-123") -> None:
        page.goto(f"{live_server.url}/log-ind/")
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(password)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_load_state("networkidle")

    return _login


@pytest.fixture(scope="session")
def screenshots_dir() -> str:
    return tempfile.mkdtemp(prefix="styringsdialog-shots-")


@pytest.fixture(scope="module", autouse=True)
def _allow_sync_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread, so Django's ORM calls in the
    tests need DJANGO_ALLOW_ASYNC_UNSAFE — set only while a browser test runs, so it never
    leaks into other tests (``check --deploy`` refuses it) or their subprocesses."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# axe-core (WCAG 2.1 A/AA, STYLE.md): one mechanism for every browser test, the pinned npm dev
# dependency in package.json (ADR 0011), installed by `make assets` (`npm install`).
AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_page(browser) -> Iterator[object]:
    """A page whose context bypasses the Content-Security-Policy, only so that the test can
    inject axe-core's script; the pages themselves are unchanged."""
    if not os.path.exists(AXE):
        message = "axe-core mangler i node_modules (make assets installerer det)"
        if os.environ.get("CI"):
            pytest.fail(f"CI kræver axe-core: {message}")
        pytest.skip(message)
    context = browser.new_context(
        locale="da-DK", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def axe_violations():
    """axe_violations(page) runs axe-core on the page as it is now and returns one line per
    violation (rule, impact, the first three targets); [] means none."""

    def _run(page) -> list[str]:
        page.add_script_tag(path=AXE)
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
        return [
            f"axe {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(str(n["target"][0]) for n in v["nodes"][:3])
            for v in result["violations"]
        ]

    return _run
