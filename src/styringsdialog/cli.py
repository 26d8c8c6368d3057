"""The ``styringsdialog`` console script: one verb per job, wrapping Django management commands.

``styringsdialog --help`` lists the verbs; ``styringsdialog VERB --help`` shows a verb's options.
Any other Django management command also works (``styringsdialog migrate``).
"""

from __future__ import annotations

import os
import sys

VERBS: dict[str, str] = {
    "demo-data": "Opret nationale demodata (kommuner, organisationer, afdelinger, regnskaber, brugere)",
    "benchmark": "Beregn effektivitetstal og nøgletal for et regnskabsår",
    "import-effektivitetstal": "Indlæs officielle effektivitetstal fra CSV",
    "import-package-file": "Indlæs regnskab, afdelingsoplysninger eller svar (CSV/XLSX) i en dokumentationspakke",
    "reindex-referater": "Genopbyg søgeindekset over offentliggjorte referater",
    "import-bbr": "Indlæs BBR-enheder (og bygninger) fra Datafordeler-JSON (REST eller GraphQL)",
    "import-dst": "Indlæs Danmarks Statistik-tal (StatBank CSV eller JSON-stat)",
    "import-lbf-stamdata": "Indlæs LBF-stamdata (afdeling → byggeafsnit → BBR-ejendomsnummer)",
    "import-beboerdata": "Indlæs beboerindikatorer pr. afdeling/område og år",
    "reconcile": "Afstem boliger og m² mellem LBF, BBR og DST",
    "create-token": "Opret et API-token til en bruger",
    "serve": "Start webserveren (udvikling) på http://127.0.0.1:8000",
    "migrate": "Opdatér databasens skema",
    "createsuperuser": "Opret en administrator",
}


def _usage() -> str:
    width = max(len(v) for v in VERBS)
    lines = ["Brug: styringsdialog VERBUM [valg]", "", "Verber:"]
    lines += [f"  {verb.ljust(width)}  {text}" for verb, text in VERBS.items()]
    lines += ["", "Alle Django-kommandoer virker også, fx 'styringsdialog check'."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
    from django.core.management import execute_from_command_line

    verb = args[0]
    if verb == "serve":
        command = ["runserver", *(args[1:] or ["127.0.0.1:8000"])]
    else:
        command = [verb.replace("-", "_"), *args[1:]]
    execute_from_command_line(["styringsdialog", *command])


if __name__ == "__main__":
    main()
