"""The styringsrapport's question catalogue as versioned data (one version per styringsår range).

A catalogue is a JSON file (``intake/data/spoergeramme_2021_eksempel.json`` ships with the
project; the format is in docs/reference/data-formats/answers.md). The official catalogue (item
numbers, wording, answer types) is versioned by LBF and the ministry and is not public
(DOMAIN.md §2.1, §12): the shipped one is our own example, written from the five themes of
§2.1, so the flow can be shown. Load the official catalogue as a new version when it is obtained;
a package uses the newest version valid on 1 January of its styringsår.

``punkt_ved_svar`` lists the answers that become a point in the briefing (e.g. "nej" to
"Har revisor afgivet en påtegning uden forbehold …?").
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from styringsdialog.intake.models import Question, QuestionCatalogue, Theme

SHIPPED = "spoergeramme_2021_eksempel.json"
VERSION = "2021-eksempel"


def parse_catalogue(data: bytes, *, filename: str = "spoergeramme.json") -> dict[str, Any]:
    """The catalogue in ``data`` (checked), or ``ValidationError`` with every problem in Danish."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(f"{filename}: filen er ikke gyldig JSON i UTF-8.") from None
    errors: list[str] = []
    if not isinstance(raw, dict):
        raise ValidationError(f"{filename}: filen skal indeholde ét JSON-objekt.")
    if not str(raw.get("version") or "").strip() or len(str(raw.get("version"))) > 30:
        errors.append(f"{filename}: 'version' skal udfyldes (højst 30 tegn).")
    try:
        date.fromisoformat(str(raw.get("gyldig_fra")))
    except ValueError:
        errors.append(f"{filename}: 'gyldig_fra' skal være en dato som 2025-01-01.")
    questions = raw.get("spoergsmaal")
    if not isinstance(questions, list) or not questions:
        errors.append(f"{filename}: 'spoergsmaal' skal være en liste med mindst ét spørgsmål.")
        questions = []
    seen: set[str] = set()
    for i, q in enumerate(questions, start=1):
        where = f"{filename}, spørgsmål nr. {i}"
        if not isinstance(q, dict):
            errors.append(f"{where}: skal være et JSON-objekt.")
            continue
        code = str(q.get("nummer") or "").strip()
        if not code or len(code) > 20 or code.upper() in seen:
            errors.append(f"{where}: 'nummer' mangler, er for langt eller står to gange.")
        seen.add(code.upper())
        if q.get("tema") not in Theme.values:
            errors.append(f"{where}: ukendt tema {q.get('tema')!r}.")
        if q.get("besvares_for") not in Question.Scope.values:
            errors.append(f"{where}: 'besvares_for' skal være organisation eller afdeling.")
        if q.get("svartype") not in Question.AnswerType.values:
            errors.append(f"{where}: ukendt svartype {q.get('svartype')!r}.")
        elif q.get("svartype") == Question.AnswerType.CHOICE and not q.get("svarmuligheder"):
            errors.append(f"{where}: et valgspørgsmål skal have svarmuligheder.")
        if not str(q.get("tekst") or "").strip():
            errors.append(f"{where}: 'tekst' mangler.")
    if errors:
        raise ValidationError(errors)
    return raw


def load_catalogue(raw: dict[str, Any]) -> tuple[QuestionCatalogue, bool]:
    """Store a parsed catalogue version (idempotent; a stored version's questions never change,
    only which answers become briefing points may be updated)."""
    with transaction.atomic():
        catalogue, created = QuestionCatalogue.objects.get_or_create(
            version=raw["version"],
            defaults={
                "valid_from": date.fromisoformat(raw["gyldig_fra"]),
                "note": f"{raw.get('note', '')} Kilde: {raw.get('kilde', '')}".strip(),
                "is_example": bool(raw.get("eksempel")),
            },
        )
        entries = raw["spoergsmaal"]
        if created:
            Question.objects.bulk_create(
                Question(
                    catalogue=catalogue,
                    code=q["nummer"],
                    theme=q["tema"],
                    scope=q["besvares_for"],
                    answer_type=q["svartype"],
                    choices=list(q.get("svarmuligheder") or []),
                    text=q["tekst"],
                    order=i,
                    concern_answers=list(q.get("punkt_ved_svar") or []),
                )
                for i, q in enumerate(entries, start=1)
            )
        else:
            for q in entries:
                Question.objects.filter(catalogue=catalogue, code=q["nummer"]).exclude(
                    concern_answers=list(q.get("punkt_ved_svar") or [])
                ).update(concern_answers=list(q.get("punkt_ved_svar") or []))
    return catalogue, created


def ensure_demo_catalogue() -> QuestionCatalogue:
    """Create the shipped example catalogue (idempotent)."""
    data = resources.files("styringsdialog.intake.data").joinpath(SHIPPED).read_bytes()
    return load_catalogue(parse_catalogue(data, filename=SHIPPED))[0]
