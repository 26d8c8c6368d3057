"""The reference docs cover every setting and every CLI verb (in the spirit of datasette's test_docs).

Each undocumented item is its own failing test, named after the item.

**What counts as a setting** (all read from ``src/styringsdialog/settings.py`` by parsing its
source with ``ast``, so nothing is executed and the file may be restructured freely):

* every environment variable the module reads: the string key of ``os.environ.get(...)``,
  ``os.getenv(...)``, ``os.environ[...]``, ``os.environ.setdefault/pop(...)`` and
  ``"NAME" in os.environ``; plus the name passed to any *env helper*, i.e. a function defined in
  settings.py that reads the environment with one of its own parameters as the key
  (``_env_bool("STYRINGSDIALOG_DEBUG", True)``). An environment read whose name is not a string
  literal cannot be checked and fails ``test_every_environment_read_is_resolvable``;
* every project-specific setting name the module defines: a name bound at module level (including
  inside module-level ``if``/``try`` blocks, not inside functions) that is all upper case -- the
  rule Django itself uses to pick settings out of a settings module -- and that is **not** one of
  Django's own settings. Django's own settings (``DEBUG``, ``DATABASES`` ...) are documented by
  Django; they are the attributes of ``django.conf.global_settings`` plus the few documented
  Django settings that have no default there (``DJANGO_SETTINGS_WITHOUT_DEFAULT``, e.g.
  ``ROOT_URLCONF``). Third-party settings such as ``NINJA_PAGINATION_PER_PAGE`` are not Django's
  and so must be documented here. Nothing else is excluded: path helpers such as ``BASE_DIR``
  are visible to all code as ``django.conf.settings.X``, so they are documented too.

**What counts as a CLI verb**: ``styringsdialog.cli.main`` passes ``serve`` to ``runserver`` and
every other verb ``v`` to the Django management command ``v.replace("-", "_")``. The verbs are
the keys of ``styringsdialog.cli.VERBS`` (what ``styringsdialog --help`` lists) plus every
management command provided by an installed ``styringsdialog.*`` app (Django's ``get_commands()``,
which is what the CLI dispatches to), spelled with hyphens. Django's own commands (``check``,
``shell`` ...) also work through the CLI but are Django's to document, unless listed in ``VERBS``.

**What counts as documented**: a name is documented in a reference page when it is the first word
of an inline code span (```` `NAME` ```` or ```` `verb ARGS` ````) in a Markdown heading or in the
first cell of a table row. A passing mention in prose does not count.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import global_settings

from styringsdialog import cli

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DOC = ROOT / "docs" / "reference" / "settings.md"
CLI_DOC = ROOT / "docs" / "reference" / "cli.md"
SETTINGS_PY = Path(importlib.util.find_spec("styringsdialog.settings").origin)
SETTINGS_LABEL = (
    SETTINGS_PY.relative_to(ROOT).as_posix()
    if SETTINGS_PY.is_relative_to(ROOT)
    else str(SETTINGS_PY)
)
PROJECT_APP_PREFIX = "styringsdialog."
# Settings in Django's settings reference that django.conf.global_settings gives no default.
DJANGO_SETTINGS_WITHOUT_DEFAULT = frozenset(
    {
        "ROOT_URLCONF",
        "SITE_ID",
        "SERIALIZATION_MODULES",
        "GDAL_LIBRARY_PATH",
        "GEOS_LIBRARY_PATH",
        "GEOIP_PATH",
        "POSTGIS_VERSION",
    }
)


# --- Reading the docs ---------------------------------------------------------------------------

_CODE_SPAN = re.compile(r"`([^`]+)`")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")  # a pipe not escaped as \|


def documented_names(markdown: str) -> set[str]:
    """First word of every code span in a heading or in the first cell of a table row."""
    names: set[str] = set()
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            text = stripped
        elif stripped.startswith("|"):
            cells = _CELL_SEPARATOR.split(stripped)
            text = cells[1] if len(cells) > 1 else ""
        else:
            continue
        for span in _CODE_SPAN.findall(text):
            words = span.split()
            if words and words[0] == "styringsdialog" and len(words) > 1:
                words = words[1:]  # `styringsdialog demo-data` documents demo-data
            if words:
                names.add(words[0])
    return names


def missing_from(markdown: str, names: set[str]) -> list[str]:
    documented = documented_names(markdown)
    return sorted(name for name in names if name not in documented)


# --- Reading settings.py ------------------------------------------------------------------------


def _is_environ(node: ast.AST) -> bool:
    """``os.environ`` or a bare ``environ`` (``from os import environ``)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "environ"


