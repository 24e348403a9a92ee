"""Media on S3-compatible object storage (chosen in settings when HUB_MEDIA_S3_BUCKET is set)."""

import mimetypes

from django.conf import settings
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# Shown inline in the browser; anything else is offered as a download (SECURITY.md, item 18).
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


class MediaS3Storage(S3Storage):
    """S3 storage whose objects carry their real type, and ``attachment`` unless they are images.

    The bucket is private. Pages link to our own /media/ address (``url``), where hub/core/media.py
    checks who may see the file's row and then redirects to a signed address that expires in a few
    minutes (``signed_url``): a draft's file is never readable from the bucket by the public. The
    headers a reverse proxy would add for /media/ travel with each object.
    """

    default_acl = "private"
    signed_url_seconds = 300

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{settings.MEDIA_URL}{clean_name(name)}"

    def signed_url(self, name: str) -> str:
        """A GET address for ``name`` valid ``signed_url_seconds``; made locally, no request to S3."""
        return self.bucket.meta.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket_name, "Key": self._normalize_name(clean_name(name))},
            ExpiresIn=self.signed_url_seconds,
        )

    def get_object_parameters(self, name: str) -> dict:
        params = super().get_object_parameters(name)
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        params.setdefault("ContentType", content_type)
        if content_type not in INLINE_TYPES:
            params.setdefault("ContentDisposition", "attachment")
        return params
