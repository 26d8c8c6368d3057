"""Immutable, content-addressed storage of uploaded files: ``<folder>/<sha256>.<ext>``.

A file with the same content is stored once; an existing file is never overwritten.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

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
    data = uploaded_file.read()
    if len(data) > MAX_BYTES:
        raise ValidationError(
            f"Filen er for stor ({len(data) // (1024 * 1024)} MB); den må højst fylde {MAX_BYTES // (1024 * 1024)} MB."
        )
    return data, name


def store(data: bytes, *, folder: str, original_name: str) -> StoredFile:
    sha = hashlib.sha256(data).hexdigest()
    ext = original_name.rsplit(".", 1)[-1].lower() if "." in original_name else "bin"
    ext = re.sub(r"[^a-z0-9]", "", ext)[:10] or "bin"
    name = f"{folder}/{sha}.{ext}"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # pragma: no cover - another process stored the same content meanwhile
            default_storage.delete(saved)
    return StoredFile(name=name, sha256=sha, size=len(data), original_name=original_name, data=data)
