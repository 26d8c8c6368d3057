"""Configuration: the kommune's year themes, meeting types and agenda templates
(meetings.api.configuration) and the national settings (benchmarking.api_configuration,
intake.api_configuration)."""

from __future__ import annotations

from typing import Any

from styringsdialog.meetings.services import configuration as config
from tests.api.operations import Ctx, Op

OWNER, OUTSIDER, READER = "caseworker_ballerup", "caseworker_kbh", "analyst"
BASE = "/api/v1/kommuner/{code}"


def _kommune(c: Ctx) -> Any:
    from styringsdialog.registry.models import Kommune

    return Kommune.objects.get(code="151")


def _code(c: Ctx) -> dict[str, Any]:
    return {"code": "151"}


def _theme(c: Ctx) -> None:
    c.extra["theme"] = config.create_year_theme(
        kommune=_kommune(c), styringsaar=2025, title="Energi", by=c.user(OWNER)
    )


def _type(c: Ctx) -> None:
    c.extra["type"] = config.create_meeting_type(
        kommune=_kommune(c), name="Temamøde", by=c.user(OWNER)
    )


def _template(c: Ctx) -> None:
    c.extra["template"] = config.create_agenda_template(
        kommune=_kommune(c), name="Kort", items=["Velkomst", "Eventuelt"], by=c.user(OWNER)
    )


def _obj(key: str, name: str, version: bool = False) -> Any:
    def params(c: Ctx) -> dict[str, Any]:
        values = {"code": "151", name: c.extra[key].pk}
        if version:
            values["version"] = c.extra[key].version
        return values

    return params


OPERATIONS: list[Op] = [
    # year themes
    Op("get", f"{BASE}/year-themes", OWNER, OUTSIDER, READER, params=_code, prepare=_theme),
    Op(
        "post",
        f"{BASE}/year-themes",
        OWNER,
        OUTSIDER,
        READER,
        params=_code,
        body=lambda c: {"styringsaar": 2025, "title": "Tilgængelighed"},
        expect=201,
    ),
    Op(
        "get",
        f"{BASE}/year-themes/{{theme_id}}",
        OWNER,
        OUTSIDER,
        READER,
        params=_obj("theme", "theme_id"),
        prepare=_theme,
    ),
    Op(
        "patch",
        f"{BASE}/year-themes/{{theme_id}}",
        OWNER,
        OUTSIDER,
        READER,
        params=_obj("theme", "theme_id"),
        prepare=_theme,
        body=lambda c: {"version": 0, "title": "Energi og klima"},
    ),
    Op(
        "delete",
        f"{BASE}/year-themes/{{theme_id}}",
        OWNER,
        OUTSIDER,
        READER,
        params=_obj("theme", "theme_id", version=True),
        prepare=_theme,
        expect=204,
    ),
    # meeting types
    Op("get", f"{BASE}/meeting-types", OWNER, OUTSIDER, READER, params=_code),
    Op(
        "post",
        f"{BASE}/meeting-types",
        OWNER,
        OUTSIDER,
        READER,
        params=_code,
        body=lambda c: {"name": "Opfølgningsmøde", "is_joint": False},
        expect=201,
    ),
    Op(
        "get",
        f"{BASE}/meeting-types/{{type_id}}",
        OWNER,
        OUTSIDER,
        READER,
        params=_obj("type", "type_id"),
        prepare=_type,
    ),
    Op(
        "patch",
        f"{BASE}/meeting-types/{{type_id}}",
        OWNER,
        OUTSIDER,
        READER,
        params=_obj("type", "type_id"),
        prepare=_type,
        body=lambda c: {"version": 0, "is_joint": True},
    ),
    Op(
        "delete",
        f"{BASE}/meeting-types/{{type_id}}",
        OWNER,
        OUTSIDER,
        READER,
        params=_obj("type", "type_id", version=True),
        prepare=_type,
        expect=204,
    ),
    # agenda templates
    Op("get", f"{BASE}/agenda-templates", OWNER, OUTSIDER, READER, params=_code),
    Op(
        "post",
        f"{BASE}/agenda-templates",
        OWNER,
        OUTSIDER,
        READER,
        params=_code,
        body=lambda c: {"name": "Fællesmøde", "items": ["Velkomst", "Status", "Eventuelt"]},
        expect=201,
    ),
    Op(
        "get",
        f"{BASE}/agenda-templates/{{template_id}}",
        OWNER,
        OUTSIDER,
        READER,
        params=_obj("template", "template_id"),
        prepare=_template,
    ),
    Op(
        "patch",
        f"{BASE}/agenda-templates/{{template_id}}",
        OWNER,
        OUTSIDER,
        READER,
        params=_obj("template", "template_id"),
        prepare=_template,
        body=lambda c: {"version": 0, "items": ["Velkomst", "Økonomi", "Eventuelt"]},
    ),
    Op(
        "delete",
        f"{BASE}/agenda-templates/{{template_id}}",
        OWNER,
        OUTSIDER,
        READER,
        params=_obj("template", "template_id", version=True),
        prepare=_template,
        expect=204,
    ),
    Op(
        "get",
        f"{BASE}/configuration-history",
        OWNER,
        OUTSIDER,
        READER,
        params=_code,
        prepare=_theme,
    ),
]