def _env_key(node: ast.AST) -> ast.AST | None:
    """The key expression if ``node`` reads the environment, else None."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr in {"get", "setdefault", "pop"} and _is_environ(func.value):
                return node.args[0]
            if func.attr == "getenv" and isinstance(func.value, ast.Name) and func.value.id == "os":
                return node.args[0]
        if isinstance(func, ast.Name) and func.id == "getenv":
            return node.args[0]
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        return node.slice
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.In | ast.NotIn)
        and _is_environ(node.comparators[0])
    ):
        return node.left
    return None


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _env_helpers(tree: ast.Module) -> dict[str, int]:
    """Module-level functions that read the environment keyed by a parameter: name -> its index."""
    helpers: dict[str, int] = {}
    for stmt in tree.body:
        if not isinstance(stmt, ast.FunctionDef):
            continue
        params = [a.arg for a in stmt.args.posonlyargs + stmt.args.args]
        for node in ast.walk(stmt):
            key = _env_key(node)
            if isinstance(key, ast.Name) and key.id in params:
                helpers[stmt.name] = params.index(key.id)
                break
    return helpers


def environment_reads(source: str) -> tuple[set[str], list[str]]:
    """Environment variable names read by a settings module, and reads that cannot be resolved."""
    tree = ast.parse(source)
    helpers = _env_helpers(tree)
    names: set[str] = set()
    unresolved: list[str] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name in helpers:
            continue  # its environment read is keyed by a parameter; the calls are checked below
        for node in ast.walk(stmt):
            key = _env_key(node)
            if key is None and isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in helpers:
                    index = helpers[func.id]
                    key = node.args[index] if len(node.args) > index else None
                    if key is None:
                        unresolved.append(f"line {node.lineno}: {ast.unparse(node)}")
                        continue
            if key is None:
                continue
            name = _literal(key)
            if name is None:
                unresolved.append(f"line {node.lineno}: {ast.unparse(node)}")
            else:
                names.add(name)
    return names, unresolved


def _bound_names(target: ast.AST) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [n for elt in target.elts for n in _bound_names(elt)]
    if isinstance(target, ast.Starred):
        return _bound_names(target.value)
    return []


def _module_level_statements(body: list[ast.stmt]):
    """Statements run at import time: recurses into if/try/with/for blocks, not into defs."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from _module_level_statements(getattr(stmt, field, []))
        for handler in getattr(stmt, "handlers", []):
            yield from _module_level_statements(handler.body)


def project_setting_names(source: str) -> set[str]:
    """Upper-case names bound at module level that are not Django's own settings."""
    names: set[str] = set()
    for stmt in _module_level_statements(ast.parse(source).body):
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign | ast.AugAssign):
            targets = [stmt.target]
        else:
            continue
        for target in targets:
            names.update(_bound_names(target))
    return {
        name
        for name in names
        if name.isupper()
        and not hasattr(global_settings, name)
        and name not in DJANGO_SETTINGS_WITHOUT_DEFAULT
    }


# --- Enumerating CLI verbs ----------------------------------------------------------------------


def project_command_verbs() -> set[str]:
    """Management commands of installed ``styringsdialog.*`` apps, as the CLI spells them."""
    from django.core.management import get_commands

    return {
        name.replace("_", "-")
        for name, app in get_commands().items()
        if app.startswith(PROJECT_APP_PREFIX)
    }


SETTINGS_SOURCE = SETTINGS_PY.read_text(encoding="utf-8")
ENV_VARS, UNRESOLVED_ENV_READS = environment_reads(SETTINGS_SOURCE)
SETTING_NAMES = project_setting_names(SETTINGS_SOURCE)
PROJECT_COMMAND_VERBS = project_command_verbs()
VERBS = set(cli.VERBS) | PROJECT_COMMAND_VERBS


# --- The tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ENV_VARS))
def test_environment_variable_is_documented(name: str) -> None:
    assert name in documented_names(SETTINGS_DOC.read_text(encoding="utf-8")), (
        f"Environment variable {name} (read in {SETTINGS_LABEL}) is not documented in "
        f"{SETTINGS_DOC.relative_to(ROOT)}: add a table row or heading with `{name}`"
    )


