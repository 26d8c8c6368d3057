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
    "henlaeggelsesnorm": "Vis eller ret en kommunes norm for henlæggelser (kr. pr. m² pr. år) med kilde",
    "import-package-file": "Indlæs regnskab, afdelingsoplysninger eller svar (CSV/XLSX) i en dokumentationspakke",
    "load-kontoplan": "Indlæs en version af kontoplanen for afdelinger (JSON)",
    "reindex-referater": "Genopbyg søgeindekset over offentliggjorte referater",
    "backup": "Tag en sikkerhedskopi af database og filer i én arkivfil",
    "restore": "Gendan en sikkerhedskopi i en tom installation (alt eller intet)",
    "import-bbr": "Indlæs BBR-enheder (og bygninger) fra Datafordeler-JSON (REST eller GraphQL)",
    "import-dst": "Indlæs Danmarks Statistik-tal (StatBank CSV eller JSON-stat)",
    "import-lbf-stamdata": "Indlæs LBF-stamdata (afdeling → byggeafsnit → BBR-ejendomsnummer)",
    "import-beboerdata": "Indlæs beboerindikatorer pr. afdeling/område og år",
    "reconcile": "Afstem boliger og m² mellem LBF, BBR og DST",
    "export": "Skriv en eksport som på siderne (effektivitet eller afstemning) til en CSV- eller Excel-fil",
    "create-token": "Opret et API-token til en bruger",
    "send-invitation": "Send indkaldelsen til et dialogmøde til organisationen",
    "meeting": "Opret, ret, list og vis dialogmøder med deltagere, dagsorden og bilag",
    "minutes": "Skriv referatet for et dagsordenspunkt",
    "referat": "Send, kommentér, godkend, offentliggør, genåbn og ret referatet; hent en version",
    "agreement": "List, vis, opret og ret aftaler; status, historik og videreførelse",
    "case": "List, vis, opret og ret sager; forløb, tilknytninger og status",
    "anvisning": "Anvisning: aftaler, anvisningslisten, indlæsning fra anvisningssystemet og tal til dialogen",
    "config": "Vis og ret indstillinger: kommunens temaer, mødetyper og skabeloner; nationale indstillinger",
    "import-referat": "Læs gamle referater (PDF, Word, HTML, tekst) og importér dem som afholdte møder",
    "esdh-export": "Eksportér et møde eller en sag til ESDH som ZIP-pakke; vis eller ret journalnummer og KLE",
    "meeting-folder": "Skriv mødemappen (eller dagsordenen / kalenderinvitationen) til en fil",
    "plan-meetings": "Planlæg et møde for hver af kommunens organisationer uden møde i styringsåret",
    "package": "List, vis og opret dokumentationspakker; status, svar og bilag",
    "briefing": "Vis briefingen til dialogmødet, eller sæt dens punkter på et mødes dagsorden",
    "remind-late-packages": "Påmind organisationer i en kommune om forsinkede dokumentationspakker",
    "send-reminders": "Send dagens påmindelser om frister pr. e-mail (køres dagligt)",
    "worker": "Kør baggrundsjob fra køen (beregninger, afstemninger, e-mails)",
    "serve": "Start webserveren: demo på http://127.0.0.1:8000, eller produktion med --production",
    "migrate": "Opdatér databasens skema",
    "collectstatic": "Saml de statiske filer i STATIC_ROOT (til produktionsserveren)",
    "createsuperuser": "Opret en administrator",
    # Construction (C15)
    "byggesag": "List, vis og opret byggesager; godkend milepæle, tilføj hændelser, vis kontrollen",
    # h16a: user and role administration
    "user": "Invitér brugere, tildel og fjern rettigheder; vis rettigheder og historik i en kommune",
    # h16b: audit log and retention
    "audit": "Søg i og eksportér revisionsloggen (hvem har set, hentet eller ændret hvad)",
    "retention": "Slet eller anonymisér det, der er ældre end sin opbevaringsperiode (køres dagligt)",
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
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- loads the settings, which validate the environment
    except ImproperlyConfigured as exc:
        sys.exit(f"Indstillingerne kan ikke bruges: {exc}\nSe docs/reference/settings.md.")
    from django.db.utils import OperationalError, ProgrammingError

    from styringsdialog.lib import argparse_da

    argparse_da.install()  # usage errors and --help in Danish

    command = [args[0].replace("-", "_"), *args[1:]]
    import django
    from django.core.management import get_commands

    django.setup()
    if command[0] not in get_commands():
        sys.exit(
            f"Ukendt verbum: '{args[0]}'. 'styringsdialog --help' viser verberne.\n"
            "Brug bindestreg mellem ordene, fx 'styringsdialog demo-data'."
        )
    try:
        execute_from_command_line(["styringsdialog", *command])
    except (OperationalError, ProgrammingError) as exc:
        # An empty or out-of-date database: a Danish message instead of a traceback.
        sys.exit(
            f"Databasen kan ikke bruges: {exc}\n"
            "Er den oprettet og opdateret? Kør 'styringsdialog migrate' (se docs/deploy.md)."
        )


if __name__ == "__main__":
    main()
