"""The kommune overview caches its content (registry.queries.overview): a package's status
change shows in the documentation-package panel on the next request."""

from __future__ import annotations

from django.urls import reverse

from styringsdialog.intake import services

URL = reverse("registry:kommune", args=["151"])


def test_a_submitted_package_shows_in_the_cached_overview_at_once(
    complete_package, world, client_for
):
    c = client_for(world.users["caseworker_ballerup"])
    assert "<strong>0</strong> af 1 boligorganisationer har indsendt" in c.get(URL).content.decode()
    services.submit_package(package=complete_package, by=None)
    assert "<strong>1</strong> af 1 boligorganisationer har indsendt" in c.get(URL).content.decode()


def test_a_new_package_shows_at_once(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    before = c.get(URL).content.decode()
    services.create_package(organisation=world.almenbo, styringsaar=2025, by=None)
    after = c.get(URL).content.decode()
    assert before != after and "Dokumentationspakker 2025" in after