@pytest.mark.parametrize("name", sorted(SETTING_NAMES))
def test_setting_is_documented(name: str) -> None:
    assert name in documented_names(SETTINGS_DOC.read_text(encoding="utf-8")), (
        f"Setting {name} (defined in {SETTINGS_LABEL}, not one of Django's) is not documented "
        f"in {SETTINGS_DOC.relative_to(ROOT)}: add a table row or heading with `{name}`"
    )


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_cli_verb_is_documented(verb: str) -> None:
    assert verb in documented_names(CLI_DOC.read_text(encoding="utf-8")), (
        f"CLI verb `styringsdialog {verb}` is not documented in {CLI_DOC.relative_to(ROOT)}: "
        f"add a table row or heading starting with `{verb}`"
    )


def test_every_environment_read_is_resolvable() -> None:
    assert not UNRESOLVED_ENV_READS, (
        f"{SETTINGS_LABEL} reads environment variables whose names are not string literals, "
        f"so this test cannot check they are documented: {UNRESOLVED_ENV_READS}"
    )


def test_enumeration_finds_something() -> None:
    """Guards against the collectors silently finding nothing (and parametrising zero tests)."""
    assert ENV_VARS, f"no environment reads found in {SETTINGS_PY}"
    assert SETTING_NAMES, f"no project-specific settings found in {SETTINGS_PY}"
    assert cli.VERBS, "styringsdialog.cli.VERBS is empty"
    assert PROJECT_COMMAND_VERBS, f"no management commands found in {PROJECT_APP_PREFIX}* apps"


def test_checker_reports_fabricated_names_as_missing() -> None:
    """The checks can fail: made-up settings and verbs are reported, Django's own are not."""
    fabricated_settings = """
import os
from os import environ

def _env_flag(name, default):
    raw = os.environ.get(name)
    return default if raw is None else raw == "1"

DEBUG = _env_flag("STYRINGSDIALOG_MADE_UP_FLAG", False)
TIME_ZONE = os.getenv("STYRINGSDIALOG_MADE_UP_TZ", "UTC")
ROOT_URLCONF = "made_up.urls"
if "STYRINGSDIALOG_MADE_UP_SWITCH" in os.environ:
    MADE_UP_SETTING, _private = environ["STYRINGSDIALOG_MADE_UP_VALUE"], 1
helper_value = 3
"""
    env_names, unresolved = environment_reads(fabricated_settings)
    assert env_names == {
        "STYRINGSDIALOG_MADE_UP_FLAG",
        "STYRINGSDIALOG_MADE_UP_TZ",
        "STYRINGSDIALOG_MADE_UP_SWITCH",
        "STYRINGSDIALOG_MADE_UP_VALUE",
    }
    assert unresolved == []
    assert project_setting_names(fabricated_settings) == {"MADE_UP_SETTING"}

    settings_doc = SETTINGS_DOC.read_text(encoding="utf-8")
    assert missing_from(settings_doc, env_names | {"MADE_UP_SETTING", "STYRINGSDIALOG_DEBUG"}) == [
        "MADE_UP_SETTING",
        *sorted(env_names),
    ]
    assert missing_from(CLI_DOC.read_text(encoding="utf-8"), {"made-up-verb", "demo-data"}) == [
        "made-up-verb"
    ]

    _, unresolved = environment_reads("import os\nNAME = 'X'\nVALUE = os.environ.get(NAME)\n")
    assert len(unresolved) == 1 and "line 3" in unresolved[0]


def test_documented_names_reads_headings_and_first_cells_only() -> None:
    markdown = "\n".join(
        [
            "# `HEADING_NAME`",
            "Prose mentioning `PROSE_NAME` does not count.",
            "| Name | Meaning |",
            "|---|---|",
            "| `ROW_NAME`, `OTHER_ROW_NAME` | Mentions `SECOND_CELL_NAME`. |",
            "| `verb --choice a\\|b` | Escaped pipes stay in the first cell. |",
            "| `styringsdialog prefixed-verb ARG` | The script name is skipped. |",
        ]
    )
    assert documented_names(markdown) == {
        "HEADING_NAME",
        "ROW_NAME",
        "OTHER_ROW_NAME",
        "verb",
        "prefixed-verb",
    }
