"""Comments on agreements and ledger rows: API, page and CLI; editing only by the author, with
optimistic locking and the earlier text kept (CommentRevision)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from tests.api.conftest import make_token

from styringsdialog.anvisning import services
from styringsdialog.anvisning.models import AnvisningComment, CommentRevision


def _api(user) -> tuple[Client, dict[str, str]]:
    return Client(), {"Authorization": f"Bearer {make_token(user)}"}


def _run(*args: str) -> str:
    out = StringIO()
    call_command("anvisning", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_api_ledger_comment_list_create_edit_and_conflict(world, anv) -> None:
    c, auth = _api(world.users["almenbo_staff"])
    base = f"/api/v1/anvisning/ledger/{anv.entry.pk}/comments"
    r = c.post(base, {"text": "Klar 1. marts."}, content_type="application/json", headers=auth)
    assert r.status_code == 201 and r.json()["version"] == 0
    cid = r.json()["id"]
    r = c.patch(
        f"{base}/{cid}",
        {"text": "Klar 15. marts.", "version": 0},
        content_type="application/json",
        headers=auth,
    )
    assert r.status_code == 200 and r.json()["version"] == 1 and r.json()["revisions"] == 1
    assert CommentRevision.objects.get(comment_id=cid).text == "Klar 1. marts."
    stale = c.patch(
        f"{base}/{cid}",
        {"text": "Klar 1. april.", "version": 0},
        content_type="application/json",
        headers=auth,
    )
    assert stale.status_code == 409
    assert AnvisningComment.objects.get(pk=cid).text == "Klar 15. marts."
    listed = c.get(base, headers=auth).json()
    assert [i["text"] for i in listed["items"]] == ["Klar 15. marts."]


def test_api_comment_edit_per_persona(world, anv) -> None:
    comment = services.add_comment(
        entry=anv.entry, text="Vores tekst.", by=world.users["almenbo_staff"]
    )
    body = {"text": "Ændret.", "version": 0}
    url = f"/api/v1/anvisning/ledger/{anv.entry.pk}/comments/{comment.pk}"
    expected = {
        "caseworker_ballerup": 403,  # the kommune does not rewrite the organisation's words
        "admin": 403,
        "caseworker_kbh": 404,
        "other_org_staff": 404,
        "analyst": 404,
        "no_role": 404,
    }
    for persona, status in expected.items():
        c, auth = _api(world.users[persona])
        r = c.patch(url, body, content_type="application/json", headers=auth)
        assert r.status_code == status, persona
    # the comment under another row's id is not found
    other = anv.agreement.pk
    c, auth = _api(world.users["almenbo_staff"])
    r = c.patch(
        f"/api/v1/anvisning/agreements/{other}/comments/{comment.pk}",
        body,
        content_type="application/json",
        headers=auth,
    )
    assert r.status_code == 404
    assert AnvisningComment.objects.get(pk=comment.pk).text == "Vores tekst."


def test_the_caseworker_edits_their_own_comment_on_an_agreement(world, anv) -> None:
    torben = world.users["caseworker_ballerup"]
    comment = services.add_comment(agreement=anv.agreement, text="Trin 2.", by=torben)
    c, auth = _api(torben)
    r = c.patch(
        f"/api/v1/anvisning/agreements/{anv.agreement.pk}/comments/{comment.pk}",
        {"text": "Trin 3.", "version": 0},
        content_type="application/json",
        headers=auth,
    )
    assert r.status_code == 200 and r.json()["text"] == "Trin 3."


def test_page_edit_by_author_keeps_history_and_refuses_others(world, anv) -> None:
    claus = world.users["almenbo_staff"]
    comment = services.add_comment(entry=anv.entry, text="Første tekst.", by=claus)
    url = reverse("anvisning:entry_comment_edit", args=[anv.entry.pk, comment.pk])
    c = Client()
    c.force_login(claus)
    page = c.get(reverse("anvisning:entry", args=[anv.entry.pk]))
    assert url in page.content.decode() and "Ret din kommentar" in page.content.decode()
    r = c.post(url, {"text": "Anden tekst.", "version": 0})
    assert r.status_code == 302
    comment.refresh_from_db()
    assert (comment.text, comment.version) == ("Anden tekst.", 1)
    text = c.get(reverse("anvisning:entry", args=[anv.entry.pk])).content.decode()
    assert "Første tekst." in text and "Tidligere tekst" in text
    r = c.post(url, {"text": "Tredje.", "version": 0}, follow=True)
    assert "ændret af en anden" in r.content.decode()
    comment.refresh_from_db()
    assert comment.text == "Anden tekst."
    for persona, status in (("caseworker_ballerup", 403), ("caseworker_kbh", 404)):
        other = Client()
        other.force_login(world.users[persona])
        assert other.post(url, {"text": "x", "version": 1}).status_code == status, persona
        if status == 403:
            body = other.get(reverse("anvisning:entry", args=[anv.entry.pk])).content.decode()
            assert url not in body


def test_page_edit_needs_csrf(world, anv) -> None:
    claus = world.users["almenbo_staff"]
    comment = services.add_comment(agreement=anv.agreement, text="Tekst.", by=claus)
    c = Client(enforce_csrf_checks=True)
    c.force_login(claus)
    url = reverse("anvisning:agreement_comment_edit", args=[anv.agreement.pk, comment.pk])
    assert c.post(url, {"text": "Ny.", "version": 0}).status_code == 403


def test_cli_comment_add_list_edit(world, anv) -> None:
    out = _run("comment", "--entry", str(anv.entry.pk), "--text", "Klar.", "--as", "claus")
    assert "er gemt" in out
    cid = AnvisningComment.objects.get().pk
    rows = json.loads(_run("comment", "--entry", str(anv.entry.pk), "--json", "--as", "torben"))
    assert rows[0]["text"] == "Klar." and rows[0]["author"]
    out = _run(
        "comment", "--entry", str(anv.entry.pk), "--edit", str(cid), "--version", "0",
        "--text", "Klar nu.", "--as", "claus",
    )  # fmt: skip
    assert "rettet (version 1)" in out
    with pytest.raises(CommandError, match="ændret af en anden"):
        _run(
            "comment", "--entry", str(anv.entry.pk), "--edit", str(cid), "--version", "0",
            "--text", "Igen.", "--as", "claus",
        )  # fmt: skip
    with pytest.raises(CommandError, match="Kun den, der skrev"):
        _run(
            "comment", "--entry", str(anv.entry.pk), "--edit", str(cid), "--version", "1",
            "--text", "Igen.", "--as", "torben",
        )  # fmt: skip
    with pytest.raises(CommandError, match="version"):
        _run("comment", "--entry", str(anv.entry.pk), "--edit", str(cid), "--as", "claus")
    with pytest.raises(CommandError):
        _run("comment", "--agreement", "abc", "--as", "claus")
