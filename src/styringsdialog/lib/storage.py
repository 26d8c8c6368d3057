"""Files through Django's storage API only: content-addressed writes and the storage settings.

Every file the app keeps (uploaded imports and attachments, published referat files, meeting
attachments) goes through ``django.core.files.storage`` (``STORAGES["default"]``), never the local
file system directly, so several app processes can share one installation whose files live in an
S3-compatible object store (django-storages). The default stays ``FileSystemStorage`` under
``MEDIA_ROOT``.

``default_storage_config`` turns the ``STYRINGSDIALOG_S3_*`` settings (read from the environment
in ``settings.py``, documented in ``docs/reference/settings.md``) into ``STORAGES["default"]``; it
imports nothing from Django's storage modules, so ``settings.py`` can call it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ImproperlyConfigured

LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
ADDRESSING_STYLES = ("auto", "path", "virtual")


def default_storage_config(
    *,
    bucket: str = "",
    prefix: str = "",
    endpoint_url: str = "",
    region: str = "",
    access_key_id: str = "",
    secret_access_key: str = "",
    addressing_style: str = "",
) -> dict[str, Any]:
    """``STORAGES["default"]``: local ``MEDIA_ROOT`` without a bucket, else the S3 bucket."""
    bucket = bucket.strip()
    if not bucket:
        return {"BACKEND": LOCAL_BACKEND}
    style = addressing_style.strip() or "auto"
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"STYRINGSDIALOG_S3_ADDRESSING_STYLE skal være en af {', '.join(ADDRESSING_STYLES)}, "
            f"ikke {style!r}."
        )
    if bool(access_key_id.strip()) != bool(secret_access_key.strip()):
        raise ImproperlyConfigured(
            "Sæt både STYRINGSDIALOG_S3_ACCESS_KEY_ID og STYRINGSDIALOG_S3_SECRET_ACCESS_KEY "
            "(eller ingen af dem, så bruges maskinens egne AWS-legitimationsoplysninger)."
        )
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": prefix.strip().strip("/"),
        "endpoint_url": endpoint_url.strip() or None,
        "region_name": region.strip() or None,
        "access_key": access_key_id.strip() or None,
        "secret_key": secret_access_key.strip() or None,
        "addressing_style": None if style == "auto" else style,
        # Private bucket: files are served through the app (scope checks), never by public URL.
        "default_acl": None,
        "querystring_auth": True,
        # Names are content-addressed or carry a content hash: never overwrite a stored file.
        "file_overwrite": False,
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def content_name(data: bytes, *, folder: str, ext: str) -> tuple[str, str]:
    """(storage name ``<folder>/<sha256>.<ext>``, sha256) for ``data``."""
    sha = hashlib.sha256(data).hexdigest()
    clean_ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:10] or "bin"
    return f"{folder}/{sha}.{clean_ext}", sha


def store_content(data: bytes, *, folder: str, ext: str) -> tuple[str, str]:
    """Store ``data`` once under ``<folder>/<sha256>.<ext>``; an existing file is never overwritten.

    Returns (storage name, sha256).
    """
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name, sha = content_name(data, folder=folder, ext=ext)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # pragma: no cover - another process stored the same content meanwhile
            default_storage.delete(saved)
    return name, sha


def read_content(name: str) -> bytes:
    """The bytes of a stored file (``FileNotFoundError`` when it is missing)."""
    from django.core.files.storage import default_storage

    with default_storage.open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


def iter_files(prefix: str = "") -> Iterator[str]:
    """Every stored file name under ``prefix`` (recursively), sorted within each folder."""
    from django.core.files.storage import default_storage

    try:
        folders, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return
    base = f"{prefix.rstrip('/')}/" if prefix else ""
    for name in sorted(files):
        yield f"{base}{name}"
    for folder in sorted(folders):
        yield from iter_files(f"{base}{folder}")
