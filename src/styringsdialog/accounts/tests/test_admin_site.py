"""Django admin: superusers only (others who are logged in get 404), Danish header."""

from __future__ import annotations

from styringsdialog.testing import make_user


def test_superuser_reaches_admin_with_danish_header(world, client_for):
    response = client_for(world.users["admin"]).get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Styringsdialog – administration" in page
    assert "Django administration" not in page


def test_staff_without_superuser_gets_404(world, client_for):
    staff = make_user("stine")
    staff.is_staff = True
    staff.save()
    client = client_for(staff)
    for path in ("/admin/", "/admin/login/", "/admin/accounts/user/"):
        assert client.get(path).status_code == 404, path


def test_caseworker_gets_404_and_anonymous_the_login(world, client_for):
    assert client_for(world.users["caseworker_ballerup"]).get("/admin/").status_code == 404
    response = client_for(None).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_model_labels_in_admin_are_danish(world, client_for):
    page = client_for(world.users["admin"]).get("/admin/").content.decode()
    for english in ("Users", "Memberships", "Question catalogues", "Api tokens"):
        assert english not in page, english


def test_api_token_page_labels_are_danish(world, client_for):
    from styringsdialog.accounts.models import ApiToken

    ApiToken.objects.create(user=world.users["admin"], name="integration", key_hash="x" * 64)
    page = client_for(world.users["admin"]).get("/admin/accounts/apitoken/").content.decode()
    for danish in ("Navn", "Bruger", "Oprettet", "Senest brugt"):
        assert danish in page, danish
    for english in ("Created at", "Last used at", "Key hash"):
        assert english not in page, english


def test_no_field_in_our_apps_has_an_english_default_label():
    """Every field of our models has a Danish ``verbose_name`` (the default is the English
    field name with spaces, which admin would show)."""
    from django.apps import apps

    allowed = {"version", "status", "kommune", "region", "position", "effektivitetstal"}
    allowed |= {"konto", "note", "norm", "referat", "administrator"}
    english = [
        f"{model.__name__}.{f.name}"
        for app in apps.get_app_configs()
        if app.name.startswith("styringsdialog.")
        for model in app.get_models()
        for f in model._meta.get_fields()
        if hasattr(f, "verbose_name")
        and not f.auto_created
        and f.name not in allowed
        and f.verbose_name == f.name.replace("_", " ")
    ]
    assert english == []