# --- national settings: administrators only ------------------------------------------------

ADMIN, CASEWORKER = "admin", "caseworker_ballerup"
NATIONAL = "national settings are not scoped: everyone but administrators gets 403"


def _draft(c: Ctx) -> None:
    from datetime import date

    from styringsdialog.intake.models import Question, QuestionCatalogue

    catalogue = QuestionCatalogue.objects.create(version="kladde-1", valid_from=date(2030, 1, 1))
    c.extra["catalogue"] = catalogue
    c.extra["question"] = Question.objects.create(
        catalogue=catalogue, code="X1", theme="oekonomi", text="Gammel tekst", answer_type="tekst"
    )


def _chart(c: Ctx) -> None:
    from styringsdialog.registry.services import ensure_chart_of_accounts

    c.extra["chart"] = ensure_chart_of_accounts()


OPERATIONS += [
    Op("get", "/api/v1/config/colour-scales", ADMIN, None, CASEWORKER, note=NATIONAL),
    Op(
        "post",
        "/api/v1/config/colour-scales",
        ADMIN,
        None,
        CASEWORKER,
        body=lambda c: {
            "version": "test-2030",
            "valid_from": "2030-01-01",
            "green_from": 85,
            "yellow_from": 65,
            "provenance": "Test",
        },
        expect=201,
        note=NATIONAL,
    ),
    Op("get", "/api/v1/config/catalogues", ADMIN, None, CASEWORKER, note=NATIONAL),
    Op(
        "get",
        "/api/v1/config/catalogues/{catalogue_id}/questions",
        ADMIN,
        None,
        CASEWORKER,
        params=lambda c: {"catalogue_id": c.extra["catalogue"].pk},
        prepare=_draft,
        note=NATIONAL,
    ),
    Op(
        "post",
        "/api/v1/config/catalogues/{catalogue_id}/activate",
        ADMIN,
        None,
        CASEWORKER,
        params=lambda c: {"catalogue_id": c.extra["catalogue"].pk},
        prepare=_draft,
        body=lambda c: {"styringsaar": 2030},
        note=NATIONAL,
    ),
    Op(
        "patch",
        "/api/v1/config/catalogues/{catalogue_id}/questions/{question_id}",
        ADMIN,
        None,
        CASEWORKER,
        params=lambda c: {
            "catalogue_id": c.extra["catalogue"].pk,
            "question_id": c.extra["question"].pk,
        },
        prepare=_draft,
        body=lambda c: {"text": "Ny tekst", "version": 0},
        note=NATIONAL,
    ),
    Op("get", "/api/v1/config/kontoplan", ADMIN, None, CASEWORKER, prepare=_chart, note=NATIONAL),
    Op(
        "post",
        "/api/v1/config/kontoplan/{chart_id}/activate",
        ADMIN,
        None,
        CASEWORKER,
        params=lambda c: {"chart_id": c.extra["chart"].pk},
        prepare=_chart,
        note=NATIONAL,
    ),
    Op("get", "/api/v1/config/history", ADMIN, None, CASEWORKER, note=NATIONAL),
]
