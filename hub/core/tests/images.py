"""A tiny image to upload in tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

# The smallest valid GIF: one transparent pixel.
PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
    b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def gif_upload(name: str = "pixel.gif") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PIXEL_GIF, content_type="image/gif")
