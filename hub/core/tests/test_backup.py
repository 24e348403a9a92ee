"""SECURITY.md item 28: `backup` then `restore` into an empty database gives back every row and every file."""

import io
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from hub.core.backup import EXCLUDED, flush_database
from hub.documents.models import Document
from hub.members.models import User
from hub.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HUB_DEMO_CONTENT_ALLOWED = True
    return tmp_path / "media"


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def counted_models():
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in EXCLUDED and model._meta.label_lower not in EXCLUDED:
            yield model


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in counted_models()}


def hub_rows() -> dict[str, list]:
    """Every value of every row of the hub's own tables; many-to-many links by what they link (their own
    ids are renumbered on loading, and nothing refers to them)."""
    rows = {}
    for model in counted_models():
        if model.__module__.startswith("hub."):
            fields = [
                field.attname
                for field in model._meta.concrete_fields
                if not model._meta.auto_created or not field.primary_key
            ]
            rows[model._meta.label] = sorted(model._base_manager.values_list(*fields), key=repr)
    return rows


def media_files(media: Path) -> dict[str, bytes]:
    return {str(path.relative_to(media)): path.read_bytes() for path in media.rglob("*") if path.is_file()}


@pytest.fixture
def demo_with_files(media):
    """The demo content, plus a photo, a logo and a hosted document (the demo itself links, it hosts nothing)."""
    run("seed_demo")
    user = User.objects.order_by("pk").first()
    user.photo.save("a1b2.png", ContentFile(b"\x89PNG photo bytes"), save=True)
    project = Project.objects.order_by("pk").first()
    project.logo.save("c3d4.png", ContentFile(b"\x89PNG logo bytes"), save=True)
    document = Document.objects.order_by("pk").first()
    document.url = ""
    document.file.save("e5f6.pdf", ContentFile(b"%PDF-1.7 deliverable"), save=True)
    return media


def test_backup_and_restore_round_trip_the_demo_content(demo_with_files, tmp_path):
    counts, rows, files = row_counts(), hub_rows(), media_files(demo_with_files)
    assert counts["news.Post"] and counts["projects.Project"] and len(files) == 3

    output = run("backup", str(tmp_path / "backup"))
    flush_database()
    shutil.rmtree(demo_with_files)
    assert not any(row_counts().values())
    restored = run("restore", str(tmp_path / "backup"))

    assert "Backed up" in output and "3 files" in output
    assert "counts and checksums match" in restored
    assert row_counts() == counts
    assert hub_rows() == rows
    assert media_files(demo_with_files) == files


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(demo_with_files, tmp_path):
    run("backup", str(tmp_path / "backup"))
    Project.objects.filter(pk=Project.objects.order_by("pk").first().pk).update(acronym="CHANGED")
    counts = row_counts()

    with pytest.raises(CommandError, match="not empty"):
        run("restore", str(tmp_path / "backup"))
    assert Project.objects.filter(acronym="CHANGED").exists()  # nothing touched

    run("restore", str(tmp_path / "backup"), force=True)
    assert not Project.objects.filter(acronym="CHANGED").exists()
    assert row_counts() == counts


def test_restore_refuses_a_backup_whose_files_do_not_match_their_checksums(demo_with_files, tmp_path):
    run("backup", str(tmp_path / "backup"))
    damaged = next((tmp_path / "backup" / "media").rglob("*.pdf"))
    damaged.write_bytes(b"%PDF-1.7 something else")
    flush_database()

    with pytest.raises(CommandError, match="damaged"):
        run("restore", str(tmp_path / "backup"))
    assert not Project.objects.exists()


def test_a_backup_never_overwrites_another(demo_with_files, tmp_path):
    run("backup", str(tmp_path / "backup"))

    with pytest.raises(CommandError, match="not empty"):
        run("backup", str(tmp_path / "backup"))
