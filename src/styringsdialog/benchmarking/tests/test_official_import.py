"""import_official_scores: one fixture file per failure mode; all-or-nothing; idempotent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from styringsdialog.benchmarking.models import OfficialScore
from styringsdialog.benchmarking.official_import import OfficialImportError, RowError, archive_name
from styringsdialog.benchmarking.services import import_official_scores
from styringsdialog.registry.models import DataSource

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "official"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _snapshot() -> tuple:
    return (
        list(
            OfficialScore.objects.order_by("pk").values_list(
                "department_id", "year", "effektivitetstal", "colour"
            )
        ),
        DataSource.objects.count(),
    )


def _fails(name: str) -> list[RowError]:
    before = _snapshot()
    with pytest.raises(OfficialImportError) as exc:
        import_official_scores(path=FIXTURES / name)
    assert _snapshot() == before, "a rejected file must change nothing"
    assert not default_storage.exists("imports"), "nothing is archived"
    return exc.value.errors


def test_a_valid_file_is_loaded_archived_and_reported(bm_world, media):
    report = import_official_scores(path=FIXTURES / "valid.csv")
    assert (
        report.rows,
        report.created,
        report.updated,
        report.unchanged,
        report.already_imported,
    ) == (3, 3, 0, 0, False)
    scores = {
        (o.department.number, o.year): (o.effektivitetstal, o.colour)
        for o in OfficialScore.objects.select_related("department")
    }
    assert scores == {
        ("010", 2024): (88, "groen"),
        ("011", 2024): (75, ""),
        ("012", 2024): (64, "roed"),
    }
    assert report.source_id is not None
    source = DataSource.objects.get(pk=report.source_id)
    assert (source.kind, source.sha256, source.name) == (
        "import",
        report.sha256,
        "Officielle effektivitetstal: valid.csv",
    )
    assert archive_name(report.sha256) == f"imports/{report.sha256}.csv"
    with default_storage.open(archive_name(report.sha256), "rb") as archived:
        assert archived.read() == (FIXTURES / "valid.csv").read_bytes()
    assert (media / "imports" / f"{report.sha256}.csv").is_file(), "through the default storage"


def test_importing_the_same_file_twice_changes_nothing(bm_world):
    first = import_official_scores(path=FIXTURES / "valid.csv")
    before = _snapshot()
    again = import_official_scores(path=FIXTURES / "valid.csv")
    assert again.already_imported and again.source_id == first.source_id and again.created == 0
    assert _snapshot() == before


def test_a_new_file_updates_changed_values_and_keeps_the_rest(bm_world, tmp_path):
    import_official_scores(path=FIXTURES / "valid.csv")
    changed = tmp_path / "rettet.csv"
    changed.write_text(
        "organisation;afdeling;aar;effektivitetstal;farve\n0151;010;2024;88;grøn\n0151;011;2024;77;gul\n",
        encoding="utf-8",
    )
    report = import_official_scores(path=changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    updated = OfficialScore.objects.get(department=bm_world.almenbo["011"], year=2024)
    assert (updated.effektivitetstal, updated.colour, updated.source_id) == (
        77,
        "gul",
        report.source_id,
    )


def test_wrong_header(bm_world):
    assert [str(e) for e in _fails("wrong_header.csv")] == [
        "wrong_header.csv, række 1: Forkert overskrift 'org;afd;år;tal'. Forventede "
        "'organisation;afdeling;aar;effektivitetstal' eventuelt efterfulgt af ';farve'."
    ]


def test_bad_numbers_are_all_reported_with_row_and_column(bm_world):
    errors = _fails("bad_number.csv")
    assert [(e.row, e.column, e.message) for e in errors] == [
        (2, "effektivitetstal", "'8x' er ikke et helt tal mellem 0 og 100."),
        (3, "effektivitetstal", "'101' er ikke et helt tal mellem 0 og 100."),
    ]
    assert (
        str(errors[0])
        == "bad_number.csv, række 2, kolonne effektivitetstal: '8x' er ikke et helt tal mellem 0 og 100."
    )


def test_unknown_department(bm_world):
    errors = _fails("unknown_department.csv")
    assert [(e.row, e.column, e.message) for e in errors] == [
        (3, "afdeling", "Afdeling 0151-999 findes ikke i registret.")
    ]


def test_duplicate_row(bm_world):
    errors = _fails("duplicate_row.csv")
    assert [(e.row, e.column, e.message) for e in errors] == [
        (4, "", "Afdeling 0151-010 år 2024 står også i række 2.")
    ]


def test_wrong_encoding(bm_world):
    errors = _fails("latin1.csv")
    assert [(e.file, e.row, e.column, e.message) for e in errors] == [
        ("latin1.csv", 2, "", "Filen er ikke UTF-8-kodet. Gem den som 'CSV UTF-8' og prøv igen.")
    ]


def test_empty_file(bm_world):
    errors = _fails("empty.csv")
    assert [(e.row, e.message) for e in errors] == [
        (
            1,
            "Filen er tom. Første linje skal være overskriften 'organisation;afdeling;aar;effektivitetstal[;farve]'.",
        )
    ]


def test_other_row_problems_are_collected_together(bm_world, tmp_path):
    path = tmp_path / "blandet.csv"
    shutil.copy(FIXTURES / "valid.csv", path)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("0151;010\n12345;01x;1990;50;lilla\n")
    before = _snapshot()
    with pytest.raises(OfficialImportError) as exc:
        import_official_scores(path=path)
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (5, ""),
        (6, "organisation"),
        (6, "afdeling"),
        (6, "aar"),
        (6, "farve"),
    ]
    assert exc.value.errors[0].message == "Forventede 5 kolonner adskilt af semikolon, fandt 2."
    assert _snapshot() == before


def test_a_bom_and_windows_line_endings_are_accepted(bm_world, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufefforganisation;afdeling;aar;effektivitetstal\r\n0151;010;2024;91\r\n".encode()
    )
    assert import_official_scores(path=path).created == 1
