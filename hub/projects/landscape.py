"""Who works on what: member projects against topics and value-chain stages, and their organisations by
country, each read in a fixed number of queries whatever the number of projects."""

from dataclasses import dataclass

from django.db.models import Count
from django_countries import countries

from hub.members.models import Organisation

from .models import Participation, Project, ValueChainStage

# The bar chart's geometry, in SVG user units (the picture scales to its column).
CHART_WIDTH = 640
LABEL_WIDTH = 170
BAR_HEIGHT = 20
BAR_GAP = 8
VALUE_WIDTH = 170  # room right of the longest bar for "12 projects, 30 organisations"


@dataclass
class MatrixRow:
    project: Project
    topics: list[bool]
    stages: list[bool]


def landscape_matrix() -> dict:
    """The member projects (rows) against the topics they use and every value-chain stage (columns)."""
    projects = list(
        Project.objects.only("acronym", "slug", "full_title").prefetch_related("topics", "value_chain_stages")
    )
    stages = list(ValueChainStage.objects.all())
    topics = sorted({topic for project in projects for topic in project.topics.all()}, key=lambda t: t.name)
    rows = []
    for project in projects:
        topic_ids = {topic.pk for topic in project.topics.all()}
        stage_ids = {stage.pk for stage in project.value_chain_stages.all()}
        rows.append(MatrixRow(project, [t.pk in topic_ids for t in topics], [s.pk in stage_ids for s in stages]))
    return {"topics": topics, "stages": stages, "rows": rows}


@dataclass
class CountryGroup:
    code: str
    name: str
    organisations: list
    projects: int = 0


def organisations_by_country() -> list[CountryGroup]:
    """Every organisation in a member project's consortium, with how many projects it is in, grouped by
    country (by country name; organisations without a country last)."""
    organisations = (
        Organisation.objects.only("name", "short_name", "slug", "country", "kind")
        .annotate(project_count=Count("participations"))
        .filter(project_count__gt=0)
        .order_by("name")
    )
    groups: dict[str, CountryGroup] = {}
    for organisation in organisations:
        code = organisation.country.code or ""
        group = groups.setdefault(code, CountryGroup(code, countries.name(code) if code else "", []))
        group.organisations.append(organisation)
    per_country = (
        Participation.objects.order_by()
        .values("organisation__country")
        .annotate(projects=Count("project", distinct=True))
    )
    for line in per_country:
        if line["organisation__country"] in groups:
            groups[line["organisation__country"]].projects = line["projects"]
    return sorted(groups.values(), key=lambda group: (not group.code, group.name))


@dataclass
class Bar:
    label: str
    projects: int
    organisations: int
    y: int
    width: int


def country_chart(groups: list[CountryGroup]) -> dict:
    """A horizontal bar per country (projects with a partner there), most projects first, for an inline SVG."""
    ranked = sorted(groups, key=lambda group: (-group.projects, group.name))
    most = max((group.projects for group in ranked), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        Bar(
            label=group.name or "—",
            projects=group.projects,
            organisations=len(group.organisations),
            y=index * (BAR_HEIGHT + BAR_GAP),
            width=max(2, round(group.projects / most * room)),
        )
        for index, group in enumerate(ranked)
    ]
    height = max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "text_y": BAR_HEIGHT // 2 + 5,
    }
