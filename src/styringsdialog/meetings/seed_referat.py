"""The referat of the dialogue meeting between Ballerup Kommune and Almenbo, 27 May 2021, as
structured data (shared/seed/referat-dialogmoede-ballerup-almenbo-2021-05-27.txt).

Minutes are copied line by line from the seed file; ``text.reflow`` joins the lines and the words
the PDF broke with a hyphen ("for-/deler" → "fordeler"). A blank line separates paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SEED_DATE = date(2021, 5, 27)
SEED_STYRINGSAAR = 2021  # regnskabsår 2020


@dataclass(frozen=True)
class SeedItem:
    title: str
    minutes: str = ""
    key: str = ""
    children: tuple[SeedItem, ...] = field(default_factory=tuple)


THEMES_2021 = (
    "Hjælpemidler til ældre og handicappede borgere",
    "LAR-projekter – lokale regnvandsløsninger på boligafdelingens udearealer",
)

PARTICIPANTS = (
    ("Torben", "kommune", "Sagsbehandler, Ballerup Kommune"),
    ("Claus", "organisation", "Driftschef, Almenbo"),
    ("Lisbet", "organisation", "Direktør, Almenbo"),
)

ITEMS: tuple[SeedItem, ...] = (
    SeedItem(
        "Covid-19",
        """\
Torben orienterede om Covid-19, der lige nu ligger på et acceptabelt niveau og for-
deler sig jævnt i hele Ballerup Kommune.

Kontaktpersonerne i boligselskaberne mødes jævnligt og koordinerer evt. indsatser.

Ballerup Kommune vil gerne rette en stor tak til boligorganisationerne og deres
kontaktpersoner, der har været meget hjælpsomme.""",
    ),
    SeedItem(
        "Årets temaer",
        key="temaer",
        children=(
            SeedItem(
                THEMES_2021[0],
                """\
Torben oplyste, at der er stort politisk fokus på ældre og handicappede borgere og
et mål om, at alle borgere kan blive boende i deres eget hjem, så længe som mu-
ligt. Målet er, at få fokus på dette i afdelingsbestyrelserne. Der skal være plads til
alle borgere i almene boliger.

Kommunen bevilger hjælpemidler, når det er muligt, men der er også flere borgere,
der selv anskaffer et hjælpemiddel, f.eks. rollator, klapsæde til opgangen eller en
el-scooter.

Borgerne får behov for plads til rollator og strøm til opladning af el-scooteren, lige
som de kan få brug for et tilsagn om opsætning af fx et klapsæde i opgangen.

Derfor vil Ballerup Kommune gerne opfordre afdelingsbestyrelserne til at se velvil-
ligt på evt. ønsker og være med til at finde gode løsninger, evt. udlejning af plads
til opladning.

De boliger, der bliver renoveret og får opsat elevatorer giver også gode muligheder
for at ældre borgere, kan blive boende.

Claus oplyste, at der er udført belægningsarbejde i flere boligafdelinger, hvor der
samtidig er etableret ramper, så beboere med rollatorer får lettere adgang.""",
            ),
            SeedItem(
                THEMES_2021[1],
                """\
Torben orienterede om, at Miljøteamet, der arbejder med regnvandsløsninger, er
interesseret i at komme i kontakt med boligområder, der har planer om at lave
LAR-løsninger.

Claus oplyste, at der er lavet en lar-løsning i forbindelse med de nye boliger i afd.
Lundebjerg. Der er lavet en ”grøft” med store sten, hvor regnvand kan opsamles.

Almenbo tager det med ved evt. kommende projekter.""",
            ),
        ),
    ),
    SeedItem(
        "Gennemgang af styringsrapport for 2020",
        """\
Styringsrapporterne blev gennemgået.

Lisbet oplyste, at fusionen mellem boligorganisationerne i 2019 krævede mange
ressourcer. Fusionen er blevet en succes for både boligafdelinger og administration,
der er besparelser hele vejen rundt. Almenbo har fået en større økonomisk soliditet
og administrationsbidraget er fastholdt.

2020 har været et meget roligt år. Nu ser man frem til at der kan holdes fysiske
møder igen.

Der arbejdes løbende med effektivisering og bl.a. etablering af eget rengøringsteam
har medført besparelser.

Effektiviseringstallene ligger fra 75 (gul) til 98 (grøn). Der kan let komme udsving i
tallene, særligt i de mindre afdelinger.

Der blev drøftet henlæggelser til vedligeholdelse og fornyelse. De opsparede hen-
læggelser er lavere end benchmarktallene.

Claus oplyste, at henlæggelserne gerne skal være på 200 kr. pr. m2 pr. år. Der er
enkelte afdelinger, der har en høj husleje, hvor der bør være opmærksomhed på
yderligere forhøjelser.

