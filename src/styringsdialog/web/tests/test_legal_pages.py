"""The accessibility statement, the privacy policy and the user guides: public, linked from
every page's footer, configurable per installation; guides rendered safely."""

from __future__ import annotations

import pytest

from styringsdialog.web.guides import all_guides

pytestmark = pytest.mark.django_db


def test_accessibility_statement_has_the_required_parts(client, settings) -> None:
    settings.LEGAL_ORGANISATION = "Ballerup Kommune"
    settings.LEGAL_CONTACT_EMAIL = "web@balk.dk"
    settings.LEGAL_CONTACT_PHONE = "44 77 20 00"
    settings.ACCESSIBILITY_REVIEWED = "2026-11-30"
    text = client.get("/tilgaengelighed/").content.decode()
    for part in (
        "Tilgængelighedserklæring for Styringsdialog",
        "Ballerup Kommune forpligter sig",
        "Overholdelsesstatus",
        "Ikke-tilgængeligt indhold",
        "Uforholdsmæssig stor byrde",
        "Udarbejdelse af tilgængelighedserklæringen",
        "Håndhævelsesprocedure",
        "https://digst.dk/digital-inklusion/webtilgaengelighed/",
        "mailto:web@balk.dk",
        "44 77 20 00",
        "30. november 2026",
    ):
        assert part in text, part


def test_privacy_policy_names_controller_dpo_and_retention(client, settings) -> None:
    settings.LEGAL_ORGANISATION = "Ballerup Kommune"
    settings.LEGAL_DPO_EMAIL = "dpo@balk.dk"
    settings.AUDIT_RETENTION_DAYS = 1234
    text = client.get("/privatliv/").content.decode()
    assert "Ballerup Kommune er dataansvarlig" in text
    assert "mailto:dpo@balk.dk" in text
    assert "Poster i revisionsloggen slettet" in text and "1.234" in text
    assert "Datatilsynet" in text


@pytest.mark.parametrize("path", ["/", "/offentlig/", "/tilgaengelighed/", "/vejledninger/"])
def test_footer_links_the_legal_pages(client, path) -> None:
    text = client.get(path).content.decode()
    for href in ('href="/tilgaengelighed/"', 'href="/privatliv/"', 'href="/vejledninger/"'):
        assert href in text


def test_guides_index_and_pages_render(client) -> None:
    guides = all_guides()
    assert {g.slug for g in guides} >= {"moeder", "dokumentationspakke", "offentliggoerelse"}
    index = client.get("/vejledninger/").content.decode()
    for g in guides:
        assert f'href="/vejledninger/{g.slug}/"' in index
        page = client.get(f"/vejledninger/{g.slug}/")
        assert page.status_code == 200
        assert f"<h1>{g.title}</h1>" in page.content.decode()
    assert client.get("/vejledninger/findes-ikke/").status_code == 404


def test_guide_html_is_escaped(tmp_path, settings, client) -> None:
    settings.USER_GUIDES_DIR = tmp_path
    (tmp_path / "test.md").write_text(
        "# Prøve\n\nTekst <script>alert(1)</script> og [link](javascript:alert(1)) og "
        "[andre](moeder.md#x).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        encoding="utf-8",
    )
    html = client.get("/vejledninger/test/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert 'href="/vejledninger/moeder/#x"' in html
    assert "<table>" in html
