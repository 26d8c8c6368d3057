"""Writes on documentation packages: creation, status changes and attachments.

Keyword-only, validated first, one transaction each; errors are ``ValidationError`` with a Danish
message. Scope (who may call what) is checked by the caller through ``accounts.permissions``. Imports
live in ``services.imports``.

Status flow: oprettet → indsendt → gennemgået → møde afholdt. A submitted package can be sent
back (indsendt → oprettet); "møde afholdt" may also follow directly on "indsendt".
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from almen.tabular import join_da
from styringsdialog.intake import files
from styringsdialog.intake.models import (
    AccountingPeriod,
    Attachment,
    DocumentationPackage,
    PackageEvent,
    PackageStatus,
    QuestionCatalogue,
)
from styringsdialog.intake.periods import deadlines, period_for
from styringsdialog.intake.services.answers import missing_answers
from styringsdialog.intake.services.configuration import catalogue_for
from styringsdialog.registry.events import MeetingHeld
from styringsdialog.registry.models import AccountLine, Kommune, Organisation

logger = logging.getLogger(__name__)

S = PackageStatus
# action → (statuses it may start from, status it leads to, Danish verb phrase)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": ((S.CREATED,), S.SUBMITTED, "indsendes"),
    "return": ((S.SUBMITTED,), S.CREATED, "sendes tilbage til organisationen"),
    "review": ((S.SUBMITTED,), S.REVIEWED, "markeres som gennemgået"),
    "meeting_held": ((S.SUBMITTED, S.REVIEWED), S.MEETING_HELD, "markeres med møde afholdt"),
}
FIRST_YEAR, LAST_YEAR = 2010, 2100
MAX_LISTED_MISSING = 30  # missing answers named in the refusal; the package page lists them all


def start_month_of(organisation: Organisation) -> int:
    row = AccountingPeriod.objects.filter(organisation=organisation).first()
    return row.start_month if row else 1


def _new_package(
    organisation: Organisation,
    styringsaar: int,
    start_month: int,
    catalogue: QuestionCatalogue | None,
) -> DocumentationPackage:
    start, end = period_for(styringsaar, start_month)
    provisional, formal = deadlines(end)
    return DocumentationPackage(
        organisation=organisation,
        styringsaar=styringsaar,
        period_start=start,
        period_end=end,
        deadline_provisional=provisional,
        deadline_formal=formal,
        catalogue=catalogue,
    )


def _check_year(styringsaar: int) -> None:
    if not FIRST_YEAR <= styringsaar <= LAST_YEAR:
        raise ValidationError(f"Styringsåret skal ligge mellem {FIRST_YEAR} og {LAST_YEAR}.")


def create_package(
    *, organisation: Organisation, styringsaar: int, by: Any = None
) -> DocumentationPackage:
    """A new package in status 'oprettet', its period from the organisation's accounting year."""
    _check_year(styringsaar)
    with transaction.atomic():
        if DocumentationPackage.objects.filter(
            organisation=organisation, styringsaar=styringsaar
        ).exists():
            raise ValidationError(
                f"Der findes allerede en dokumentationspakke for {organisation.name} for styringsår {styringsaar}."
            )
        package = _new_package(
            organisation, styringsaar, start_month_of(organisation), catalogue_for(styringsaar)
        )
        package.save()
        PackageEvent.objects.create(
            package=package, to_status=S.CREATED, by=by, note="Pakken er oprettet."
        )
    return package


def create_missing_packages(
    *, kommune: Kommune, styringsaar: int, by: Any = None
) -> list[DocumentationPackage]:
    """Create the packages missing for the kommune's home organisations; returns the new ones
    (none when every organisation has its package: calling twice creates nothing)."""
    _check_year(styringsaar)
    with transaction.atomic():
        have = set(
            DocumentationPackage.objects.for_year(styringsaar).values_list(
                "organisation_id", flat=True
            )
        )
        orgs = [
            o
            for o in Organisation.objects.filter(home_kommune=kommune).order_by("number")
            if o.pk not in have
        ]
        months = dict(
            AccountingPeriod.objects.filter(organisation__in=orgs).values_list(
                "organisation_id", "start_month"
            )
        )
        catalogue = catalogue_for(styringsaar)
        packages = DocumentationPackage.objects.bulk_create(
            [_new_package(o, styringsaar, months.get(o.pk, 1), catalogue) for o in orgs]
        )
        PackageEvent.objects.bulk_create(
            PackageEvent(package=p, to_status=S.CREATED, by=by, note="Pakken er oprettet.")
            for p in packages
        )
    return packages


def set_accounting_period(
    *, organisation: Organisation, start_month: int, by: Any = None
) -> AccountingPeriod:
    """Set the month the organisation's accounting year starts; applies to packages created later."""
    if not 1 <= start_month <= 12:
        raise ValidationError("Måneden skal være et tal fra 1 til 12.")
    with transaction.atomic():
        row, _ = AccountingPeriod.objects.update_or_create(
            organisation=organisation, defaults={"start_month": start_month}
        )
    return row


def _transition(
    package: DocumentationPackage, action: str, *, by: Any, note: str = "", **fields: Any
) -> DocumentationPackage:
    allowed, target, verb = TRANSITIONS[action]
    with transaction.atomic():
        locked = DocumentationPackage.objects.select_for_update().get(pk=package.pk)
        if locked.status not in allowed:
            required = join_da([f"'{S(s).label}'" for s in allowed], "eller")
            raise ValidationError(
                f"Pakken kan ikke {verb}, fordi den har status '{S(locked.status).label}' (det kræver status {required})."
            )
        previous = locked.status
        locked.status = target
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *fields])
        PackageEvent.objects.create(
            package=locked, from_status=previous, to_status=target, by=by, note=note
        )
    return locked