Torben understregede, at kommunen og dermed tilsynet er af den opfattelse, at de
der bor og slider også skal være med til at betale løbende til henlæggelser til de
store udgifter til vedligeholdelsesarbejder der kommer når fx tag skal skiftes.

Der er planer om en ny etape med opsætning af altaner i afd. Kirstinelund.""",
        key="styringsrapport",
    ),
    SeedItem(
        "Status for aktuelle sager om boligafdelingerne",
        """\
Der blev drøftet nye boliger i afd. Lundebjerg, hvor der er nogle udfordringer.

Ballerup Kommune har modtaget henvendelser fra beboerne i de nye boliger. Der
er utilfredshed med flere forhold i boligerne, f.eks. malerarbejde, kogeplader, varmt
vand mm.

Endvidere er der forsinkelser på, at etablere haver og udearealer.

Beboerne flyttede ind i boligerne i en periode fra 1. august 2020.

Boligerne var endnu ikke helt færdige og derfor har beboerne fået en kompensation
på tre måneders leje.

Claus oplyste, at der har været et udfordrende forløb, hvor man valgte at dele op-
førelsen af boligerne op i syv fagentrepriser, for at anskaffelsessummen kan holdes
inden for maksimumbeløbet. Det har stillet store krav til byggeledelse mm. og det
er ikke helt lykkedes at komme i mål, som forventet.

Der har været en del mangler, der skulle udbedres efter boligerne blev taget i brug.

Der er tidligere holdt møder med beboerne og der holdes et nyt møde 9. juni 2021.

Der arbejdes på, at få de nye matrikler på plads og sagen er sendt til Geodatasty-
relsen.

Arkitekterne fra Årstiderne har sørget for materiale om energitilskuddet. Materialet
sendes til Ballerup Kommune.""",
        key="sager",
    ),
    SeedItem(
        "Gennemgang af kvarterprofiler",
        """\
Kvarterprofilerne for de enkelte boligafdelinger blev gennemgået. Der var ikke be-
mærkninger til profilerne.""",
        key="kvarterprofiler",
    ),
    SeedItem(
        "Anvisning – samarbejde med boligkontoret",
        """\
Samarbejdet med boligkontoret fungerer fint, der er ikke bemærkninger til det.""",
        key="anvisning",
    ),
    SeedItem(
        "Eventuelt",
        key="eventuelt",
        children=(
            SeedItem(
                "Registrering af boliger i Landsbyggefondens stamdata og BBR",
                """\
Ballerup Kommune er blevet gjort opmærksom på, at der ikke er overensstem-
melse i antallet af almene boliger, opgjort i Landsbyggefondens stamdata og Dan-
marks Statistik. Endvidere kan der være uoverensstemmelser i antallet af m2.

Der er overensstemmelser i antallet af boliger i Almenbos afdelinger. Der er enkelte
afdelinger, hvor der ikke er overensstemmelse mellem antallet af m2.

Oplysningerne sendes til Almenbo.""",
            ),
        ),
    ),
)

# (label of the agenda item, text, responsible side, deadline, department names)
AGREEMENTS = (
    ("7.a", "Oplysningerne sendes til Almenbo", "kommune", date(2021, 7, 1), ()),
    ("2.b", "Almenbo tager det med ved evt. kommende projekter", "organisation", None, ()),
    (
        "4",
        "Materialet om energitilskuddet sendes til Ballerup Kommune",
        "organisation",
        date(2021, 7, 1),
        ("Lundebjerg",),
    ),
)

# (department name, category, title, opened on, [(date, text)], label of the item where discussed)
CASES = (
    (
        "Lundebjerg",
        "byggeri_mangler",
        "Mangler og forsinkede udearealer i nye boliger",
        date(2020, 8, 1),
        (
            (
                date(2020, 8, 1),
                "Beboerne flyttede ind i de nye boliger i en periode fra 1. august 2020. Boligerne var endnu ikke helt færdige.",
            ),
            (
                date(2021, 5, 27),
                "Oplyst på dialogmødet: beboerne har fået en kompensation på tre måneders leje. "
                "Henvendelser om malerarbejde, kogeplader og varmt vand; forsinkelser på haver og udearealer.",
            ),
            (date(2021, 6, 9), "Nyt møde med beboerne."),
        ),
        "4",
    ),
    (
        "Lundebjerg",
        "matrikulaere_forhold",
        "Nye matrikler – sagen sendt til Geodatastyrelsen",
        date(2021, 5, 27),
        (
            (
                date(2021, 5, 27),
                "Der arbejdes på at få de nye matrikler på plads; sagen er sendt til Geodatastyrelsen.",
            ),
        ),
        "4",
    ),
    (
        "Kirstinelund",
        "renovering",
        "Ny etape med opsætning af altaner",
        date(2021, 5, 27),
        (
            (
                date(2021, 5, 27),
                "Almenbo har planer om en ny etape med opsætning af altaner i afd. Kirstinelund.",
            ),
        ),
        "3",
    ),
)
