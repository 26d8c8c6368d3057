"""Danish messages for argparse, the parser behind every ``styringsdialog VERB``.

argparse looks its messages up through ``gettext`` at the moment it prints them; Python ships no
Danish catalogue for them, so a wrong option would answer in English ("the following arguments
are required"). ``install()`` points argparse's lookup at the table below (anything not in it
stays as it is), once, before a command parses its arguments.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

MESSAGES: dict[str, str] = {
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "valg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "not allowed with argument %s": "kan ikke bruges sammen med argumentet %s",
    "ignored explicit argument %r": "argumentet %r bruges ikke",
    "expected one argument": "forventer én værdi",
    "expected at most one argument": "forventer højst én værdi",
    "expected at least one argument": "forventer mindst én værdi",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tvetydigt valg: %(option)s kan betyde %(matches)s"
    ),
    "unexpected option string: %s": "uventet valg: %s",
    "invalid %(type)s value: %(value)r": "ugyldig værdi (%(type)s): %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ugyldigt valg: %(value)r (vælg mellem %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "can't open '%(filename)s': %(error)s": "kan ikke åbne '%(filename)s': %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "ukendt underkommando %(parser_name)r (vælg mellem %(choices)s)"
    ),
}
PLURALS: dict[str, tuple[str, str]] = {
    "expected %s argument": ("forventer %s værdi", "forventer %s værdier"),
}


def danish(message: str) -> str:
    return MESSAGES.get(message, message)


def danish_plural(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        one, many = PLURALS[singular]
        return one if n == 1 else many
    return singular if n == 1 else plural


# The options Django adds to every command, by the start of their English help text.
DJANGO_OPTIONS: dict[str, str] = {
    "Show program's version number": "Vis programmets version og afslut.",
    "Verbosity level": "Hvor meget der skrives: 0 = kun fejl, 1 = normalt, 2 og 3 = mere.",
    "The Python path to a settings module": (
        "Python-stien til et indstillingsmodul (standard: miljøvariablen DJANGO_SETTINGS_MODULE)."
    ),
    "A directory to add to the Python path": "En mappe, der føjes til Python-stien.",
    "Display a full stack trace": "Vis hele stakken ved fejl (til fejlsøgning).",
    "Don't colorize": "Ingen farver i uddata.",
    "Force colorization": "Altid farver i uddata.",
    "Skip system checks": "Spring Djangos systemtjek over.",
}


def danish_django_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Replace the English help of Django's common options with Danish."""
    for action in parser._actions:
        for english, text in DJANGO_OPTIONS.items():
            if action.help and action.help.startswith(english):
                action.help = text
    return parser


_installed = False


def install() -> None:
    """Make argparse and Django's common command options answer in Danish (idempotent)."""
    global _installed
    module = vars(argparse)
    translate: Callable[[str], str] = danish
    module["_"] = translate
    module["ngettext"] = danish_plural
    if _installed:
        return
    from django.core.management.base import BaseCommand

    create_parser = BaseCommand.create_parser

    def create_danish_parser(self: BaseCommand, prog_name: str, subcommand: str, **kwargs: object):
        return danish_django_options(create_parser(self, prog_name, subcommand, **kwargs))

    BaseCommand.create_parser = create_danish_parser  # type: ignore[method-assign]
    _installed = True
