"""What the JSON API says about each kind of content: what the public pages show, nothing members-only.

Every field is listed explicitly, so a field added to a model never reaches the API by accident
(an event's online link, above all). Related objects are read from prefetched sets: the viewsets
build querysets that answer a whole page in a fixed number of queries.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.documents.models import Document
from hub.events.models import Event, Session, SessionRole
from hub.members.models import Organisation
from hub.news.models import Post
from hub.projects.models import Participation, Project, ProjectStatus, Topic
from hub.results.models import Deliverable, Publication

FORMER_MEMBER = "Former member"
UNNAMED_MEMBER = "A member of the hub"


def absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if url else ""


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The absolute address of the object's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return absolute(self.context["request"], obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.DATETIME)
class LocalDateTimeField(serializers.Field):
    """A moment in the time zone of the event it belongs to: ISO 8601 with that zone's offset."""

    def __init__(self, attribute: str, *, event=lambda obj: obj, **kwargs):
        self.attribute, self.event = attribute, event
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        value = getattr(obj, self.attribute)
        return timezone.localtime(value, self.event(obj).zone).isoformat() if value else None


class PublicSerializer(serializers.ModelSerializer):
    # Every field is output only: the API never writes. (No docstring: the schema would show it on each model.)

    def get_extra_kwargs(self):
        extra_kwargs = super().get_extra_kwargs()
        for name in self.Meta.fields:
            extra_kwargs[name] = {**extra_kwargs.get(name, {}), "read_only": True}
        return extra_kwargs


class OptionalURLField(serializers.URLField):
    """A link that may be missing: null rather than an empty string."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class OptionalChoiceField(serializers.ChoiceField):
    """A choice that may be left blank: null rather than an empty string."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


def slugs(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True, **kwargs)


class TopicSerializer(PublicSerializer):
    """A subject shared across the hub."""

    url = PageURLField(help_text="The topic's news archive.")

    class Meta:
        model = Topic
        fields = ["slug", "name", "description", "url"]


class NamedSlugSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class OrganisationSummarySerializer(PublicSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "short_name", "country", "country_name"]


class ParticipantSerializer(PublicSerializer):
    """An organisation in a project's consortium, with its role."""

    slug = serializers.SlugField(source="organisation.slug", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)
    short_name = serializers.CharField(source="organisation.short_name", read_only=True)
    country = serializers.CharField(source="organisation.country.code", read_only=True)
    country_name = serializers.CharField(source="organisation.country.name", read_only=True)

    class Meta:
        model = Participation
        fields = ["slug", "name", "short_name", "country", "country_name", "role"]


