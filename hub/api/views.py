"""The read-only JSON API: published content only, in a stable order, a page in a fixed number of queries.

Querysets are built in get_queryset, per request: published() compares with "now", so a queryset
built at import time would freeze the moment the process started.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from hub.documents.models import Document
from hub.events.models import Event, Session, SessionRole
from hub.members.models import Organisation
from hub.news.models import Post
from hub.projects.models import Project, Topic
from hub.results.models import Deliverable, Publication

from . import filters, serializers
from .schema import PublicAPISchema

NOT_FOUND = OpenApiResponse(description="No published object has this slug.")
BAD_FILTER = OpenApiResponse(description="A filter value is invalid; the body names the parameter and why.")
BAD_PAGE = OpenApiResponse(description="The page does not exist.")


def slugs_only(model):
    return model.objects.only("slug")


def documented(serializer, name: str, plural: str, *, filtered: bool = True):
    """List and detail summaries, with the error answers a client should expect."""
    errors = {400: BAD_FILTER, 404: BAD_PAGE} if filtered else {404: BAD_PAGE}
    return extend_schema_view(
        list=extend_schema(summary=f"List {plural}", responses={200: serializer, **errors}),
        retrieve=extend_schema(summary=f"One {name}, by its slug", responses={200: serializer, 404: NOT_FOUND}),
    )


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    schema = PublicAPISchema()
    lookup_field = "slug"
    lookup_value_regex = filters.SLUG_PATTERN


@documented(serializers.ProjectSerializer, "project", "member projects (ordered by acronym)")
class ProjectViewSet(PublicViewSet):
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter

    def get_queryset(self):
        return Project.objects.for_detail().order_by("acronym", "pk")


@documented(serializers.OrganisationSerializer, "organisation", "organisations (ordered by name)")
class OrganisationViewSet(PublicViewSet):
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter

    def get_queryset(self):
        projects = Project.objects.only("slug").order_by("acronym")
        return Organisation.objects.prefetch_related(Prefetch("projects", queryset=projects)).order_by("name", "pk")


@documented(serializers.TopicSerializer, "topic", "topics (ordered by name)", filtered=False)
class TopicViewSet(PublicViewSet):
    serializer_class = serializers.TopicSerializer

    def get_queryset(self):
        return Topic.objects.order_by("name", "pk")


def public_events():
    """Published events with their agenda: sessions, the people in them and the projects presenting."""
    roles = SessionRole.objects.select_related("person", "organisation", "project")
    sessions = Session.objects.prefetch_related(
        Prefetch("roles", queryset=roles), Prefetch("projects", queryset=slugs_only(Project))
    )
    return Event.objects.published().prefetch_related(
        Prefetch("projects", queryset=slugs_only(Project)),
        Prefetch("topics", queryset=slugs_only(Topic)),
        Prefetch("sessions", queryset=sessions),
    )


@documented(
    serializers.EventSerializer, "event", "published events (by start; with a status, as that status orders them)"
)
class EventViewSet(PublicViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self):
        return public_events().order_by("starts_at", "pk")


@documented(serializers.PostSerializer, "post", "published posts (latest first)")
class PostViewSet(PublicViewSet):
    serializer_class = serializers.PostSerializer
    filterset_class = filters.PostFilter

    def get_queryset(self):
        return (
            Post.objects.published()
            .select_related("author")
            .prefetch_related(
                Prefetch("projects", queryset=slugs_only(Project)), Prefetch("topics", queryset=slugs_only(Topic))
            )
            .order_by("-published_at", "-pk")
        )


@documented(serializers.DocumentSerializer, "document", "published documents (latest first)")
class DocumentViewSet(PublicViewSet):
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter

    def get_queryset(self):
        # published() also hides the documents of posts and events that are not public.
        return (
            Document.objects.published()
            .select_related("event", "post")
            .prefetch_related(
                Prefetch("projects", queryset=slugs_only(Project)), Prefetch("topics", queryset=slugs_only(Topic))
            )
            .order_by("-published_at", "-created_at", "-pk")
        )


@documented(serializers.DeliverableSerializer, "deliverable", "public deliverables (by due date)", filtered=False)
class DeliverableViewSet(PublicViewSet):
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]+"
    serializer_class = serializers.DeliverableSerializer

    def get_queryset(self):
        # public(): the public dissemination level and delivered; sensitive deliverables never appear.
        return Deliverable.objects.public().select_related("project").order_by("due_date", "number", "pk")


@documented(serializers.PublicationSerializer, "publication", "publications (latest year first)", filtered=False)
class PublicationViewSet(PublicViewSet):
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]+"
    serializer_class = serializers.PublicationSerializer

    def get_queryset(self):
        projects = Prefetch("projects", queryset=slugs_only(Project))
        return Publication.objects.public().prefetch_related(projects).order_by("-year", "title", "pk")
