"""Every public page type at desktop (1280 x 800) and phone (360 x 740) size: none scrolls sideways on a
phone, and each is photographed, so a person can look at the site without running it.

`make screenshots` writes the pictures to docs/screenshots/ (HUB_SCREENSHOTS_DIR); in a plain e2e run they
go to a temporary folder, which keeps this test (and the width check) running in CI without touching the
repository."""

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from .conftest import DESKTOP, PHONE, fits_width
from .pages import public_pages

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAX_HEIGHT = 3000  # px of page kept: the top of a long list says enough
MAX_BYTES = 400_000  # each file stays small enough to commit


def compact_png(png: bytes) -> bytes:
    """The screenshot in 256 colours: a quarter of the size, the same to the eye for a web page."""
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def photograph(page, path: Path) -> None:
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    width = page.viewport_size["width"]
    png = page.screenshot(
        full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}, animations="disabled"
    )
    data = compact_png(png)
    assert len(data) < MAX_BYTES, f"{path.name} is {len(data)} bytes"
    path.write_bytes(data)


def test_every_public_page_at_desktop_and_phone_size(page, site, upcoming_event, tmp_path):
    folder = Path(os.environ.get("HUB_SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    pages = public_pages(upcoming_event)
    for size_name, size in [("desktop", DESKTOP), ("phone", PHONE)]:
        page.set_viewport_size(size)
        for name, path in pages:
            page.goto(site + path)
            fits_width(page)
            photograph(page, folder / f"{name}-{size_name}.png")
    written = sorted(p.name for p in folder.glob("*.png"))
    assert len(written) >= 2 * len(pages)
