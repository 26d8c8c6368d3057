""" "Nationale indstillinger": the colour scale, the question catalogue of each styringsår and
the active kontoplan, with the history of every change. Administrators only
(``permissions.can_configure_national``; others 403); writes through the same services as the
API and the ``config`` CLI."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from styringsdialog.benchmarking import configuration as scales
from styringsdialog.intake.services import configuration as catalogues
from styringsdialog.registry import national

ACTIONS = {
    "scale-add": "Den nye farveskala er gemt.",
    "catalogue-choose": "Spørgerammen er valgt for styringsåret.",
    "question-edit": "Spørgsmålet er gemt.",
    "kontoplan-activate": "Kontoplanen er nu den aktive.",
}


def _int(value: Any, label: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{label} skal være et helt tal.") from None


def _float(value: Any, label: str) -> float:
    try:
        return float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        raise ValidationError(f"{label} skal være et tal.") from None


def _date(value: Any) -> date:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError("Datoen skal skrives ÅÅÅÅ-MM-DD.") from None


def _apply(request: HttpRequest, action: str) -> None:
    post, by = request.POST, request.user
    if action == "scale-add":
        scales.add_colour_scale(
            version=post.get("version", ""),
            valid_from=_date(post.get("valid_from", "")),
            green_from=_float(post.get("green_from"), "»Grøn fra«"),
            yellow_from=_float(post.get("yellow_from"), "»Gul fra«"),
            provenance=post.get("provenance", ""),
            is_official=bool(post.get("is_official")),
            by=by,
        )
    elif action == "catalogue-choose":
        catalogues.choose_catalogue(
            styringsaar=_int(post.get("styringsaar"), "Styringsåret"),
            catalogue=catalogues.get_catalogue(_int(post.get("catalogue"), "Spørgerammen")),
            by=by,
        )
    elif action == "question-edit":
        catalogue = catalogues.get_catalogue(_int(post.get("catalogue"), "Spørgerammen"))
        catalogues.update_question_text(
            question=catalogues.get_question(catalogue, _int(post.get("id"), "Id")),
            text=post.get("text", ""),
            version=_int(post.get("version"), "Versionen"),
            by=by,
        )
    else:
        national.activate_chart(
            chart=national.get_chart(_int(post.get("id"), "Kontoplanen")), by=by
        )


@login_required
@require_http_methods(["GET", "POST"])
def national_settings(request: HttpRequest) -> HttpResponse:
    national.require_national_configurator(request.user)
    status, errors = 200, []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            errors, status = ["Ukendt handling."], 400
        else:
            try:
                _apply(request, action)
            except catalogues.QuestionConflict as exc:
                errors, status = exc.messages, 409
            except ValidationError as exc:
                errors, status = exc.messages, 400
            else:
                messages.success(request, ACTIONS[action])
                return redirect("web:national_settings")
    all_catalogues = catalogues.catalogues()
    shown_id = request.GET.get("spoergeramme")
    shown = next((c for c in all_catalogues if str(c.pk) == shown_id), None)
    year = date.today().year
    context = {
        "scales": scales.colour_scales(),
        "catalogues": [
            {"catalogue": c, "draft": catalogues.is_draft(c), "years": catalogues.years_of(c)}
            for c in all_catalogues
        ],
        "years": [
            {"year": y, "catalogue": catalogues.catalogue_for(y)} for y in range(year - 1, year + 3)
        ],
        "shown": shown,
        "shown_draft": catalogues.is_draft(shown) if shown else False,
        "questions": list(shown.questions.order_by("order", "code")) if shown else [],
        "charts": national.charts(),
        "active_chart": national.active_chart(),
        "history": national.national_history(),
        "errors": errors,
        "posted": request.POST if request.method == "POST" else {},
    }
    return render(request, "web/national_settings.html", context, status=status)
