"""The official lists of designated areas (§§ 61 a–61 b): the imported lists and an upload form
for administrators (``accounts.permissions.can_import_official_areas``; others get 403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from almen.registers import describe
from almen.tabular import count_errors
from styringsdialog.accounts.permissions import can_import_official_areas, require, scope_for
from styringsdialog.registers.queries import official_lists
from styringsdialog.registers.services import ImportFailed
from styringsdialog.registers.services.official import import_official_areas

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a national list is a few hundred rows
MAX_SHOWN_ERRORS = 100


def parse_list_year(raw: str | None) -> int:
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4 and 2010 <= int(text) <= 2100):
        raise ValidationError("Skriv listeåret som et årstal fra 2010, fx 2024.")
    return int(text)


@login_required
@require_http_methods(["GET", "POST"])
def official_areas(request: HttpRequest) -> HttpResponse:
    require(
        can_import_official_areas(scope_for(request.user)),
        "Kun administratorer kan indlæse de officielle lister.",
    )
    errors: list[str] = []
    more = 0
    year_text = ""
    if request.method == "POST":
        year_text = request.POST.get("aar", "")[:10]
        upload = request.FILES.get("fil")
        try:
            year = parse_list_year(year_text)
            if upload is None:
                raise ValidationError("Vælg en fil.")
            if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError("Filen er for stor (højst 20 MB).")
            snapshot = import_official_areas(
                data=upload.read(),
                file_name=(upload.name or "liste.csv")[:255],
                year=year,
                by=request.user,
            )
        except ValidationError as exc:
            errors = list(exc.messages)
        except ImportFailed as exc:
            errors = [describe(e) for e in exc.errors[:MAX_SHOWN_ERRORS]]
            more = count_errors(exc.errors) - len(errors)
        else:
            messages.success(
                request,
                f"Den officielle liste for {year} er indlæst: {snapshot.rows} områder (udtræk #{snapshot.pk}).",
            )
            return redirect("registers:officielle_lister")
    context = {
        "lists": official_lists(),
        "errors": errors,
        "more": more,
        "year_text": year_text,
    }
    return render(
        request, "registers/officielle_lister.html", context, status=422 if errors else 200
    )
