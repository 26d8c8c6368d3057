"""The caseworker's bulk reminder: "Påmind organisationer med forsinkede pakker"."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from styringsdialog.accounts.permissions import require, scope_for
from styringsdialog.accounts.services import Notification
from styringsdialog.intake.models import DocumentationPackage, PackageStatus
from styringsdialog.intake.notifications import late_package_reminders
from styringsdialog.registry.models import Kommune


def late_packages(*, kommune: Kommune, today: date) -> list[DocumentationPackage]:
    """Packages of the kommune's home organisations that are not submitted although the formal
    deadline has passed, oldest deadline first. One query."""
    return list(
        DocumentationPackage.objects.filter(
            organisation__home_kommune=kommune,
            status=PackageStatus.CREATED,
            deadline_formal__lt=today,
        )
        .select_related("organisation")
        .order_by("deadline_formal", "organisation__number")
    )


def remind_late_packages(
    *, kommune: Kommune, by: Any, today: date | None = None, dry_run: bool = False
) -> list[Notification]:
    """E-mail the staff of every organisation of the kommune whose package is late. Only the
    kommune's caseworkers (and administrators) may; at most one reminder per package, recipient
    and day, so pressing the button twice sends nothing twice. Returns the e-mails sent (or,
    with ``dry_run``, those that would be)."""
    require(
        scope_for(by).can_write_kommune(kommune.pk),
        "Kun kommunens sagsbehandlere kan påminde organisationerne.",
    )
    today = today or timezone.localdate()
    return late_package_reminders(
        packages=late_packages(kommune=kommune, today=today), today=today, dry_run=dry_run
    )