def submit_package(
    *, package: DocumentationPackage, by: Any, now: Any = None
) -> DocumentationPackage:
    """oprettet → indsendt. Every question of the styringsrapport must be answered, and the
    accounts for the accounting year must be in the system."""
    if package.status != S.CREATED:  # the status refusal comes first (from ``_transition``)
        return _transition(package, "submit", by=by, submitted_at=now or timezone.now())
    missing = missing_answers(package)
    if missing:
        shown = ", ".join(str(m) for m in missing[:MAX_LISTED_MISSING])
        more = (
            f" og {len(missing) - MAX_LISTED_MISSING} flere"
            if len(missing) > MAX_LISTED_MISSING
            else ""
        )
        raise ValidationError(
            f"Pakken kan ikke indsendes: {len(missing)} svar i styringsrapporten mangler ({shown}{more})."
        )
    if not AccountLine.objects.filter(
        department__organisation_id=package.organisation_id, year=package.accounting_year
    ).exists():
        raise ValidationError(
            f"Pakken kan ikke indsendes, før regnskabet for regnskabsår {package.accounting_year} er indlæst."
        )
    return _transition(package, "submit", by=by, submitted_at=now or timezone.now())


def return_package(*, package: DocumentationPackage, by: Any, note: str) -> DocumentationPackage:
    """indsendt → oprettet, with the kommune's reason (the organisation corrects and resubmits)."""
    if not note.strip():
        raise ValidationError("Skriv en begrundelse, når pakken sendes tilbage.")
    return _transition(package, "return", by=by, note=note.strip(), submitted_at=None)


def mark_reviewed(
    *, package: DocumentationPackage, by: Any, note: str = "", now: Any = None
) -> DocumentationPackage:
    """indsendt → gennemgået (the kommune's critical review is done)."""
    return _transition(
        package, "review", by=by, note=note.strip(), reviewed_at=now or timezone.now()
    )


def mark_meeting_held(
    *, package: DocumentationPackage, by: Any, held_on: date | None = None, note: str = ""
) -> DocumentationPackage:
    """indsendt/gennemgået → møde afholdt (from which key figures may be published)."""
    held = held_on or timezone.localdate()
    if held > timezone.localdate():
        raise ValidationError("Mødedatoen kan ikke ligge i fremtiden.")
    return _transition(package, "meeting_held", by=by, note=note.strip(), meeting_held_on=held)


def record_meeting_held(
    *, organisation_id: int, styringsaar: int, held_on: date, by: Any = None
) -> DocumentationPackage | None:
    """For the meetings app: mark the package of an organisation and styringsår as 'møde afholdt'.

    Returns None when there is no package, the package unchanged when it is already marked, and
    raises ``ValidationError`` when the package has not been submitted.
    """
    package = DocumentationPackage.objects.filter(
        organisation_id=organisation_id, styringsaar=styringsaar
    ).first()
    if package is None or package.status == S.MEETING_HELD:
        return package
    return mark_meeting_held(
        package=package, by=by, held_on=held_on, note="Markeret fra dialogmødet."
    )


def on_meeting_held(event: MeetingHeld) -> None:
    """Listener (``registry.events``): a held dialogue meeting marks each participating
    organisation's package for the styringsår as 'møde afholdt'. A package that has not been
    submitted is left as it is, and the reason is logged."""
    for organisation_id in event.organisation_ids:
        try:
            record_meeting_held(
                organisation_id=organisation_id,
                styringsaar=event.styringsaar,
                held_on=event.held_on,
                by=event.by,
            )
        except ValidationError as exc:
            logger.info(
                "Pakken for organisation %s, styringsår %s, er ikke markeret: %s",
                organisation_id,
                event.styringsaar,
                " ".join(exc.messages),
            )


ATTACHABLE = (S.CREATED, S.SUBMITTED)


def add_attachment(
    *, package: DocumentationPackage, kind: str, uploaded_file: Any, by: Any, description: str = ""
) -> Attachment:
    """Store an attachment (årsberetning, revisionsprotokol, …) unchanged, named by its sha256."""
    if kind not in Attachment.Kind.values:
        raise ValidationError(f"Ukendt bilagstype '{kind}'.")
    if package.status not in ATTACHABLE:
        raise ValidationError(
            f"Der kan ikke tilføjes bilag, når pakken har status '{S(package.status).label}'."
        )
    data, name = files.read_upload(uploaded_file)
    if not data:
        raise ValidationError("Filen er tom.")
    stored = files.store(data, folder="attachments", original_name=name)
    with transaction.atomic():
        return Attachment.objects.create(
            package=package,
            kind=kind,
            description=description.strip()[:200],
            file=stored.name,
            sha256=stored.sha256,
            size=stored.size,
            original_name=stored.original_name,
            uploaded_by=by,
        )


def delete_attachment(*, attachment: Attachment, by: Any = None) -> None:
    """Remove an attachment from its package while the package is still open for files (the
    stored file stays: files are content-addressed and may belong to another attachment)."""
    package = attachment.package
    if package.status not in ATTACHABLE:
        raise ValidationError(
            f"Bilag kan ikke fjernes, når pakken har status '{S(package.status).label}'."
        )
    with transaction.atomic():
        attachment.delete()
    logger.info("Bilag %s fjernet fra %s af %s", attachment.original_name, package, by)
