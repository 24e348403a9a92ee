"""Partners write posts, preview them as the public will see them, send them to review and attach documents.

Every post is fetched through ``editable_posts(user)`` (the history through the user's projects), so a post
of another project answers 404; the services in ``hub.news.services`` decide what may change."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView

from hub.core.models import PublicationStatus
from hub.core.ratelimit import UploadRateLimitMixin
from hub.core.services import content_transition
from hub.documents.models import Document
from hub.members.permissions import editable_posts, member_projects
from hub.news.forms import PostDocumentForm, PostForm
from hub.news.models import Post
from hub.news.services import (
    EditConflict,
    closed_message,
    post_create,
    post_document_add,
    post_document_remove,
    post_is_open_to,
    post_update,
)
from hub.news.views import post_detail_context
from hub.workspace.views.common import ContentTransitionView, NoIndexMixin
from hub.workspace.views.history import RevisionHistoryMixin

S = PublicationStatus
# The order of the groups on the list: what needs the author's attention first.
LIST_GROUPS = [S.REJECTED, S.DRAFT, S.SUBMITTED, "scheduled", S.PUBLISHED, S.ARCHIVED]
GROUP_TITLES = {"scheduled": gettext_lazy("Scheduled")}
SUBMIT_BUTTON = "submit"


def add_service_error(form, error: ValidationError) -> None:
    """Show a refusal from a service on the form: on its field if the form has it, at the top otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@method_decorator(never_cache, name="dispatch")
class WorkspacePostMixin(LoginRequiredMixin):
    """Posts the signed-in user may edit; anything else is not found."""

    pk_url_kwarg = "pk"

    def get_queryset(self):
        return editable_posts(self.request.user)

    def get_post(self) -> Post:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs[self.pk_url_kwarg])


class OpenPostMixin:
    """After the login check: fetch the post and turn the user away if its status closes it to them."""

    def dispatch(self, request, *args, **kwargs):
        self.post_object = self.get_post()
        if not post_is_open_to(request.user, self.post_object):
            messages.warning(request, closed_message(self.post_object))
            return HttpResponseRedirect(reverse("workspace:post-list"))
        return super().dispatch(request, *args, **kwargs)


class PostListView(WorkspacePostMixin, ListView):
    template_name = "workspace/posts/post_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("author").prefetch_related("projects").order_by("-updated_at")

    def get_context_data(self, **kwargs):
        groups = {key: [] for key in LIST_GROUPS}
        for post in self.object_list:
            scheduled = post.status == S.PUBLISHED and not post.is_public
            groups["scheduled" if scheduled else post.status].append(post)
        titles = {key: GROUP_TITLES.get(key) or S(key).label for key in LIST_GROUPS}
        return super().get_context_data(groups=[(key, titles[key], groups[key]) for key in LIST_GROUPS], **kwargs)


class PostFormMixin(WorkspacePostMixin):
    form_class = PostForm
    template_name = "workspace/posts/post_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def after_save(self, post: Post):
        """Send the post to review if that button was used; go back to the list then, or on editing."""
        if SUBMIT_BUTTON not in self.request.POST:
            messages.success(self.request, _("Draft saved."))
            return HttpResponseRedirect(reverse("workspace:post-edit", kwargs={"pk": post.pk}))
        try:
            content_transition(obj=post, action="submit", by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("workspace:post-edit", kwargs={"pk": post.pk}))
        messages.success(self.request, _("Saved and submitted for review. Hub staff will publish it or reply."))
        return HttpResponseRedirect(reverse("workspace:post-list"))


class PostCreateView(PostFormMixin, UploadRateLimitMixin, FormView):
    def form_valid(self, form):
        try:
            post = post_create(by=self.request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        return self.after_save(post)


class PostUpdateView(PostFormMixin, OpenPostMixin, UploadRateLimitMixin, FormView):
    """Edit a draft or rejected post; a submitted one is withdrawn first, a published one is left to staff."""

    conflict = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.post_object}

    def form_valid(self, form):
        try:
            post = post_update(
                post=self.post_object,
                by=self.request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        return self.after_save(post)

    def conflict_response(self, form, conflict: EditConflict):
        """Show the form again with the user's text and the error; saving again replaces the other version."""
        form.add_error(None, conflict)
        form.data = form.data.copy()
        form.data["version"] = conflict.current_version
        self.conflict = conflict
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        post = Post.objects.prefetch_related("projects", "documents").get(pk=self.post_object.pk)
        mine = set(member_projects(self.request.user).values_list("pk", flat=True))
        return super().get_context_data(
            post=post,
            conflict=self.conflict,
            other_projects=[project for project in post.projects.all() if project.pk not in mine],
            **kwargs,
        )


class PostPreviewView(WorkspacePostMixin, NoIndexMixin, DetailView):
    """The public post page, as it will look once published, with a banner saying it is not."""

    template_name = "news/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        # Attached documents as they will show once the post is public (the public page also
        # requires the post itself to be public, which a preview's is not).
        documents = Document.objects.filter(status=S.PUBLISHED, published_at__lte=timezone.now()).order_by("title")
        return (
            super()
            .get_queryset()
            .select_related("author", "event")
            .prefetch_related("projects", "topics", Prefetch("documents", documents, to_attr="public_documents"))
        )

    def get_object(self, queryset=None):
        post = super().get_object(queryset)
        post.published_at = post.published_at or timezone.now()  # shown as if published now
        return post

    def get_context_data(self, **kwargs):
        context = post_detail_context(request=self.request, post=self.object)
        return super().get_context_data(is_preview=True, **context, **kwargs)


class PostTransitionView(WorkspacePostMixin, ContentTransitionView):
    """A review step the author takes (submit or withdraw), by POST only."""

    success_url_name = "workspace:post-list"

    def get_item(self):
        return self.get_post()


class PostSubmitView(PostTransitionView):
    action = "submit"
    success_message = gettext_lazy("“%(title)s” was submitted for review.")


class PostWithdrawView(PostTransitionView):
    action = "withdraw"
    success_message = gettext_lazy("“%(title)s” was withdrawn from review and is a draft again.")


class PostRevisionsView(RevisionHistoryMixin, DetailView):
    """Every saved version of a post and its review steps, for the members of its projects and staff."""

    model = Post
    template_name = "workspace/posts/post_history.html"
    context_object_name = "post"
    rich_text_fields = ("body",)

    def get_context_data(self, **kwargs):
        can_edit = editable_posts(self.request.user).filter(pk=self.object.pk).exists()
        return super().get_context_data(can_edit=can_edit, **kwargs)


class PostDocumentAddView(WorkspacePostMixin, OpenPostMixin, UploadRateLimitMixin, FormView):
    form_class = PostDocumentForm
    template_name = "workspace/posts/document_form.html"

    def form_valid(self, form):
        try:
            post_document_add(post=self.post_object, by=self.request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Document attached. It is published together with the post."))
        return HttpResponseRedirect(reverse("workspace:post-edit", kwargs={"pk": self.post_object.pk}))

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_object, **kwargs)


class PostDocumentRemoveView(WorkspacePostMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        post = self.get_post()
        document = get_object_or_404(Document, pk=self.kwargs["document_pk"], post=post)
        try:
            post_document_remove(document=document, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("workspace:post-list"))
        messages.success(request, _("“%s” was removed from the post.") % document.title)
        return HttpResponseRedirect(reverse("workspace:post-edit", kwargs={"pk": post.pk}))