class ProjectSerializer(PublicSerializer):
    """A member project, modeled on its CORDIS record; the coordinator comes first among the participants."""

    programme_name = serializers.CharField(source="get_programme_display", read_only=True)
    funding_scheme = OptionalChoiceField(Project.FundingScheme.choices)
    funding_scheme_name = serializers.CharField(source="get_funding_scheme_display", read_only=True)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, read_only=True)
    coordinator = OrganisationSummarySerializer(read_only=True, allow_null=True)
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)
    topics = NamedSlugSerializer(many=True, read_only=True)
    value_chain_stages = NamedSlugSerializer(many=True, read_only=True)
    website = OptionalURLField()
    cordis_url = serializers.SerializerMethodField()
    url = PageURLField()

    class Meta:
        model = Project
        fields = [
            "slug",
            "acronym",
            "full_title",
            "summary",
            "description",
            "status",
            "start_date",
            "end_date",
            "programme",
            "programme_name",
            "funding_scheme",
            "funding_scheme_name",
            "grant_agreement_number",
            "call_identifier",
            "total_cost",
            "eu_contribution",
            "coordinator",
            "participants",
            "topics",
            "value_chain_stages",
            "joined_hub_on",
            "website",
            "cordis_url",
            "url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_cordis_url(self, project: Project) -> str | None:
        """The project's record on CORDIS, when its grant agreement number is known."""
        return project.cordis_url or None


class OrganisationSerializer(PublicSerializer):
    """An organisation in the consortium of member projects."""

    kind_name = serializers.CharField(source="get_kind_display", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    website = OptionalURLField()
    projects = slugs(help_text="The slugs of the member projects it takes part in.")
    url = PageURLField()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "kind_name",
            "country",
            "country_name",
            "city",
            "website",
            "description",
            "projects",
            "url",
        ]


class SessionRoleSerializer(PublicSerializer):
    """A person in an agenda item: a member or a named guest."""

    name = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name", read_only=True, allow_null=True, default=None)
    project = serializers.CharField(source="project.acronym", read_only=True, allow_null=True, default=None)

    class Meta:
        model = SessionRole
        fields = ["name", "role", "organisation", "project", "talk_title"]

    def get_name(self, role: SessionRole) -> str:
        # As the agenda prints it: a member's name, never their e-mail address.
        if role.person_id is None:
            return role.guest_name
        return role.person.full_name or UNNAMED_MEMBER


class SessionSerializer(PublicSerializer):
    """An agenda item, in the time zone of its event."""

    starts_at = LocalDateTimeField("starts_at", event=lambda session: session.event, allow_null=True)
    ends_at = LocalDateTimeField("ends_at", event=lambda session: session.event, allow_null=True)
    projects = slugs(help_text="The projects presenting.")
    people = SessionRoleSerializer(source="roles", many=True, read_only=True)

    class Meta:
        model = Session
        fields = ["title", "kind", "starts_at", "ends_at", "description", "projects", "people"]


class EventSerializer(PublicSerializer):
    """A published event with its agenda. Times carry the offset of the event's own time zone."""

    kind_name = serializers.CharField(source="get_kind_display", read_only=True)
    format_name = serializers.CharField(source="get_format_display", read_only=True)
    starts_at = LocalDateTimeField("starts_at")
    ends_at = LocalDateTimeField("ends_at")
    registration_url = OptionalURLField()
    registration_deadline = LocalDateTimeField("registration_deadline", allow_null=True)
    country = serializers.CharField(source="country.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    projects = slugs(help_text="The organising projects.")
    topics = slugs()
    sessions = SessionSerializer(many=True, read_only=True)
    url = PageURLField()

    class Meta:
        model = Event
        # Never online_url: the online link is for signed-in members only.
        fields = [
            "slug",
            "title",
            "kind",
            "kind_name",
            "summary",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "format",
            "format_name",
            "venue_name",
            "venue_address",
            "city",
            "country",
            "country_name",
            "latitude",
            "longitude",
            "registration_url",
            "registration_deadline",
            "projects",
            "topics",
            "sessions",
            "url",
        ]
        extra_kwargs = {"description": {"help_text": "HTML, sanitised."}}


class PostSerializer(PublicSerializer):
    """A published news post, event report, proceedings, publication or press release."""

    kind_name = serializers.CharField(source="get_kind_display", read_only=True)
    author = serializers.SerializerMethodField()
    featured_image = serializers.SerializerMethodField()
    projects = slugs()
    topics = slugs()
    url = PageURLField()

    class Meta:
        model = Post
        fields = [
            "slug",
            "title",
            "lead",
            "body",
            "kind",
            "kind_name",
            "published_at",
            "author",
            "featured_image",
            "featured_image_alt",
            "projects",
            "topics",
            "url",
        ]
        extra_kwargs = {"body": {"help_text": "HTML, sanitised."}}

    def get_author(self, post: Post) -> str:
        if post.author is None:
            return FORMER_MEMBER
        return post.author.full_name or UNNAMED_MEMBER

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_featured_image(self, post: Post) -> str | None:
        return absolute(self.context["request"], post.featured_image.url) if post.featured_image else None


class DocumentSerializer(PublicSerializer):
    """A published document: a file hosted here or a link."""

    kind_name = serializers.CharField(source="get_kind_display", read_only=True)
    href = serializers.SerializerMethodField()
    projects = slugs()
    topics = slugs()
    event = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The event it belongs to."
    )
    post = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="The post it is attached to."
    )

    class Meta:
        model = Document
        fields = [
            "slug",
            "title",
            "kind",
            "kind_name",
            "description",
            "language",
            "href",
            "published_at",
            "projects",
            "topics",
            "event",
            "post",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_href(self, document: Document) -> str:
        """Where to download or follow the document."""
        return absolute(self.context["request"], document.href)


class DeliverableSerializer(PublicSerializer):
    """A public deliverable of a member project (sensitive ones are never in the API)."""

    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    type_name = serializers.CharField(source="get_type_display", read_only=True)
    status_name = serializers.CharField(source="get_status_display", read_only=True)
    href = serializers.SerializerMethodField()

    class Meta:
        model = Deliverable
        fields = [
            "id",
            "project",
            "number",
            "title",
            "work_package",
            "type",
            "type_name",
            "due_month",
            "due_date",
            "status",
            "status_name",
            "licence",
            "href",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_href(self, deliverable: Deliverable) -> str | None:
        """Where to download or follow the deliverable, if it is online."""
        return absolute(self.context["request"], deliverable.href) or None


class PublicationSerializer(PublicSerializer):
    """A publication of one or more member projects."""

    projects = slugs()
    url = OptionalURLField()
    href = serializers.CharField(read_only=True, help_text="The DOI link, or the link given.")

    class Meta:
        model = Publication
        fields = ["id", "title", "authors", "venue", "year", "doi", "open_access", "url", "href", "projects"]
