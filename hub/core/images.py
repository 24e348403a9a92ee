"""Responsive images: every uploaded image is stored once more in a few widths, in WebP and in a
fallback format, and recorded in ``ImageRendition`` rows.

Renditions are made when the owning row is saved with a new image (the upload request pays for
Pillow once) or by ``manage.py images_render`` for files that arrived another way (bulk data,
restores). A page then reads the rows, one query for all its images, and never opens a file:
``pictures_for`` and ``picture_html`` below, used by the ``images`` template tags. Everything goes
through the storage API, so media may live on S3.
"""

import html
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.html import format_html
from PIL import Image, ImageOps, UnidentifiedImageError

from hub.core.models import ImageRendition

logger = logging.getLogger(__name__)

# Widths that cover a phone, a content column and a wide or high-density screen; never upscaled.
WIDTHS = (320, 640, 1280)
RENDITION_PREFIX = "renditions/"
MAX_SOURCE_LENGTH = ImageRendition._meta.get_field("source").max_length
# Rich-text fields whose <img> elements (site-relative /media/ URLs) get renditions too.
RICH_TEXT_FIELDS = {"news.Post": ("body",), "events.Event": ("description",), "pages.Page": ("body",)}
WEBP = ImageRendition.Format.WEBP
FALLBACK_FORMATS = {"JPEG": ImageRendition.Format.JPEG, "MPO": ImageRendition.Format.JPEG, "WEBP": WEBP}
# Originals in these formats serve as their own full-size rendition.
SOURCE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
PILLOW_FORMATS = {"webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}
ENCODER_OPTIONS = {
    "webp": {"quality": 80, "method": 4},
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
    "png": {"optimize": True},
}
# nh3 writes every attribute as name="value" with quotes escaped, so these patterns see whole attributes
# even when a value holds ">".
IMG_TAG = re.compile(r'<img((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*)\s*/?>')
ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?')


# Which images a row shows ---------------------------------------------------------------------------


def image_field_names(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if isinstance(field, models.ImageField)]


def rich_text_field_names(model) -> tuple[str, ...]:
    return RICH_TEXT_FIELDS.get(model._meta.label, ())


def media_name(url: str) -> str | None:
    """The storage name behind a site-relative media URL (``/media/posts/a.jpg`` -> ``posts/a.jpg``)."""
    prefix = urlsplit(settings.MEDIA_URL).path
    path = urlsplit(url).path
    name = unquote(path.removeprefix(prefix)) if prefix and path.startswith(prefix) else ""
    if not name or ".." in name or len(name) > MAX_SOURCE_LENGTH:
        return None
    return name


def sources_in_html(text: str) -> set[str]:
    names = set()
    for match in IMG_TAG.finditer(text or ""):
        src = dict(ATTRIBUTE.findall(match.group(1))).get("src", "")
        name = media_name(html.unescape(src))
        if name:
            names.add(name)
    return names


def sources_of(instance, fields=None) -> set[str]:
    """Storage names of the images ``instance`` shows: its image fields and the images in its rich text.
    Deferred fields are skipped: reading them would cost a query per row."""
    model, deferred = type(instance), instance.get_deferred_fields()
    wanted = [name for name in image_field_names(model) + list(rich_text_field_names(model)) if name not in deferred]
    names = set()
    for name in wanted if fields is None else [name for name in wanted if name in fields]:
        value = getattr(instance, name)
        names |= sources_in_html(value) if isinstance(value, str) else {value.name}
    return {name for name in names if name}


def sources_in(values) -> set[str]:
    """Images shown by ``values``: rows, field files, rich-text strings, or lists and pages of them."""
    names = set()
    for value in values:
        if isinstance(value, models.Model):
            names |= sources_of(value)
        elif isinstance(value, FieldFile):
            names |= {value.name} if value else set()
        elif isinstance(value, str):
            names |= sources_in_html(value)
        elif value is not None:
            names |= sources_in(list(value))
    return names


# Making and removing renditions (writes: uploads and the management command) -----------------------


@dataclass(frozen=True)
class Target:
    width: int
    format: str
    reuse_source: bool  # the original already is this rendition: record it, store nothing


def targets(*, width: int, source_format: str | None) -> list[Target]:
    """What to make for an image ``width`` pixels wide: each size below it (and its own if it is small),
    in WebP and in the fallback format (JPEG for photos, PNG otherwise, nothing more for a WebP)."""
    widths = [w for w in WIDTHS if w < width] + ([width] if width <= WIDTHS[-1] else [])
    fallback = FALLBACK_FORMATS.get(source_format or "", ImageRendition.Format.PNG)
    same_format = SOURCE_FORMATS.get(source_format or "")
    return [
        Target(w, f, reuse_source=(w == width and f == same_format)) for f in sorted({WEBP, fallback}) for w in widths
    ]


def rendition_name(source: str, width: int, image_format: str) -> str:
    stem = PurePosixPath(source).with_suffix("")
    return f"{RENDITION_PREFIX}{stem}-{width}w.{EXTENSIONS[image_format]}"


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def scaled(image: Image.Image, widths) -> Iterator[tuple[int, int, Image.Image]]:
    """``image`` at each of ``widths``, largest first, each made from the one before: much faster than
    scaling the full original every time, and as sharp at these ratios."""
    current = image.convert("RGBA" if has_alpha(image) else "RGB")
    for width in sorted(set(widths), reverse=True):
        height = max(1, round(image.height * width / image.width))
        if current.size != (width, height):
            current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        yield width, height, current


def encoded(image: Image.Image, image_format: str) -> bytes:
    if image_format == "jpeg" and image.mode != "RGB":
        image = image.convert("RGB")
    buffer = BytesIO()
    image.save(buffer, format=PILLOW_FORMATS[image_format], **ENCODER_OPTIONS[image_format])
    return buffer.getvalue()


def open_image(source: str, storage) -> Image.Image | None:
    try:
        with storage.open(source, "rb") as file:
            image = Image.open(BytesIO(file.read()))
            image_format = image.format
            if image_format == "JPEG":  # let libjpeg decode at a fraction of the size when that is still enough
                image.draft(image.mode, (WIDTHS[-1], WIDTHS[-1]))
            image = ImageOps.exif_transpose(image)  # as browsers show it; drops the orientation tag
            image.load()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError) as error:
        logger.warning("No renditions for %s: %s", source, error)
        return None
    image.format = image_format
    return image


