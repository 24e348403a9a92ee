"""GET /api/search/: the site search as JSON, public entries only, best match first."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination

from hub.search.models import SearchEntry
from hub.search.selectors import clean_query, search, snippet

from .serializers import absolute


class QueryField(serializers.CharField):
    """Control characters (NUL above all) are dropped and an overlong query cut, so any text is a valid query."""

    def to_internal_value(self, data):
        return clean_query(super().to_internal_value(data))


class SearchParametersSerializer(serializers.Serializer):
    q = QueryField(required=False, allow_blank=True, help_text=_("Words to find (the first 200 characters count)."))
    kind = serializers.ChoiceField(choices=SearchEntry.Kind.choices, required=False, allow_blank=True)
    project = serializers.RegexField(r"^[-a-zA-Z0-9_]*\Z", required=False, allow_blank=True, max_length=60)
    topic = serializers.RegexField(r"^[-a-zA-Z0-9_]*\Z", required=False, allow_blank=True, max_length=100)
    year = serializers.IntegerField(required=False, min_value=1990, max_value=2100)


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SearchEntry.Kind.choices)
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text=_("The absolute address of the page or the resource."))
    date = serializers.DateTimeField(allow_null=True)
    snippet = serializers.SerializerMethodField(
        help_text=_("An excerpt around the words found, as HTML: escaped text, the words in <mark>.")
    )

    def get_url(self, entry) -> str:
        return absolute(self.context["request"], entry.url)

    def get_snippet(self, entry) -> str:
        return str(snippet(entry, self.context["query"]))


class SearchPagination(PageNumberPagination):
    """The usual page, plus how many entries match as the search page shows it: counting stops at 1,000 a kind.

    ``count`` is how many results can be paged through (at most 1,000, best first); ``total`` is "12",
    or "2,174+" when more match than were counted; ``capped`` tells which.
    """

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        results = self.request.parser_context["view"].results
        response.data = {"total": results.total_label, "capped": results.capped, **response.data}
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"] = {
            "total": {"type": "string", "example": "1,000+", "description": "How many match, as shown."},
            "capped": {"type": "boolean", "description": "More match than were counted: total is a lower bound."},
            **paginated["properties"],
        }
        paginated["required"] = [*paginated.get("required", []), "total", "capped"]
        return paginated


@extend_schema(
    summary="Search news, events, projects, organisations, people and resources",
    parameters=[SearchParametersSerializer],
    responses={
        200: SearchResultSerializer(many=True),
        400: OpenApiResponse(description="A parameter is invalid; the body names it and why."),
        404: OpenApiResponse(description="The page does not exist."),
    },
)
class SearchView(generics.ListAPIView):
    serializer_class = SearchResultSerializer
    filter_backends = []
    pagination_class = SearchPagination

    def get_queryset(self):
        parameters = SearchParametersSerializer(data=self.request.query_params)
        parameters.is_valid(raise_exception=True)
        data = parameters.validated_data
        self.results = search(
            data.get("q", ""),
            kinds=[data["kind"]] if data.get("kind") else None,
            project=data.get("project") or None,
            topic=data.get("topic") or None,
            year=data.get("year"),
        )
        return self.results.entries

    def get_serializer_context(self):
        results = getattr(self, "results", None)
        return {**super().get_serializer_context(), "query": results.query if results else ""}
