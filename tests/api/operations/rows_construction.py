"""Construction cases (byggesager, C15): cases, milestones, events, links, checks, history,
guarantees and the maksimumbeløb rate table (construction.api)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from styringsdialog.construction import services
from tests.api.operations import Ctx, Op

OWNER, OUTSIDER, READER = "caseworker_ballerup", "caseworker_kbh", "almenbo_staff"


def _case(c: Ctx) -> None:
    c.extra["case"] = services.open_construction_case(
        kommune=c.world.ballerup,
        organisation=c.world.almenbo,
        department=c.world.lundebjerg,
        kind="nybyggeri",
        title="Nye boliger i Lundebjerg",
        dwellings=60,
        area_m2=Decimal(5400),
        opened_on=date(2018, 1, 15),
        by=None,
    )


def _with_a(c: Ctx) -> None:
    _case(c)
    services.record_milestone(
        case=c.extra["case"],
        kind="skema_a",
        date=date(2018, 3, 1),
        anskaffelsessum=100_000_000,
        by=None,
    )


def _with_defect(c: Ctx) -> None:
    _case(c)
    c.extra["event"] = services.add_event(
        case=c.extra["case"], kind="mangel", date=date(2020, 9, 1), text="Kogeplader", by=None
    )


def _rate(c: Ctx) -> None:
    c.extra["rate"] = services.save_rate(
        by=None, year=2030, housing_type="aeldre", per_m2=30_000, source="test"
    )


PDF = b"%PDF-1.7\n%%EOF\n"


def _with_document(c: Ctx) -> None:
    _case(c)
    c.extra["document"] = services.add_document(
        case=c.extra["case"],
        upload=SimpleUploadedFile("skema-a.pdf", PDF, content_type="application/pdf"),
        by=None,
    )


def _linked(c: Ctx) -> None:
    _case(c)
    services.link(case=c.extra["case"], by=None, case_ids=[c.data.case.pk])


def _id(c: Ctx) -> dict[str, Any]:
    return {"case_id": c.extra["case"].pk}


OPERATIONS: list[Op] = [
    Op(
        "get",
        "/api/v1/construction/cases",
        OWNER,
        None,
        prepare=_case,
        note="scope-filtered list: outsiders get an empty page",
    ),
    Op(
        "post",
        "/api/v1/construction/cases",
        OWNER,
        OUTSIDER,
        READER,
        body=lambda c: {
            "kommune": "151",
            "organisation": "0151",
            "new_department_name": "Lundebjerg II",
            "kind": "nybyggeri",
            "title": "Ny etape i Lundebjerg",
            "dwellings": 24,
            "area_m2": 2000,
        },
        expect=201,
    ),
    Op("get", "/api/v1/construction/cases/{case_id}", OWNER, OUTSIDER, prepare=_case, params=_id),
    Op(
        "patch",
        "/api/v1/construction/cases/{case_id}",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_case,
        params=_id,
        body=lambda c: {"version": 0, "dwellings": 62},
    ),
    Op(
        "post",
        "/api/v1/construction/cases/{case_id}/milestones",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_with_a,
        params=_id,
        body=lambda c: {"kind": "skema_b", "date": "2019-01-10", "anskaffelsessum": 101000000},
        expect=201,
    ),
    Op(
        "post",
        "/api/v1/construction/cases/{case_id}/events",
        OWNER,
        OUTSIDER,
        prepare=_case,
        params=_id,
        body=lambda c: {
            "kind": "klage",
            "date": "2021-05-01",
            "text": "Utilfredshed med malerarbejdet",
        },
        expect=201,
        note="organisation staff may add events too, so there is no read-only persona",
    ),
    Op(
        "patch",
        "/api/v1/construction/cases/{case_id}/events/{event_id}",
        OWNER,
        OUTSIDER,
        prepare=_with_defect,
        params=lambda c: {"case_id": c.extra["case"].pk, "event_id": c.extra["event"].pk},
        body=lambda c: {"version": 0, "status": "udbedret"},
        note="organisation staff may update events too",
    ),
    Op(
        "post",
        "/api/v1/construction/cases/{case_id}/links",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_case,
        params=_id,
        body=lambda c: {"case_ids": [c.data.case.pk]},
    ),
    Op(
        "post",
        "/api/v1/construction/cases/{case_id}/close",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_case,
        params=_id,
        body=lambda c: {"note": "Afsluttet"},
    ),
    Op(
        "get",
        "/api/v1/construction/cases/{case_id}/checks",
        OWNER,
        OUTSIDER,
        prepare=_with_a,
        params=_id,
    ),
    Op(
        "get",
        "/api/v1/construction/cases/{case_id}/history",
        OWNER,
        OUTSIDER,
        prepare=_case,
        params=_id,
    ),
    Op(
        "get",
        "/api/v1/construction/guarantees/{code}",
        OWNER,
        OUTSIDER,
        params=lambda c: {"code": "151"},
    ),
    Op(
        "get",
        "/api/v1/construction/rates",
        OWNER,
        "analyst",
        note="analysts see no construction pages",
    ),
    Op(
        "post",
        "/api/v1/construction/rates",
        "admin",
        "analyst",
        OWNER,
        body=lambda c: {
            "year": 2031,
            "housing_type": "aeldre",
            "per_m2": 31000,
            "source": "test",
        },
        expect=201,
    ),
    Op(
        "patch",
        "/api/v1/construction/rates/{rate_id}",
        "admin",
        "analyst",
        OWNER,
        prepare=_rate,
        params=lambda c: {"rate_id": c.extra["rate"].pk},
        body=lambda c: {"version": 0, "per_m2": 30500},
    ),
    Op("get", "/api/v1/construction/rate-history", OWNER, "analyst", prepare=_rate),
    # w3: links removed
    Op(
        "post",
        "/api/v1/construction/cases/{case_id}/links/remove",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_linked,
        params=_id,
        body=lambda c: {"case_ids": [c.data.case.pk]},
    ),
    # w3: documents
    Op(
        "get",
        "/api/v1/construction/cases/{case_id}/documents",
        OWNER,
        OUTSIDER,
        prepare=_with_document,
        params=_id,
        note="everyone who sees the case reads its documents",
    ),
    Op(
        "post",
        "/api/v1/construction/cases/{case_id}/documents",
        OWNER,
        OUTSIDER,
        prepare=_case,
        params=_id,
        files=lambda c: {
            "file": SimpleUploadedFile("foto.pdf", PDF, content_type="application/pdf")
        },
        expect=201,
        note="organisation staff may add documents too, so there is no read-only persona",
    ),
    Op(
        "get",
        "/api/v1/construction/cases/{case_id}/documents/{document_id}",
        OWNER,
        OUTSIDER,
        prepare=_with_document,
        params=lambda c: {"case_id": c.extra["case"].pk, "document_id": c.extra["document"].pk},
        note="everyone who sees the case downloads its documents",
    ),
    Op(
        "delete",
        "/api/v1/construction/cases/{case_id}/documents/{document_id}",
        OWNER,
        OUTSIDER,
        READER,
        prepare=_with_document,
        params=lambda c: {"case_id": c.extra["case"].pk, "document_id": c.extra["document"].pk},
        expect=204,
        note="organisation staff add documents but only the kommune deletes them",
    ),
]
