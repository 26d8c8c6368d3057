"""The seed referat (Ballerup–Almenbo, 27 May 2021) as agenda items, for building test meetings."""

from __future__ import annotations

# (title, minutes, sub-items as (title, minutes))
SEED_ITEMS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "Covid-19",
        (
            "Torben orienterede om Covid-19, der lige nu ligger på et acceptabelt niveau og fordeler sig "
            "jævnt i hele Ballerup Kommune.\n\nKontaktpersonerne i boligselskaberne mødes jævnligt og "
            "koordinerer evt. indsatser."
        ),
        [],
    ),
    (
        "Årets temaer",
        "",
        [
            (
                "Hjælpemidler til ældre og handicappede borgere",
                (
                    "Torben oplyste, at der er stort politisk fokus på ældre og handicappede borgere og et mål om, "
                    "at alle borgere kan blive boende i deres eget hjem, så længe som muligt.\n\nClaus oplyste, at "
                    "der er udført belægningsarbejde i flere boligafdelinger, hvor der samtidig er etableret ramper."
                ),
            ),
            (
                "LAR-projekter – lokale regnvandsløsninger på boligafdelingens udearealer",
                (
                    "Claus oplyste, at der er lavet en lar-løsning i forbindelse med de nye boliger i afd. "
                    "Lundebjerg. Der er lavet en ”grøft” med store sten, hvor regnvand kan opsamles."
                ),
            ),
        ],
    ),
    (
        "Gennemgang af styringsrapport for 2020",
        (
            "Styringsrapporterne blev gennemgået.\n\nEffektiviseringstallene ligger fra 75 (gul) til 98 (grøn).\n\n"
            "Der blev drøftet henlæggelser til vedligeholdelse og fornyelse. De opsparede henlæggelser er lavere "
            "end benchmarktallene.\n\nClaus oplyste, at henlæggelserne gerne skal være på 200 kr. pr. m2 pr. år.\n\n"
            "Der er planer om en ny etape med opsætning af altaner i afd. Kirstinelund."
        ),
        [],
    ),
    (
        "Status for aktuelle sager om boligafdelingerne",
        (
            "Der blev drøftet nye boliger i afd. Lundebjerg, hvor der er nogle udfordringer.\n\n"
            "Beboerne flyttede ind i boligerne i en periode fra 1. august 2020.\n"
            "Boligerne var endnu ikke helt færdige og derfor har beboerne fået en kompensation på tre måneders leje.\n\n"
            "Der er tidligere holdt møder med beboerne og der holdes et nyt møde 9. juni 2021."
        ),
        [],
    ),
    (
        "Gennemgang af kvarterprofiler",
        "Kvarterprofilerne for de enkelte boligafdelinger blev gennemgået.",
        [],
    ),
    (
        "Anvisning – samarbejde med boligkontoret",
        "Samarbejdet med boligkontoret fungerer fint.",
        [],
    ),
    (
        "Eventuelt",
        "",
        [
            (
                "Registrering af boliger i Landsbyggefondens stamdata og BBR",
                (
                    "Der er enkelte afdelinger, hvor der ikke er overensstemmelse mellem antallet af m2.\n\n"
                    "Oplysningerne sendes til Almenbo."
                ),
            ),
        ],
    ),
]
