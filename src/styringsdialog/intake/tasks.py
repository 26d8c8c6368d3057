"""Large imports as background jobs: a file over ``INTAKE_ASYNC_IMPORT_BYTES`` is stored first
(``files.store``, the storage API), then a job reads it back and runs the ordinary import
(``services.imports.import_stored_file``: every check first, all rows or none, the bounded
error report). The finished job links to the import on the package page. Smaller files are
imported in the request, as before."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from almen.formatting import format_number
from styringsdialog.intake import files
from styringsdialog.intake.models import DocumentationPackage, ImportKind
from styringsdialog.intake.services.imports import check_importable, import_stored_file
from styringsdialog.jobs.models import Job
from styringsdialog.jobs.services import Outcome, Progress, run_job, start_job


def runs_in_background(uploaded_file: Any) -> bool:
    """True for a file larger than ``INTAKE_ASYNC_IMPORT_BYTES``."""
    return int(getattr(uploaded_file, "size", 0) or 0) > settings.INTAKE_ASYNC_IMPORT_BYTES


@task()
def import_package_file_job(
    job_id: int,
    package_id: int,
    import_kind: str,
    stored_name: str,
    original_name: str,
    sheet: str,
) -> dict[str, Any]:
    def work(job: Job, progress: Progress) -> Outcome:
        package = DocumentationPackage.objects.select_related("organisation").get(pk=package_id)
        outcome = import_stored_file(
            package=package,
            kind=import_kind,
            stored_name=stored_name,
            original_name=original_name,
            by=job.started_by,
            sheet=sheet or None,
            progress=progress,
        )
        url = reverse("intake:package", args=[package.organisation.number, package.styringsaar])
        if outcome.ok:
            return Outcome(url=f"{url}#historik", label=outcome.message[:200])
        return Outcome(
            url=f"{url}?indlaesning={outcome.batch.pk}#fejl",
            label=f"Filen blev afvist med {format_number(outcome.batch.error_count)} fejl, og intet er gemt: "
            "se fejlene",
        )

    return run_job(job_id, work)


def start_import(
    *, package: DocumentationPackage, kind: str, uploaded_file: Any, by: Any, sheet: str | None
) -> Job:
    """Check what can be checked at once, store the file, and queue its import."""
    check_importable(package=package, kind=kind, sheet=sheet)
    data, name = files.read_upload(uploaded_file)
    stored = files.store(data, folder="imports", original_name=name)
    label = ImportKind(kind).label
    return start_job(
        task=import_package_file_job,
        kind="import",
        title=f"Indlæsning af {name} ({label.lower()}) i dokumentationspakken for "
        f"styringsår {package.styringsaar}, {package.organisation.name}"[:200],
        by=by,
        package_id=package.pk,
        import_kind=kind,
        stored_name=stored.name,
        original_name=stored.original_name,
        sheet=sheet or "",
    )