def store(storage, name: str, content: bytes) -> str:
    if storage.exists(name):  # left by an earlier run that did not record it: replace it, keep the name
        storage.delete(name)
    return storage.save(name, ContentFile(content))


def renditions_create(*, source: str, storage=None) -> list[ImageRendition]:
    """Store and record every missing rendition of ``source``; [] if it cannot be read as an image.
    Names are derived from the source, so running it again replaces nothing that exists."""
    storage = storage or default_storage
    existing = {(r.width, r.format) for r in ImageRendition.objects.filter(source=source)}
    image = open_image(source, storage)
    if image is None:
        return []
    wanted = [t for t in targets(width=image.width, source_format=image.format) if (t.width, t.format) not in existing]
    rows = [
        ImageRendition(source=source, width=t.width, height=image.height, format=t.format, file=source)
        for t in wanted
        if t.reuse_source
    ]
    to_encode = [t for t in wanted if not t.reuse_source]
    for width, height, picture in scaled(image, {t.width for t in to_encode}):
        for target in (t for t in to_encode if t.width == width):
            name = store(storage, rendition_name(source, width, target.format), encoded(picture, target.format))
            rows.append(ImageRendition(source=source, width=width, height=height, format=target.format, file=name))
    return ImageRendition.objects.bulk_create(rows, ignore_conflicts=True)


