"""Uploaded files served only to those who may see the row they belong to.

A draft's featured image, an attachment of an unpublished post or event, a sensitive deliverable
or the photo of a member without a public profile must not be reachable by the public, even by
someone who saw or guessed its address. So every address under MEDIA_URL goes through
``serve_media``: it finds the row that holds the file (by the folder its field uploads to), asks
whether the visitor may see that row, and answers 404 otherwise, the same answer as for a file
that does not exist.

Who may see: everyone when the row is public; otherwise the people who may edit it (its project's
editors and authors, staff), or the member themself for a photo. A rendition (hub.core.images) is
shown to whoever may see its original.

How the bytes go out: with media on S3, a redirect to a signed address that expires in minutes
(the bucket is private); with ``HUB_MEDIA_ACCEL_REDIRECT`` set (production behind nginx), an
``X-Accel-Redirect`` to that internal location, so nginx sends the file and the app only decides;
otherwise Django streams it. Files that are not images are sent as attachments, with nosniff.
"""

import mimetypes
import posixpath

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe

from hub.members.permissions import can_edit_content, can_edit_project

INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


def _document(path, user) -> bool:
    from hub.documents.models import Document

    document = Document.objects.select_related("post", "event").filter(file=path).first()
    if document is None:
        return False
    return Document.objects.published().filter(pk=document.pk).exists() or can_edit_content(user, document)


def _post_image(path, user) -> bool:
    from hub.news.models import Post

    post = Post.objects.filter(featured_image=path).first()
    if post is None:
        return False
    return Post.objects.published().filter(pk=post.pk).exists() or can_edit_content(user, post)


def _photo(path, user) -> bool:
    from hub.members.models import User

    member = User.objects.filter(photo=path).first()
    if member is None:
        return False
    return member.public_profile or user == member or (user.is_authenticated and user.is_staff)


def _deliverable(path, user) -> bool:
    from hub.results.models import Deliverable

    deliverable = Deliverable.objects.select_related("project").filter(file=path).first()
    if deliverable is None:
        return False
    return Deliverable.objects.public().filter(pk=deliverable.pk).exists() or can_edit_project(
        user, deliverable.project
    )


def _rendition(path, user) -> bool:
    from .models import ImageRendition

    source = ImageRendition.objects.filter(file=path).values_list("source", flat=True).first()
    return source is not None and may_see(source, user)


def _always(path, user) -> bool:
    return True  # logos of projects and organisations are public by nature


# The folder a field uploads to -> who may see a file in it. A file anywhere else is not served.
RULES = {
    "documents/": _document,
    "posts/": _post_image,
    "people/": _photo,
    "deliverables/": _deliverable,
    "renditions/": _rendition,
    "projects/": _always,
    "organisations/": _always,
}


def may_see(path: str, user) -> bool:
    rule = next((rule for prefix, rule in RULES.items() if path.startswith(prefix)), None)
    return rule is not None and rule(path, user)


@require_safe
def serve_media(request, path: str):
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or "\\" in path:
        raise Http404
    public = may_see(path, AnonymousUser())  # the usual case: one check, and the file may be kept
    if not public and not may_see(path, request.user):
        raise Http404
    if hasattr(default_storage, "signed_url"):  # a private bucket (hub/core/storage.py): S3 sends the bytes
        response = HttpResponseRedirect(default_storage.signed_url(path))
        response["Cache-Control"] = "private, no-store"
        return response
    if not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    if settings.HUB_MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.HUB_MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + path
    else:
        response = FileResponse(default_storage.open(path), content_type=content_type)
    if not inline:
        response["Content-Disposition"] = f'attachment; filename="{posixpath.basename(path)}"'
    response["X-Content-Type-Options"] = "nosniff"
    # Public files may be kept by browsers; anything shown only to its editors must not be shared.
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response
