"""Idempotency-Key: a retried write is answered from the first answer and done once."""

from __future__ import annotations

import pytest
from django.test import Client

from styringsdialog.meetings.models import AgreementEvent

from .conftest import make_token

pytestmark = pytest.mark.django_db


def _status(client: Client, token: str, agreement_id: int, body: dict, key: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(
        f"/api/v1/agreements/{agreement_id}/status",
        body,
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def torben(world):
    return make_token(world.users["caseworker_ballerup"])


def test_a_retry_with_the_same_key_replays_the_answer_and_changes_nothing(client, api_data, torben):
    body = {"status": "i_gang", "note": "Vi er i gang."}
    first = _status(client, torben, api_data.agreement.pk, body, key="k-1")
    assert first.status_code == 200
    events = AgreementEvent.objects.count()
    again = _status(client, torben, api_data.agreement.pk, body, key="k-1")
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert AgreementEvent.objects.count() == events


def test_the_same_key_for_another_request_is_422(client, api_data, torben):
    _status(client, torben, api_data.agreement.pk, {"status": "i_gang"}, key="k-2")
    other = _status(client, torben, api_data.agreement.pk, {"status": "opfyldt"}, key="k-2")
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"


def test_another_caller_with_the_same_key_is_not_answered_from_the_first(
    client, world, api_data, torben
):
    _status(client, torben, api_data.agreement.pk, {"status": "i_gang"}, key="k-3")
    karin = make_token(world.users["caseworker_kbh"])
    answer = _status(client, karin, api_data.agreement.pk, {"status": "i_gang"}, key="k-3")
    assert answer.status_code == 404  # her own answer: the agreement is not hers
    assert "Idempotent-Replayed" not in answer


@pytest.mark.parametrize("key", ["", "x" * 201, "æøå", "a\tb"])
def test_a_malformed_key_is_422_in_the_error_shape(client, api_data, torben, key):
    answer = _status(client, torben, api_data.agreement.pk, {"status": "i_gang"}, key=key)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_idempotency_key"


def test_a_refused_token_is_not_kept(client, api_data, torben):
    bad = _status(client, "forkert", api_data.agreement.pk, {"status": "i_gang"}, key="k-4")
    assert bad.status_code == 401
    good = _status(client, torben, api_data.agreement.pk, {"status": "i_gang"}, key="k-4")
    assert good.status_code == 200 and "Idempotent-Replayed" not in good


def test_without_the_header_a_repeated_request_is_done_again(client, api_data, torben):
    body = {"status": "i_gang", "note": "Vi er i gang."}
    assert _status(client, torben, api_data.agreement.pk, body).status_code == 200
    events = AgreementEvent.objects.count()
    again = _status(client, torben, api_data.agreement.pk, body)
    assert "Idempotent-Replayed" not in again
    assert again.status_code != 200 or AgreementEvent.objects.count() > events
