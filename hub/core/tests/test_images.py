"""Responsive images: renditions made once on upload, read from the database on every page."""

from io import BytesIO, StringIO

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from hub.core import images
from hub.core.models import ImageRendition
from hub.core.tests.factories import make_organisation, make_project, make_published_post
from hub.news.models import Post

pytestmark = pytest.mark.django_db


def stored_image(name: str, size=(1000, 500), image_format="JPEG", mode="RGB") -> str:
    """Save a picture of ``size`` into media storage, as an upload would, and return its storage name."""
    buffer = BytesIO()
    Image.new(mode, size, (30, 90, 160) if mode == "RGB" else (30, 90, 160, 128)).save(buffer, format=image_format)
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def rendition_sizes(source: str) -> set[tuple[int, int, str]]:
    return set(ImageRendition.objects.filter(source=source).values_list("width", "height", "format"))


def stored_size(name: str) -> tuple[int, int]:
    with default_storage.open(name) as file, Image.open(file) as image:
        return image.size


def post_with_image(name="posts/harbour.jpg", **fields) -> Post:
    return make_published_post(featured_image=stored_image(name), featured_image_alt="Ships in the harbour", **fields)


def render(client, url):
    """A fresh render, not the page cache's copy."""
    caches["default"].clear()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# Made on upload -------------------------------------------------------------------------------------


def test_saving_a_post_with_an_image_stores_webp_and_jpeg_at_each_smaller_width():
    post = post_with_image()
    source = post.featured_image.name

    assert rendition_sizes(source) == {
        (320, 160, "jpeg"), (640, 320, "jpeg"), (1000, 500, "jpeg"),
        (320, 160, "webp"), (640, 320, "webp"), (1000, 500, "webp"),
    }  # fmt: skip
    for rendition in ImageRendition.objects.filter(source=source).exclude(file=source):
        assert stored_size(rendition.file) == (rendition.width, rendition.height)
        assert rendition.file.startswith("renditions/posts/")
    # The original is its own full-size JPEG: not stored a second time.
    assert ImageRendition.objects.get(source=source, width=1000, format="jpeg").file == source


def test_a_large_image_stops_at_1280_pixels():
    post = make_published_post(featured_image=stored_image("posts/wide.jpg", (3000, 1500)), featured_image_alt="x")

    assert {w for w, _h, _f in rendition_sizes(post.featured_image.name)} == {320, 640, 1280}


def test_a_small_image_is_never_upscaled_and_a_png_keeps_png_as_fallback():
    name = stored_image("projects/logo.png", (200, 80), "PNG", "RGBA")
    project = make_project(logo=name)

    assert rendition_sizes(project.logo.name) == {(200, 80, "png"), (200, 80, "webp")}
    webp = ImageRendition.objects.get(source=name, format="webp")
    with default_storage.open(webp.file) as file, Image.open(file) as image:
        assert (image.format, image.mode) == ("WEBP", "RGBA")  # transparency kept


def test_an_unreadable_file_saves_without_renditions_and_the_page_shows_the_original(client):
    name = default_storage.save("posts/broken.jpg", ContentFile(b"not a picture"))
    post = make_published_post(featured_image=name, featured_image_alt="Broken")

    assert not ImageRendition.objects.exists()
    html = render(client, post.get_absolute_url())
    assert f'<img src="/media/{name}" alt="Broken"' in html


def test_a_body_image_that_is_missing_or_not_an_image_saves_and_shows_as_written(client):
    pdf = default_storage.save("documents/report.pdf", ContentFile(b"%PDF-1.7 not a picture"))
    long_name = "x" * 300 + ".jpg"
    body = (
        f'<p><img src="/media/{pdf}" alt="Report"><img src="/media/gone.jpg" alt="Gone">'
        f'<img src="/media/{long_name}" alt="Long"></p>'
    )
    post = make_published_post(body=body)

    html = render(client, post.get_absolute_url())

    assert not ImageRendition.objects.exists()
    assert f'<img src="/media/{pdf}" alt="Report">' in html
    assert '<img src="/media/gone.jpg" alt="Gone">' in html


