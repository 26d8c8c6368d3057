"""Package services: creation with deadlines, the status flow (illegal steps refused), attachments."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from styringsdialog.intake import services
from styringsdialog.intake.models import DocumentationPackage, PackageEvent, PackageStatus
from styringsdialog.registry.models import AccountLine

pytestmark = pytest.mark.django_db
S = PackageStatus


def test_a_new_package_gets_the_calendar_period_deadlines_and_catalogue(package):
    assert (package.period_start, package.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert (package.deadline_provisional, package.deadline_formal) == (
        date(2025, 5, 31),
        date(2025, 6, 30),
    )
    assert package.accounting_year == 2024 and package.status == S.CREATED
    assert package.catalogue.version == "2021-eksempel"
    assert list(package.events.values_list("from_status", "to_status")) == [("", S.CREATED)]


def test_an_organisation_with_a_1_april_year_gets_that_period(world):
    services.set_accounting_period(organisation=world.kbhbolig, start_month=4)
    package = services.create_package(organisation=world.kbhbolig, styringsaar=2016)
    assert (package.period_start, package.period_end) == (date(2014, 4, 1), date(2015, 3, 31))
    assert (package.deadline_provisional, package.deadline_formal) == (
        date(2015, 8, 31),
        date(2015, 9, 30),
    )
    assert package.accounting_year == 2015


def test_a_second_package_for_the_same_year_is_refused(package, world):
    with pytest.raises(
        ValidationError,
        match="Der findes allerede en dokumentationspakke for Almenbo for styringsår 2025.",
    ):
        services.create_package(organisation=world.almenbo, styringsaar=2025)


def test_create_missing_packages_creates_only_the_kommunes_missing_ones(package, world):
    from styringsdialog.registry.models import Organisation

    Organisation.objects.create(number="0152", name="Ballerup Nord", home_kommune=world.ballerup)
    assert len(services.create_missing_packages(kommune=world.ballerup, styringsaar=2025)) == 1
    assert services.create_missing_packages(kommune=world.ballerup, styringsaar=2025) == []
    assert set(DocumentationPackage.objects.values_list("organisation__number", flat=True)) == {
        "0151",
        "0152",
    }


def test_the_full_status_flow_keeps_a_history(complete_package, world):
    staff, caseworker = world.users["almenbo_staff"], world.users["caseworker_ballerup"]
    services.submit_package(package=complete_package, by=staff)
    services.mark_reviewed(
        package=complete_package, by=caseworker, note="Regnskabet er gennemgået."
    )
    done = services.mark_meeting_held(
        package=complete_package, by=caseworker, held_on=date(2025, 9, 1)
    )
    assert done.status == S.MEETING_HELD and done.meeting_held_on == date(2025, 9, 1)
    assert done.submitted_at is not None and done.reviewed_at is not None
    events = list(
        PackageEvent.objects.filter(package=complete_package).values_list(
            "from_status", "to_status", "by__username"
        )
    )
    assert events == [
        ("", S.CREATED, "claus"),
        (S.CREATED, S.SUBMITTED, "claus"),
        (S.SUBMITTED, S.REVIEWED, "torben"),
        (S.REVIEWED, S.MEETING_HELD, "torben"),
    ]


@pytest.mark.parametrize(
    ("status", "call", "message"),
    [
        (
            S.CREATED,
            "mark_reviewed",
            "Pakken kan ikke markeres som gennemgået, fordi den har status 'Oprettet' (det kræver status 'Indsendt').",
        ),
        (
            S.CREATED,
            "mark_meeting_held",
            "Pakken kan ikke markeres med møde afholdt, fordi den har status 'Oprettet' (det kræver status 'Indsendt' eller 'Gennemgået').",
        ),
        (
            S.SUBMITTED,
            "submit_package",
            "Pakken kan ikke indsendes, fordi den har status 'Indsendt' (det kræver status 'Oprettet').",
        ),
        (
            S.MEETING_HELD,
            "mark_reviewed",
            "Pakken kan ikke markeres som gennemgået, fordi den har status 'Møde afholdt' (det kræver status 'Indsendt').",
        ),
        (
            S.REVIEWED,
            "return_package",
            "Pakken kan ikke sendes tilbage til organisationen, fordi den har status 'Gennemgået' (det kræver status 'Indsendt').",
        ),
    ],
)
def test_illegal_status_changes_are_refused_in_danish(package, status, call, message):
    DocumentationPackage.objects.filter(pk=package.pk).update(status=status)
    package.refresh_from_db()
    kwargs = {"note": "Begrundelse"} if call == "return_package" else {}
    with pytest.raises(ValidationError) as exc:
        getattr(services, call)(package=package, by=None, **kwargs)
    assert exc.value.messages == [message]
    package.refresh_from_db()
    assert package.status == status and package.events.count() == 1


def test_a_package_cannot_be_submitted_before_the_accounts_are_in(complete_package, world):
    AccountLine.objects.filter(year=2024).delete()
    with pytest.raises(
        ValidationError,
        match="Pakken kan ikke indsendes, før regnskabet for regnskabsår 2024 er indlæst.",
    ):
        services.submit_package(package=complete_package, by=None)


def test_sending_back_needs_a_reason_and_clears_the_submission(complete_package):
    services.submit_package(package=complete_package, by=None)
    with pytest.raises(ValidationError, match="Skriv en begrundelse"):
        services.return_package(package=complete_package, by=None, note=" ")
    back = services.return_package(
        package=complete_package, by=None, note="Revisionsprotokollen mangler."
    )
    assert back.status == S.CREATED and back.submitted_at is None
    last = back.events.last()
    assert last is not None and last.note == "Revisionsprotokollen mangler."


def test_a_meeting_date_in_the_future_is_refused(complete_package):
    services.submit_package(package=complete_package, by=None)
    with pytest.raises(ValidationError, match="Mødedatoen kan ikke ligge i fremtiden."):
        services.mark_meeting_held(
            package=complete_package, by=None, held_on=timezone.localdate() + timedelta(days=1)
        )


def test_record_meeting_held_is_idempotent_and_tolerates_missing_packages(complete_package, world):
    assert (
        services.record_meeting_held(
            organisation_id=world.kbhbolig.pk, styringsaar=2025, held_on=date(2025, 9, 1)
        )
        is None
    )
    services.submit_package(package=complete_package, by=None)
    first = services.record_meeting_held(
        organisation_id=world.almenbo.pk, styringsaar=2025, held_on=date(2025, 9, 1)
    )
    again = services.record_meeting_held(
        organisation_id=world.almenbo.pk, styringsaar=2025, held_on=date(2025, 9, 2)
    )
    assert first is not None and again is not None
    assert first.status == again.status == S.MEETING_HELD and again.meeting_held_on == date(
        2025, 9, 1
    )
    assert complete_package.events.count() == 3


def test_attachments_are_stored_once_under_their_sha256(package, media_root):
    data = b"%PDF-1.4 aarsberetning"
    a = services.add_attachment(
        package=package,
        kind="aarsberetning",
        uploaded_file=SimpleUploadedFile("Årsberetning 2024.pdf", data),
        by=None,
    )
    b = services.add_attachment(
        package=package, kind="andet", uploaded_file=SimpleUploadedFile("kopi.pdf", data), by=None
    )
    sha = hashlib.sha256(data).hexdigest()
    assert a.file.name == b.file.name == f"attachments/{sha}.pdf"
    assert a.original_name == "Årsberetning 2024.pdf" and a.sha256 == sha and a.size == len(data)
    assert [p.name for p in (media_root / "attachments").iterdir()] == [f"{sha}.pdf"]
    with pytest.raises(ValidationError, match="Ukendt bilagstype"):
        services.add_attachment(
            package=package, kind="x", uploaded_file=SimpleUploadedFile("a.pdf", data), by=None
        )
