"""E-mail reminders about documentation packages (who receives what:
docs/reference/notifications.md), run daily by ``styringsdialog send-reminders``.

A package that has not been submitted reminds the organisation's staff when its formal
deadline is at most ``REMINDER_DAYS`` days away ("nærmer sig") and again once it has passed
("overskredet", for deadlines passed at most ``OVERDUE_WINDOW_DAYS`` ago). Each reminder goes
once per package, deadline and recipient (``accounts.services.notify`` with a key), so running
the command twice sends nothing twice.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from styringsdialog.accounts.models import NotificationKind, Role
from styringsdialog.accounts.queries import organisation_staff
from styringsdialog.accounts.services import Notification, Pending, notify_batch
from styringsdialog.intake.models import DocumentationPackage, PackageStatus

REMINDER_DAYS = 7
OVERDUE_WINDOW_DAYS = 90


def _dk(d: date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def _staff_by_organisation(org_ids: set[int]) -> dict[int, list[Any]]:
    staff: dict[int, list[Any]] = {}
    if org_ids:
        for user in organisation_staff(org_ids).prefetch_related("memberships"):
            for m in user.memberships.all():
                if m.role == Role.ORGANISATION and m.organisation_id in org_ids:
                    staff.setdefault(m.organisation_id, []).append(user)
    return staff


def package_reminders(*, today: date, dry_run: bool = False) -> list[Notification]:
    soon = today + timedelta(days=REMINDER_DAYS)
    oldest = today - timedelta(days=OVERDUE_WINDOW_DAYS)
    packages = list(
        DocumentationPackage.objects.filter(
            status=PackageStatus.CREATED,
            deadline_formal__lte=soon,
            deadline_formal__gte=oldest,
        ).select_related("organisation")
    )
    staff = _staff_by_organisation({p.organisation_id for p in packages})
    batch: list[Pending] = []
    for p in packages:
        overdue = p.deadline_formal < today
        state = "overdue" if overdue else "soon"
        if overdue:
            subject = f"Dokumentationspakken {p.styringsaar} er ikke indsendt (frist {_dk(p.deadline_formal)})"
            first = f"Fristen for dokumentationspakken for styringsår {p.styringsaar} var {_dk(p.deadline_formal)}, og pakken er ikke indsendt."
        else:
            subject = f"Fristen for dokumentationspakken {p.styringsaar} nærmer sig ({_dk(p.deadline_formal)})"
            first = f"Dokumentationspakken for styringsår {p.styringsaar} skal indsendes senest {_dk(p.deadline_formal)}."
        batch.append(
            Pending(
                kind=NotificationKind.PACKAGE_DEADLINE,
                users=staff.get(p.organisation_id, []),
                key=f"package-{state}:{p.pk}:{p.deadline_formal.isoformat()}",
                subject=subject,
                body=f"{p.organisation.name}: {first}\n\nUpload regnskab og svar og indsend pakken på dens side.",
                path=reverse("intake:package", args=[p.organisation.number, p.styringsaar]),
            )
        )
    return notify_batch(batch, dry_run=dry_run)


def late_package_reminders(
    *, packages: list[DocumentationPackage], today: date, dry_run: bool = False
) -> list[Notification]:
    """The "overskredet" e-mail for late packages, sent by the kommune's caseworker ("Påmind
    organisationer med forsinkede pakker"). At most once per package, recipient and day."""
    staff = _staff_by_organisation({p.organisation_id for p in packages})
    batch = [
        Pending(
            kind=NotificationKind.PACKAGE_DEADLINE,
            users=staff.get(p.organisation_id, []),
            key=f"package-late-reminder:{p.pk}:{today.isoformat()}",
            subject=f"Påmindelse: dokumentationspakken {p.styringsaar} er ikke indsendt (frist {_dk(p.deadline_formal)})",
            body=(
                f"{p.organisation.name}: Fristen for dokumentationspakken for styringsår "
                f"{p.styringsaar} var {_dk(p.deadline_formal)}, og pakken er ikke indsendt. "
                "Kommunen beder jer indsende den hurtigst muligt.\n\n"
                "Upload regnskab og svar og indsend pakken på dens side."
            ),
            path=reverse("intake:package", args=[p.organisation.number, p.styringsaar]),
        )
        for p in packages
    ]
    return notify_batch(batch, dry_run=dry_run)
