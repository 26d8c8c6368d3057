"""The columns of the three import formats (documented in docs/reference/data-formats/)."""

from __future__ import annotations

from decimal import Decimal

from almen.tabular import Column, Schema
from styringsdialog.registry.queries.accounts import FACT_LABELS

ORGANISATION = Column(
    "organisation",
    required=False,
    zfill=4,
    aliases=("lbf-nummer", "organisationsnummer", "org"),
    description="LBF-nummer på boligorganisationen. Valgfri; hvis den står der, skal den passe til pakken.",
    example="0151",
)
DEPARTMENT = Column(
    "afdeling",
    zfill=3,
    aliases=("afdelingsnummer", "afd", "afd.", "afd.nr."),
    description="Afdelingsnummer (tre cifre; foranstillede nuller tilføjes, hvis Excel har fjernet dem).",
    example="001",
)
YEAR = Column(
    "år",
    type="int",
    aliases=("aar", "regnskabsår", "regnskabsaar"),
    description="Regnskabsåret. Skal være pakkens regnskabsår (styringsår − 1).",
    example="2024",
)

ACCOUNTS = Schema(
    (
        ORGANISATION,
        DEPARTMENT,
        YEAR,
        Column(
            "konto",
            type="konto",
            aliases=("kontonummer", "kontonr."),
            description="Kontonummer i kontoplanen, fx 112.1.",
            example="120",
        ),
        Column(
            "beløb",
            type="decimal",
            aliases=("beloeb", "beløb (kr.)", "beløb kr."),
            description="Beløb i kr. med højst to decimaler (1.234,50 eller 1234.50).",
            example="1.250.000,00",
        ),
    )
)

FACT_CODES = tuple(FACT_LABELS)
FACTS = Schema(
    (
        ORGANISATION,
        DEPARTMENT,
        YEAR,
        Column(
            "nøgle",
            allowed=FACT_CODES,
            aliases=("noegle", "kode"),
            description="Hvilken oplysning: " + ", ".join(FACT_CODES) + ".",
            example="vacant_dwellings",
        ),
        Column(
            "værdi",
            type="decimal",
            min=Decimal(0),
            aliases=("vaerdi",),
            description="Tallet (højst fire decimaler; ikke negativt).",
            example="2",
        ),
        Column(
            "enhed",
            required=False,
            max_length=30,
            description="Valgfri; hvis den står der, skal den være nøglens enhed.",
            example="stk.",
        ),
    )
)

ANSWERS = Schema(
    (
        ORGANISATION,
        Column(
            "spørgsmål",
            max_length=20,
            aliases=("spoergsmaal", "nummer", "spørgsmålsnummer"),
            description="Spørgsmålets nummer i spørgerammen, fx OEK1.",
            example="OEK1",
        ),
        Column(
            "afdeling",
            required=False,
            zfill=3,
            aliases=("afdelingsnummer", "afd"),
            description="Tom for spørgsmål til boligorganisationen; afdelingsnummer for spørgsmål pr. afdeling.",
            example="001",
        ),
        Column(
            "svar",
            required=False,
            max_length=4000,
            description="Ja/nej-spørgsmål: ja eller nej. Tal: fx 12 eller 3,5. Valg: en af svarmulighederne. En tom celle springes over (spørgsmålet er så ikke besvaret).",
            example="ja",
        ),
        Column(
            "spørgsmålstekst",
            required=False,
            max_length=4000,
            aliases=("spoergsmaalstekst", "tekst"),
            description="Valgfri; står i skabelonen til hjælp og ignoreres ved indlæsning.",
            example="Har revisor afgivet en påtegning uden forbehold …?",
        ),
    )
)

SCHEMAS = {"accounts": ACCOUNTS, "facts": FACTS, "answers": ANSWERS}
