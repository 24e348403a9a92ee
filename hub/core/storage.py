"""Media on S3-compatible object storage (chosen in settings when HUB_MEDIA_S3_BUCKET is set)."""

import mimetypes

from storages.backends.s3 import S3Storage

# Shown inline in the browser; anything else is offered as a download (SECURITY.md, item 18).
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


class MediaS3Storage(S3Storage):
    """S3 storage whose objects carry their real type, and ``attachment`` unless they are images.

    The bucket serves the files itself, so the headers a reverse proxy would add for /media/
    have to travel with each object instead.
    """

    def get_object_parameters(self, name: str) -> dict:
        params = super().get_object_parameters(name)
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        params.setdefault("ContentType", content_type)
        if content_type not in INLINE_TYPES:
            params.setdefault("ContentDisposition", "attachment")
        return params