def renditions_ensure(names) -> None:
    """Make renditions for those of ``names`` that have none yet (one query when all have them)."""
    names = set(names)
    done = set(ImageRendition.objects.for_sources(names).values_list("source", flat=True).distinct())
    for source in sorted(names - done):
        try:
            renditions_create(source=source)
        except (OSError, ValueError) as error:  # storage or encoder trouble must not fail the save that uploaded
            logger.warning("Renditions of %s not made: %s", source, error)


def renditions_delete(*, source: str, storage=None) -> None:
    """Remove the stored renditions of ``source`` and their records; the original itself stays."""
    storage = storage or default_storage
    for name in ImageRendition.objects.filter(source=source).exclude(file=source).values_list("file", flat=True):
        storage.delete(name)
    ImageRendition.objects.filter(source=source).delete()


def is_referenced(source: str) -> bool:
    """Whether any row's image field still holds ``source`` (the same file may be shared, e.g. by bulk data)."""
    return any(
        model._base_manager.filter(**{name: source}).exists()
        for model in apps.get_models()
        for name in image_field_names(model)
    )


def renditions_delete_unused(names) -> None:
    for source in names:
        if source and not is_referenced(source):
            renditions_delete(source=source)


def sources_in_use() -> set[str]:
    """Every image any row shows now: image fields, then images in rich text (streamed, for large tables)."""
    names = set()
    for model in models_with_images():
        for name in image_field_names(model):
            names |= set(model._base_manager.exclude(**{name: ""}).values_list(name, flat=True).distinct())
        for name in rich_text_field_names(model):
            rows = model._base_manager.filter(**{f"{name}__contains": "<img"}).values_list(name, flat=True)
            for text in rows.iterator(chunk_size=2000):
                names |= sources_in_html(text)
    return names


def renditions_prune(in_use: set[str]) -> int:
    """Remove the renditions of images no row shows any more; returns how many originals were concerned."""
    unused = set(ImageRendition.objects.values_list("source", flat=True).distinct()) - in_use
    for source in unused:
        renditions_delete(source=source)
    return len(unused)


def sources_with_lost_files(storage=None) -> set[str]:
    """Originals whose recorded renditions are not all in storage (e.g. media copied without renditions/)."""
    storage = storage or default_storage
    rows = ImageRendition.objects.exclude(file=models.F("source")).values_list("source", "file")
    return {source for source, name in rows.iterator(chunk_size=2000) if not storage.exists(name)}


# Signal receivers: the write side of every model that shows images -------------------------------


def remember_replaced_images(sender, instance, raw=False, **kwargs):
    """Before a new file replaces an image, note the old name so its renditions can go after the save."""
    new_uploads = [
        name
        for name in image_field_names(sender)
        if getattr(instance, name) and not getattr(instance, name)._committed
    ]
    if raw or not new_uploads or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).values(*new_uploads).first() or {}
    instance._replaced_images = {name for name in old.values() if name}


def render_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # fixtures and restores: images_render catches up afterwards
        return
    names = sources_of(instance, fields=update_fields)
    if names:
        renditions_ensure(names)
    replaced = getattr(instance, "_replaced_images", set()) - names
    if replaced:
        renditions_delete_unused(replaced)
        instance._replaced_images = set()


def delete_with_row(sender, instance, **kwargs):
    # Images inside rich text may be shared with other rows: only image fields' files are removed here.
    renditions_delete_unused({getattr(instance, name).name for name in image_field_names(sender)})


def models_with_images() -> list:
    return [
        model
        for model in apps.get_models()
        if model is not ImageRendition and (image_field_names(model) or rich_text_field_names(model))
    ]


