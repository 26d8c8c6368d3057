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
    "create-token": "Opret et API-token til en bruger",
    "serve": "Start webserveren (udvikling) på http://127.0.0.1:8000",
    "migrate": "Opdatér databasens skema",
    "createsuperuser": "Opret en administrator",
}

ALIASES = {"import-package-file": "import_package_file", "demo-data": "demo_data", "import-effektivitetstal": "import_effektivitetstal", "create-token": "create_token"}


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
        command = [ALIASES.get(verb, verb.replace("-", "_")), *args[1:]]
    execute_from_command_line(["styringsdialog", *command])


if __name__ == "__main__":
    main()
