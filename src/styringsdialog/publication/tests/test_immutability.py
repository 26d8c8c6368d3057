"""Published versions can never be changed or deleted — not by the model, the ORM or the admin."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.db.models.deletion import ProtectedError
from django.test import RequestFactory

from styringsdialog.publication.models import (
    ImmutableVersionError,
    PublishedReferat,
    ReferatVersion,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(seed_meeting, publish):
    return publish(seed_meeting)


def test_saving_a_published_version_is_refused_with_a_clear_message(version):
    version.change_note = "snydt"
    with pytest.raises(ImmutableVersionError, match="kan ikke ændres eller slettes.*rettelse"):
        version.save()
    assert ReferatVersion.objects.get(pk=version.pk).change_note == ""


def test_deleting_a_published_version_is_refused(version):
    with pytest.raises(ImmutableVersionError):
        version.delete()
    assert ReferatVersion.objects.filter(pk=version.pk).exists()


def test_bulk_update_and_delete_are_refused(version):
    with pytest.raises(ImmutableVersionError):
        ReferatVersion.objects.filter(pk=version.pk).update(title="Ændret titel")
    with pytest.raises(ImmutableVersionError):
        ReferatVersion.objects.all().delete()
    assert ReferatVersion.objects.get(pk=version.pk).title == version.title


def test_the_meeting_and_the_publisher_cannot_be_deleted_under_a_version(version):
    with pytest.raises(ProtectedError):
        version.meeting.delete()
    with pytest.raises(ProtectedError):
        version.published_by.delete()
    with pytest.raises(ProtectedError):
        PublishedReferat.objects.filter(pk=version.referat_id).delete()


def test_stored_files_keep_their_sha256(version):
    fresh = ReferatVersion.objects.get(pk=version.pk)
    assert fresh.checksums_match()
    assert len(fresh.pdf_sha256) == len(fresh.docx_sha256) == len(fresh.html_sha256) == 64


def test_the_admin_is_read_only(world, version):
    request = RequestFactory().get("/")
    request.user = world.users["admin"]
    for model in (ReferatVersion, PublishedReferat):
        admin = site._registry[model]
        assert not admin.has_change_permission(request, version)
        assert not admin.has_delete_permission(request, version)
        assert not admin.has_add_permission(request)