def test_saving_again_makes_nothing_new():
    post = post_with_image()
    count = ImageRendition.objects.count()

    post.title = "Renamed"
    post.save()

    assert ImageRendition.objects.count() == count


# Shown on the public pages --------------------------------------------------------------------------


def test_the_news_list_offers_webp_and_jpeg_sources_with_sizes_and_lazy_loading(client):
    post = post_with_image()
    stem = post.featured_image.name.removesuffix(".jpg")

    html = render(client, reverse("news:post-list"))

    assert f'<source type="image/webp" srcset="/media/renditions/{stem}-320w.webp 320w,' in html
    assert f"/media/renditions/{stem}-640w.jpg 640w, /media/{stem}.jpg 1000w" in html
    assert f'<img src="/media/{stem}.jpg" alt="Ships in the harbour" srcset=' in html
    assert 'width="1000" height="500"' in html
    assert 'loading="lazy"' in html


def test_the_post_page_loads_its_main_image_eagerly(client):
    post = post_with_image()

    html = render(client, post.get_absolute_url())

    picture = html[html.index("<picture>") : html.index("</picture>")]
    assert 'fetchpriority="high"' in picture
    assert "loading=" not in picture


def test_alt_text_is_escaped():
    post = post_with_image()
    post.featured_image_alt = '"><script>alert(1)</script>'

    picture = images.picture_html(
        images.pictures_for({post.featured_image.name})[post.featured_image.name],
        fallback_url="",
        alt=post.featured_image_alt,
        sizes="100vw",
    )

    assert "<script>" not in picture
    assert 'alt="&quot;&gt;&lt;script&gt;' in picture


def test_images_in_rich_text_become_responsive_and_keep_their_alt_text(client):
    name = stored_image("uploads/diagram.jpg", (800, 600))
    body = f'<p>Before.</p><figure><img src="/media/{name}" alt="Process diagram"></figure><p>After.</p>'
    post = make_published_post(body=body)

    html = render(client, post.get_absolute_url())

    assert {w for w, _h, _f in rendition_sizes(name)} == {320, 640, 800}
    assert '<figure><picture><source type="image/webp"' in html
    assert 'alt="Process diagram" srcset="/media/renditions/uploads/' in html
    assert 'width="800" height="600" loading="lazy"' in html


def test_a_rich_text_image_keeps_the_size_its_author_gave_with_the_images_shape(client):
    name = stored_image("uploads/photo.jpg", (800, 600))
    post = make_published_post(body=f'<p><img src="/media/{name}" alt="Photo" width="400"></p>')

    html = render(client, post.get_absolute_url())

    assert 'sizes="400px" width="400" height="300"' in html


def test_project_logos_are_responsive_on_the_directory_and_home_page(client):
    project = make_project(logo=stored_image("projects/logo.png", (600, 200), "PNG"))
    stem = project.logo.name.removesuffix(".png")

    for url in (reverse("projects:project-list"), reverse("pages:home")):
        html = render(client, url)
        assert f"/media/renditions/{stem}-320w.webp 320w" in html
        assert 'width="600" height="200"' in html


def test_organisation_logo_is_responsive(client):
    organisation = make_organisation(logo=stored_image("organisations/uni.png", (400, 400), "PNG"))

    html = render(client, organisation.get_absolute_url())

    assert 'srcset="/media/renditions/organisations/' in html
    assert f'alt="{organisation.display_name} logo"' in html


def test_a_missing_rendition_falls_back_to_the_original(client):
    post = post_with_image()
    ImageRendition.objects.all().delete()

    html = render(client, reverse("news:post-list"))

    assert f'<img src="/media/{post.featured_image.name}" alt="Ships in the harbour"' in html
    assert "srcset" not in html


def make_post_with_image(n: int):
    post_with_image(f"posts/many-{n}.jpg")


def make_project_with_logo(n: int):
    make_project(logo=stored_image(f"projects/many-{n}.png", (500, 200), "PNG"))


