import pytest

from styringsdialog.meetings.models import ConfigurationChange, YearTheme

URL = "/kommune/151/indstillinger/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("caseworker_ballerup", 200), ("admin", 200), ("almenbo_staff", 403), ("caseworker_kbh", 404)],
)
def test_configuration_page_permissions(world, client_for, persona, status):
    assert client_for(world.users[persona]).get(URL).status_code == status


def test_theme_history_and_stale_version(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    r = c.post(URL, {"action": "theme-add", "styringsaar": "2026", "title": "Tryghed"})
    assert r.status_code == 302
    theme = YearTheme.objects.get(title="Tryghed")
    r = c.post(URL, {"action": "theme-edit", "id": theme.pk, "version": 0, "title": "Tryghed 2"})
    assert r.status_code == 302
    r = c.post(URL, {"action": "theme-edit", "id": theme.pk, "version": 0, "title": "Gammel"})
    assert r.status_code == 409
    assert YearTheme.objects.get(pk=theme.pk).title == "Tryghed 2"
    assert ConfigurationChange.objects.count() == 2
