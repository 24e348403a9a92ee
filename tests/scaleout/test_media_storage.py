"""Uploaded files go to S3-compatible storage when the environment names a bucket, else to the local disk."""

import pytest
from django.utils.module_loading import import_string

from .settings_loader import load_settings

S3_ENVIRONMENT = {
    "HUB_MEDIA_S3_BUCKET": "hub-media",
    "HUB_MEDIA_S3_ENDPOINT_URL": "https://s3.example.net",
    "HUB_MEDIA_S3_REGION": "eu-central-1",
    "HUB_MEDIA_S3_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "HUB_MEDIA_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
}
PROD_ENVIRONMENT = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "hub.example.org"}


def storage_from(settings_module):
    config = settings_module.STORAGES["default"]
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


@pytest.mark.parametrize("name", ["base", "prod"])
def test_a_bucket_in_the_environment_puts_media_on_a_private_s3_bucket(monkeypatch, name):
    settings_module = load_settings(name, monkeypatch, **S3_ENVIRONMENT, **PROD_ENVIRONMENT)
    storage = storage_from(settings_module)

    assert settings_module.STORAGES["default"]["BACKEND"] == "hub.core.storage.MediaS3Storage"
    assert (storage.bucket_name, storage.endpoint_url, storage.region_name) == (
        "hub-media",
        "https://s3.example.net",
        "eu-central-1",
    )
    assert (storage.access_key, storage.secret_key) == ("AKIAEXAMPLE", "not-a-real-secret")
    # Pages link to our own checked address; the bucket is private and answers signed addresses only.
    assert storage.url("posts/pilot.png") == "/media/posts/pilot.png"
    assert storage.default_acl == "private"
    signed = storage.signed_url("posts/pilot.png")  # made locally: no request to S3
    assert signed.startswith("https://s3.example.net/hub-media/media/posts/pilot.png?")
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed
    assert storage.file_overwrite is False


def test_without_a_bucket_media_stay_on_the_local_disk(monkeypatch):
    monkeypatch.delenv("HUB_MEDIA_S3_BUCKET", raising=False)
    settings_module = load_settings("prod", monkeypatch, **PROD_ENVIRONMENT)

    assert settings_module.STORAGES["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_files_on_s3_carry_their_type_and_only_images_open_in_the_browser(monkeypatch):
    storage = storage_from(load_settings("base", monkeypatch, **S3_ENVIRONMENT))

    image = storage.get_object_parameters("posts/pilot.png")
    document = storage.get_object_parameters("documents/report.pdf")
    page = storage.get_object_parameters("documents/page.html")

    assert image == {"ContentType": "image/png"}
    assert document == {"ContentType": "application/pdf", "ContentDisposition": "attachment"}
    assert page["ContentDisposition"] == "attachment"
