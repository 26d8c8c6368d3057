"""The HTML, PDF and DOCX of each published version move from database columns to the file storage.

Each version gets three ``ReferatFile`` rows pointing at ``referater/<sha256>.<ext>`` in
``STORAGES["default"]`` (local ``MEDIA_ROOT`` or an S3-compatible bucket). The copy only INSERTs
file rows; version rows are never updated (published versions are immutable), and the columns are
dropped afterwards.
"""

from __future__ import annotations

import hashlib

import django.db.models.deletion
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models


def _store(data: bytes, ext: str) -> tuple[str, str]:
    sha = hashlib.sha256(data).hexdigest()
    name = f"referater/{sha}.{ext}"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name, sha


def files_to_storage(apps, schema_editor) -> None:
    ReferatVersion = apps.get_model("publication", "ReferatVersion")
    ReferatFile = apps.get_model("publication", "ReferatFile")
    db = schema_editor.connection.alias
    ids = list(ReferatVersion.objects.using(db).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 200):
        rows = (
            ReferatVersion.objects.using(db)
            .filter(pk__in=ids[start : start + 200])
            .values_list("pk", "html", "pdf", "docx")
        )
        files = []
        for pk, html, pdf, docx in rows:
            for kind, content in (("html", html.encode()), ("pdf", pdf), ("docx", docx)):
                data = bytes(content)
                name, sha = _store(data, kind)
                files.append(
                    ReferatFile(version_id=pk, kind=kind, file=name, sha256=sha, size=len(data))
                )
        ReferatFile.objects.using(db).bulk_create(files)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new rows' deferred foreign keys now: PostgreSQL refuses the ALTER TABLE below
        # while the transaction has pending trigger events.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def files_to_columns(apps, schema_editor) -> None:
    ReferatVersion = apps.get_model("publication", "ReferatVersion")
    ReferatFile = apps.get_model("publication", "ReferatFile")
    db = schema_editor.connection.alias
    for version in ReferatVersion.objects.using(db).order_by("pk").iterator():
        values = {}
        for row in ReferatFile.objects.using(db).filter(version_id=version.pk):
            with default_storage.open(row.file.name, "rb") as handle:
                data = handle.read()
            values[row.kind] = data.decode() if row.kind == "html" else data
        ReferatVersion.objects.using(db).filter(pk=version.pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [("publication", "0002_search_index")]

    operations = [
        migrations.CreateModel(
            name="ReferatFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("html", "HTML"), ("pdf", "PDF"), ("docx", "DOCX")],
                        max_length=4,
                        verbose_name="filtype",
                    ),
                ),
                ("file", models.FileField(max_length=200, upload_to="", verbose_name="fil")),
                ("sha256", models.CharField(max_length=64)),
                ("size", models.PositiveBigIntegerField(verbose_name="størrelse (bytes)")),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="files",
                        to="publication.referatversion",
                        verbose_name="version",
                    ),
                ),
            ],
            options={
                "verbose_name": "referatfil",
                "verbose_name_plural": "referatfiler",
                "ordering": ["version_id", "kind"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("version", "kind"), name="referat_file_kind_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(files_to_storage, files_to_columns, elidable=False),
        # Defaults only so that migrating back can add the NOT NULL columns to existing rows
        # (files_to_columns then fills them); the columns are dropped right after.
        migrations.AlterField(
            model_name="referatversion", name="html", field=models.TextField("HTML", default="")
        ),
        migrations.AlterField(
            model_name="referatversion", name="pdf", field=models.BinaryField("PDF", default=b"")
        ),
        migrations.AlterField(
            model_name="referatversion",
            name="docx",
            field=models.BinaryField("DOCX", default=b""),
        ),
        migrations.RemoveField(model_name="referatversion", name="docx"),
        migrations.RemoveField(model_name="referatversion", name="html"),
        migrations.RemoveField(model_name="referatversion", name="pdf"),
    ]
