"""Immutable, content-addressed storage of uploaded files: ``<folder>/<sha256>.<ext>``.

A file with the same content is stored once; an existing file is never overwritten. Files go
through Django's storage API (``styringsdialog.lib.storage``): local ``MEDIA_ROOT`` or an
S3-compatible bucket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from styringsdialog.lib.storage import store_content

MAX_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    name: str  # storage name, e.g. "imports/ab12….csv"
    sha256: str
    size: int
    original_name: str
    data: bytes


def read_upload(uploaded_file: Any) -> tuple[bytes, str]:
    """(content, original file name without directories) of an uploaded or opened file."""
    raw_name = str(getattr(uploaded_file, "name", "") or "fil")
    name = re.split(r"[\\/]", raw_name)[-1][:255] or "fil"
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(MAX_BYTES + 1)  # never more: a file on the command line can be huge
    if len(data) > MAX_BYTES:
        size = getattr(uploaded_file, "size", None) or len(data)
        raise ValidationError(
            f"Filen er for stor ({size // (1024 * 1024)} MB); den må højst fylde {MAX_BYTES // (1024 * 1024)} MB."
        )
    return data, name


def read_stored(name: str) -> bytes:
    """The content of a stored file (at most ``MAX_BYTES``, as every upload)."""
    from django.core.files.storage import default_storage

    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except (FileNotFoundError, OSError) as exc:
        raise ValidationError("Den gemte fil findes ikke længere; indlæs den igen.") from exc
    if len(data) > MAX_BYTES:
        raise ValidationError("Den gemte fil er for stor.")
    return data


def store(data: bytes, *, folder: str, original_name: str) -> StoredFile:
    ext = original_name.rsplit(".", 1)[-1] if "." in original_name else "bin"
    name, sha = store_content(data, folder=folder, ext=ext)
    return StoredFile(name=name, sha256=sha, size=len(data), original_name=original_name, data=data)
