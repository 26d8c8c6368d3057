"""Password reset by e-mail, end to end: the link on the login page, the request (which never
tells whether an address exists), the e-mail (sent by a background job; locmem outbox), the
new password and the used link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from styringsdialog.jobs.models import Job

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
DONE = reverse("accounts:password_reset_done")


@pytest.fixture
def torben(world, settings):
    settings.EMAIL_BACKEND = (
        "styringsdialog.jobs.mail.QueuedEmailBackend"  # mail goes through a job
    )
    settings.PUBLIC_BASE_URL = "https://styringsdialog.example.dk"
    user = world.users["caseworker_ballerup"]
    user.email = "torben@ballerup.dk"
    user.save()
    return user


def reset_link() -> str:
    (message,) = mail.outbox
    found = re.search(r"https://styringsdialog\.example\.dk(/\S+)", str(message.body))
    assert found is not None, message.body
    return found.group(1)


def without_csrf(html: bytes) -> str:
    """The page with its CSRF token (different on every response) blanked out."""
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html.decode())


def test_the_login_page_links_to_the_reset_form(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'<a href="{RESET}">Glemt adgangskode?</a>' in html


def test_a_user_resets_the_password_by_e_mail(torben, client):
    response = client.post(RESET, {"email": "Torben@Ballerup.dk"})
    assert response.status_code == 302 and response["Location"] == DONE
    assert "Hvis adressen hører til en bruger" in client.get(DONE).content.decode()
    job = Job.objects.get()
    assert (job.kind, job.status, job.started_by) == ("email", Job.Status.DONE, None)
    (message,) = mail.outbox
    assert message.to == ["torben@ballerup.dk"]
    assert message.subject == "Nulstil din adgangskode til Styringsdialog"
    assert 'din bruger "torben"' in message.body and "Linket virker i 24 timer" in message.body

    link = reset_link()
    response = client.get(link)  # Django moves the token into the session, then redirects
    assert response.status_code == 302
    form_url = response["Location"]
    assert "Vælg ny adgangskode" in client.get(form_url).content.decode()
    response = client.post(
        form_url, {"new_password1": "Ny-adgangskode-2026", "new_password2": "Ny-adgangskode-2026"}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    torben.refresh_from_db()
    assert torben.check_password("Ny-adgangskode-2026")
    assert "Din nye adgangskode er gemt" in client.get(response["Location"]).content.decode()

    used = Client().get(link, follow=True).content.decode()
    assert "Linket virker ikke" in used


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(torben, client):
    known = client.post(RESET, {"email": "torben@ballerup.dk"}, follow=True)
    mail.outbox.clear()
    unknown = client.post(RESET, {"email": "ingen@ballerup.dk"}, follow=True)
    assert unknown.redirect_chain == known.redirect_chain == [(DONE, 302)]
    assert without_csrf(unknown.content) == without_csrf(known.content)
    assert mail.outbox == []


def test_mismatched_passwords_are_refused_in_danish(torben, client):
    client.post(RESET, {"email": "torben@ballerup.dk"})
    form_url = client.get(reset_link())["Location"]
    response = client.post(
        form_url, {"new_password1": "Ny-adgangskode-2026", "new_password2": "Noget-andet-2026"}
    )
    assert response.status_code == 200
    assert "De to adgangskoder er ikke ens." in response.content.decode()
    torben.refresh_from_db()
    assert torben.check_password("test-password-123")


def test_a_malformed_address_is_refused_in_danish(torben, client):
    response = client.post(RESET, {"email": "torben"})
    assert response.status_code == 200
    assert "Skriv en gyldig e-mailadresse" in response.content.decode()
    assert mail.outbox == [] and not Job.objects.exists()


def test_a_tampered_link_is_refused(torben, client):
    client.post(RESET, {"email": "torben@ballerup.dk"})
    link = reset_link()
    response = client.get(link[:-3] + "xyz/", follow=True)
    assert "Linket virker ikke" in response.content.decode()
    assert f'href="{RESET}"' in response.content.decode()


def test_the_reset_request_needs_the_csrf_token(torben):
    client = Client(enforce_csrf_checks=True)
    assert client.post(RESET, {"email": "torben@ballerup.dk"}).status_code == 403
    assert mail.outbox == []
