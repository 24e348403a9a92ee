"""Back up and restore the whole hub: every row (Django's JSON serialisation, so it loads on SQLite or
PostgreSQL alike) and every file in the media storage, with a manifest of row counts and file checksums.

A backup folder holds ``manifest.json``, ``data.xml`` and ``media/<stored name>`` for each file.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
# XML, not JSON: Django's JSON encoder cuts datetimes to milliseconds, the XML serialiser keeps every digit.
DATA_FILE, MANIFEST_FILE, MEDIA_DIR = "data.xml", "manifest.json", "media"
# Rebuilt by `migrate` (content types, permissions) or worthless after a restore (sessions): not backed up.
EXCLUDED = ("contenttypes", "auth.permission", "sessions")


class BackupError(Exception):
    """The backup folder is incomplete or damaged, or the database is not ready for it."""


@dataclass
class RestoreReport:
    rows: int
    files: int


def sha256_of(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def backed_up_models():
    """Every table the backup holds, many-to-many link tables included."""
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED:
            continue
        yield model


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


def stored_files(storage=default_storage, path: str = ""):
    """The name of every file in ``storage``, found through the storage API (any backend)."""
    directories, files = storage.listdir(path)
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from stored_files(storage, f"{path}/{directory}" if path else directory)


# Backup


def backup(target: Path, *, storage=default_storage) -> dict:
    """Write the database and every media file to ``target`` (which must be empty or new); return the manifest."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: choose a new folder, so no backup is overwritten.")
    (target / MEDIA_DIR).mkdir(parents=True, exist_ok=True)
    with transaction.atomic():  # one consistent view of the rows (a snapshot on PostgreSQL)
        call_command(
            "dumpdata",
            exclude=list(EXCLUDED),
            natural_foreign=True,  # content types and permissions by name: their ids differ between databases
            use_base_manager=True,  # every row, whatever a default manager filters
            format="xml",
            output=str(target / DATA_FILE),
            verbosity=0,
        )
        counts = row_counts()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "django": django.get_version(),
        "database": connection.vendor,
        "data": {"name": DATA_FILE, "sha256": _file_sha256(target / DATA_FILE)},
        "counts": counts,
        "files": {name: _copy_out(storage, name, target / MEDIA_DIR) for name in stored_files(storage)},
    }
    (target / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return manifest


def _file_sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return sha256_of(stream)


def _copy_out(storage, name: str, media_dir: Path) -> dict:
    destination = media_dir / PurePosixPath(name)
    destination.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with storage.open(name, "rb") as source, destination.open("wb") as copy:
        for chunk in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(chunk)
            copy.write(chunk)
    return {"sha256": digest.hexdigest(), "size": destination.stat().st_size}


# Restore


def read_manifest(source: Path) -> dict:
    """The manifest, once every file it lists is present in ``source`` with its recorded checksum."""
    try:
        manifest = json.loads((source / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"No readable {MANIFEST_FILE} in {source}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup has format {manifest.get('format')!r}; this version reads {FORMAT}.")
    damaged = [DATA_FILE] if _checksum_of(source, DATA_FILE) != manifest["data"]["sha256"] else []
    for name, entry in manifest["files"].items():
        if _checksum_of(source / MEDIA_DIR, name) != entry["sha256"]:
            damaged.append(f"{MEDIA_DIR}/{name}")
    if damaged:
        raise BackupError(f"Missing or damaged in the backup (checksum differs): {', '.join(damaged[:20])}")
    return manifest


def _checksum_of(folder: Path, name: str) -> str | None:
    path = (folder / PurePosixPath(name)).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return None  # a name pointing outside the backup is treated as missing
    return _file_sha256(path)


def non_empty_tables() -> list[str]:
    return [label for label, count in row_counts().items() if count]


def restore(source: Path, *, force: bool = False, storage=default_storage) -> RestoreReport:
    """Replace the database's rows and put back every file of the backup in ``source``.

    Refuses a database that holds rows unless ``force`` (then every row is replaced). The rows are
    replaced in one transaction: if loading fails, the database is left as it was."""
    manifest = read_manifest(source)
    occupied = non_empty_tables()
    if occupied and not force:
        raise BackupError(
            "The database is not empty (" + ", ".join(occupied[:8]) + (", ..." if len(occupied) > 8 else "") + "). "
            "Restore into an empty database, or add --force to replace everything in it."
        )
    for name, entry in manifest["files"].items():
        _copy_in(storage, name, entry["sha256"], source / MEDIA_DIR)
    with transaction.atomic():
        if occupied:
            flush_database()
        call_command("loaddata", str(source / DATA_FILE), verbosity=0)
    _verify(manifest, storage)
    return RestoreReport(rows=sum(manifest["counts"].values()), files=len(manifest["files"]))


def flush_database() -> None:
    """Delete every row, as `manage.py flush` does (content types and permissions come back at once)."""
    if connection.vendor != "postgresql":
        call_command("flush", interactive=False, verbosity=0)
        return
    with connection.cursor() as cursor:
        # TRUNCATE refuses while foreign-key checks of this transaction's own writes are still deferred;
        # deferred again afterwards, so loaddata can insert rows before the rows they point to.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _copy_in(storage, name: str, checksum: str, media_dir: Path) -> None:
    if storage.exists(name):
        with storage.open(name, "rb") as current:
            if sha256_of(current) == checksum:
                return
        storage.delete(name)  # a different file under the same name: the backup's copy wins
    with (media_dir / PurePosixPath(name)).open("rb") as stream:
        saved = storage.save(name, File(stream, name=name))
    if saved != name:
        raise BackupError(f"The storage saved {name} as {saved}; the restored rows would not find it.")


def _verify(manifest: dict, storage) -> None:
    """Every table holds as many rows as when the backup was made, and every file reads back intact."""
    counts = row_counts()
    wrong = [
        f"{label}: {counts.get(label)} rows instead of {count}"
        for label, count in manifest["counts"].items()
        if counts.get(label) != count
    ]
    for name, entry in manifest["files"].items():
        with storage.open(name, "rb") as stream:
            if sha256_of(stream) != entry["sha256"]:
                wrong.append(f"file {name}: checksum differs")
    if wrong:
        raise BackupError("The restore does not match the backup: " + "; ".join(wrong[:20]))