@pytest.mark.parametrize(
    ("url_name", "make_row"),
    [
        ("news:post-list", make_post_with_image),
        ("projects:project-list", make_project_with_logo),
        ("pages:home", make_project_with_logo),
    ],
)
def test_a_list_reads_all_its_renditions_in_one_query_whatever_the_number_of_images(client, url_name, make_row):
    def queries():
        caches["default"].clear()
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse(url_name)).content.decode()
        sql = [query["sql"] for query in captured.captured_queries]
        return len(sql), sum("core_imagerendition" in statement for statement in sql), html.count("<picture>")

    make_row(0)
    total_with_one, renditions_with_one, pictures_with_one = queries()
    for n in range(1, 7):
        make_row(n)
    total_with_seven, renditions_with_seven, pictures_with_seven = queries()

    assert (pictures_with_one, pictures_with_seven) == (1, 7)
    assert renditions_with_one == renditions_with_seven == 1
    assert total_with_one == total_with_seven


def test_a_second_render_opens_no_file_and_runs_no_pillow(client, monkeypatch):
    post = post_with_image(body=f'<p><img src="/media/{stored_image("uploads/chart.jpg")}" alt="Chart"></p>')
    render(client, post.get_absolute_url())

    def forbidden(*args, **kwargs):
        raise AssertionError("a page render touched storage or Pillow")

    for method in ("open", "exists", "size", "save", "listdir"):
        monkeypatch.setattr(FileSystemStorage, method, forbidden)
    monkeypatch.setattr(Image, "open", forbidden)
    monkeypatch.setattr(Image.Image, "save", forbidden)

    html = render(client, post.get_absolute_url())
    assert html.count("<picture>") == 2


# Removed with the image ------------------------------------------------------------------------------


def test_deleting_a_post_removes_its_renditions():
    post = post_with_image()
    files = list(ImageRendition.objects.exclude(file=post.featured_image.name).values_list("file", flat=True))

    post.delete()

    assert not ImageRendition.objects.exists()
    assert files and not any(default_storage.exists(name) for name in files)


def test_replacing_an_image_removes_the_old_ones_renditions():
    post = post_with_image()
    old = post.featured_image.name
    old_files = list(ImageRendition.objects.filter(source=old).exclude(file=old).values_list("file", flat=True))

    buffer = BytesIO()
    Image.new("RGB", (700, 700)).save(buffer, format="JPEG")
    post.featured_image = ContentFile(buffer.getvalue(), name="new.jpg")  # as the edit form assigns an upload
    post.save()

    assert not ImageRendition.objects.filter(source=old).exists()
    assert not any(default_storage.exists(name) for name in old_files)
    assert {w for w, _h, _f in rendition_sizes(post.featured_image.name)} == {320, 640, 700}


def test_a_shared_file_keeps_its_renditions_while_another_row_shows_it():
    name = stored_image("projects/shared.png", (500, 500), "PNG")
    first, _second = make_project(logo=name), make_project(logo=name)

    first.delete()

    assert ImageRendition.objects.filter(source=name).count() == 4


# The management command ------------------------------------------------------------------------------


def test_images_render_makes_renditions_for_rows_written_without_signals():
    post = make_published_post()
    Post.objects.filter(pk=post.pk).update(featured_image=stored_image("posts/bulk.jpg"), featured_image_alt="x")

    call_command("images_render", stdout=StringIO())
    assert {w for w, _h, _f in rendition_sizes(Post.objects.get().featured_image.name)} == {320, 640, 1000}

    output = StringIO()
    call_command("images_render", stdout=output)
    assert "0 rendition(s) made" in output.getvalue()


def test_images_render_prune_removes_renditions_nobody_shows():
    post = post_with_image()
    Post.objects.filter(pk=post.pk).update(featured_image="", featured_image_alt="")

    call_command("images_render", "--prune", stdout=StringIO())

    assert not ImageRendition.objects.exists()


def test_images_render_verify_remakes_renditions_whose_files_were_lost():
    post = post_with_image()
    lost = ImageRendition.objects.filter(format="webp", width=640).get().file
    default_storage.delete(lost)

    call_command("images_render", "--verify", stdout=StringIO())

    assert default_storage.exists(lost)
    assert len(rendition_sizes(post.featured_image.name)) == 6
