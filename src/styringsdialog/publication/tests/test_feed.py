"""The Atom feed per kommune: valid Atom, one entry per published version, nothing else."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from styringsdialog.publication.services import publish_correction
from styringsdialog.publication.tests.conftest import reapprove

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, code: str = "151") -> ET.Element:
    response = client.get(f"/offentlig/kommune/{code}/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def _child(element: ET.Element, path: str) -> ET.Element:
    found = element.find(path)
    assert found is not None, path
    return found


def _text(element: ET.Element, path: str) -> str:
    text = _child(element, path).text
    assert text is not None, path
    return text


def _href(element: ET.Element, path: str) -> str:
    href = _child(element, path).get("href")
    assert href is not None, path
    return href


def test_the_feed_is_valid_atom_with_one_entry_per_version(
    client, seed_meeting, publish, caseworker
):
    publish(seed_meeting)
    reapprove(seed_meeting, caseworker)
    publish_correction(
        meeting=seed_meeting, by=caseworker, change_note="Dato for beboermøde rettet."
    )
    root = _feed(client)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    assert _text(root, f"{ATOM}title") == "Referater fra styringsdialogen – Ballerup Kommune"
    assert _href(root, f"{ATOM}link[@rel='self']").endswith("/offentlig/kommune/151/feed/")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    ids = set()
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        ids.add(_child(entry, f"{ATOM}id").text)
    assert len(ids) == 2
    newest = entries[0]
    assert _text(newest, f"{ATOM}title").endswith("(rettelse, version 2)")
    assert _href(newest, f"{ATOM}link").endswith("/offentlig/referat/151/almenbo-2021-05-27/v2/")
    assert "Dato for beboermøde rettet." in _text(newest, f"{ATOM}summary")
    assert "1. Covid-19" in _text(entries[1], f"{ATOM}summary")


def test_a_kommune_without_referater_has_an_empty_valid_feed(client, world, seed_meeting, publish):
    publish(seed_meeting)
    root = _feed(client, "101")
    assert root.findall(f"{ATOM}entry") == []


def test_an_unknown_kommune_has_no_feed(client, world):
    assert client.get("/offentlig/kommune/999/feed/").status_code == 404


def test_pages_advertise_the_feed(client, seed_meeting, publish):
    version = publish(seed_meeting)
    for url in ("/offentlig/kommune/151/", version.referat.get_absolute_url()):
        assert 'type="application/atom+xml"' in client.get(url).content.decode()