def connect_receivers() -> None:
    for model in models_with_images():
        uid = f"images_{model._meta.label_lower}"
        pre_save.connect(remember_replaced_images, sender=model, dispatch_uid=f"{uid}_pre_save")
        post_save.connect(render_on_save, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(delete_with_row, sender=model, dispatch_uid=f"{uid}_delete")


# Reading: what a page needs to write <picture> elements ------------------------------------------


@dataclass(frozen=True)
class Picture:
    """The renditions of one image, ready for markup: the fallback's largest size fills src/width/height."""

    src: str
    width: int
    height: int
    srcset: str
    webp_srcset: str  # empty when the fallback is WebP itself


def picture_from(rows: list[tuple]) -> Picture:
    by_format = {}
    for width, height, image_format, url in sorted(rows):
        by_format.setdefault(image_format, []).append((width, height, url))
    fallback = next((f for f in by_format if f != WEBP), WEBP)
    largest = by_format[fallback][-1]

    def srcset(format_rows):
        return ", ".join(f"{url} {width}w" for width, _height, url in format_rows)

    webp = srcset(by_format.get(WEBP, [])) if fallback != WEBP else ""
    return Picture(
        src=largest[2], width=largest[0], height=largest[1], srcset=srcset(by_format[fallback]), webp_srcset=webp
    )


def pictures_for(names) -> dict[str, Picture | None]:
    """The pictures of ``names`` in one query and no storage access; None for an image without renditions."""
    names = {name for name in names if name}
    if not names:
        return {}
    rows = {}
    fields = ("source", "width", "height", "format", "file")
    for source, width, height, image_format, file in ImageRendition.objects.for_sources(names).values_list(*fields):
        rows.setdefault(source, []).append((width, height, image_format, default_storage.url(file)))
    return {name: picture_from(rows[name]) if name in rows else None for name in names}


def picture_html(
    picture: Picture | None,
    *,
    fallback_url: str,
    alt: str | None,
    sizes: str,
    css_class: str = "",
    lazy: bool = True,
    extra: dict | None = None,
) -> str:
    """A <picture> with WebP and fallback sources, or a plain <img> of the original when there are no renditions."""
    attributes = {"src": picture.src if picture else fallback_url, "alt": alt}
    if picture:
        attributes.update(srcset=picture.srcset, sizes=sizes, width=picture.width, height=picture.height)
    attributes.update({"class": css_class or None, **(extra or {})})
    if lazy:
        attributes.update(loading="lazy", decoding="async")
    img = format_html("<img {}>", attribute_list(**attributes))
    if not (picture and picture.webp_srcset):
        return img
    source = format_html('<source type="image/webp" {}>', attribute_list(srcset=picture.webp_srcset, sizes=sizes))
    return format_html("<picture>{}{}</picture>", source, img)


def attribute_list(**attributes) -> str:
    items = [(name, value) for name, value in attributes.items() if value is not None]
    return format_html(" ".join(['{}="{}"'] * len(items)), *[part for item in items for part in item])


def author_sized(picture: Picture, width: str, height: str) -> Picture:
    ratio = picture.height / picture.width
    width = int(width) if width.isdigit() else max(1, round(int(height) / ratio))
    height = int(height) if height.isdigit() else max(1, round(width * ratio))
    return Picture(picture.src, width, height, picture.srcset, picture.webp_srcset)


def responsive_html(text: str, pictures: dict, *, sizes: str) -> str:
    """Sanitised rich text with each local image turned into a <picture>; other images stay as they are.
    The author's alt (or its absence), title and size are kept; added values are escaped by ``picture_html``."""

    def replace(match):
        attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(match.group(1))}
        picture = pictures.get(media_name(attributes.get("src", "")) or "")
        if picture is None:
            return match.group(0)
        width, height = attributes.get("width", ""), attributes.get("height", "")
        if width.isdigit() or height.isdigit():  # the author chose a size: keep it, and the shape for the other side
            picture = author_sized(picture, width, height)
        # Shown at most as wide as the author said: the browser can pick the candidate for that width.
        shown = f"{picture.width}px" if width.isdigit() else sizes
        extra = {"title": attributes["title"]} if attributes.get("title") else None
        return picture_html(picture, fallback_url="", alt=attributes.get("alt"), sizes=shown, extra=extra)

    return IMG_TAG.sub(replace, text)
