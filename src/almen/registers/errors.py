"""Errors of the register parsers and clients, in Danish, with file, row and column.

``RowError`` is the project's one error record (``almen.tabular.RowError``: file, row, column,
message), so register imports report problems exactly like every other import.
"""

from __future__ import annotations

from almen.tabular import RowError

__all__ = ["RegisterClientError", "RegisterFormatError", "RowError", "describe"]


def describe(error: RowError) -> str:
    """ "fil.csv, række 3, kolonne antal_boliger: 'x' er ikke et helt tal." (row/column when known)."""
    where = [error.file]
    if error.row is not None:
        where.append(f"række {error.row}")
    if error.column:
        where.append(f"kolonne {error.column}")
    return f"{', '.join(where)}: {error.message}"


class RegisterFormatError(ValueError):
    """The input could not be read. ``errors`` holds every problem found (never just the first)."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        super().__init__("\n".join(describe(e) for e in self.errors))


class RegisterClientError(RuntimeError):
    """A live register call failed (no network, no credentials, an error answer). Danish text."""
