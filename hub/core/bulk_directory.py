"""``seed_bulk`` steps for the directory: organisations, projects with their consortia, members."""

from collections import Counter
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hub.core.bulk_base import BATCH, BULK_EMAIL_DOMAIN, Context, Person, dedupe, in_batches, index_entries, relate
from hub.core.bulk_text import CITIES, MATERIALS, PROCESSES
from hub.members.models import Membership, Organisation, User
from hub.projects.models import Participation, Project
from hub.search.documents import Entry
from hub.search.models import SearchEntry

SYLLABLES = ["LI", "THO", "REC", "BAT", "CY", "MIN", "ERA", "GEO", "SOL", "NEX", "VAL", "ORE", "CAT", "HY",
    "DRO", "MET", "SUS", "TAIN", "EX", "TRA", "CO", "NI", "GRA", "PHI", "RE", "LOOP", "TER", "ION"]  # fmt: skip

# Organisations ----------------------------------------------------------------------------------------------


def _organisation(context: Context, names: set, slugs: set) -> Organisation:
    writer, rng = context.writer, context.rng
    country = rng.choice(list(CITIES))
    city = rng.choice(CITIES[country])
    patterns = [
        f"Institute for {writer.pick(PROCESSES).title()} {city}",
        f"{writer.pick(['Nordic', 'Alpine', 'Atlantic', 'Central', 'Baltic'])} {writer.pick(MATERIALS).title()} "
        f"{writer.pick(['Technologies', 'Recycling', 'Mining', 'Materials', 'Refining'])} "
        f"{writer.pick(['GmbH', 'SA', 'Oy', 'BV', 'S.p.A.', 'AB'])}",
        f"University of {city}, {writer.pick(['Department of Chemistry', 'School of Mines', 'Materials Lab'])}",
    ]
    name = dedupe(rng.choice(patterns), names, sep=" ", max_length=255)
    short = "".join(word[0] for word in name.split() if word[0].isupper())[:12]
    return Organisation(
        name=name,
        short_name=short,
        slug=dedupe(slugify(name)[:60], slugs, max_length=70),
        kind=rng.choice(Organisation.Kind.values),
        country=country,
        city=city,
        website=f"https://www.{slugify(name)[:40]}.example.org",
        description=writer.paragraph(2, 4),
    )


@transaction.atomic
def create_organisations(context: Context, count: int) -> Counter:
    names = set(Organisation.objects.values_list("name", flat=True))
    slugs = set(Organisation.objects.values_list("slug", flat=True))
    created = in_batches(Organisation, [_organisation(context, names, slugs) for _ in range(count)])
    context.organisations = [organisation.pk for organisation in created]
    return Counter(organisations=len(created))


@transaction.atomic
def index_organisations(context: Context) -> Counter:
    """Organisations are indexed once the consortia exist, since their entries list their projects."""
    projects_of: dict[int, list[int]] = {}
    for organisation_id, project_id in Participation.objects.filter(
        organisation_id__in=context.organisations
    ).values_list("organisation_id", "project_id"):
        projects_of.setdefault(organisation_id, []).append(project_id)
    entries = []
    for organisation in Organisation.objects.filter(pk__in=context.organisations).iterator(chunk_size=BATCH):
        subtitle = " · ".join(filter(None, [organisation.short_name, organisation.city, organisation.country.name]))
        entry = Entry(
            kind=SearchEntry.Kind.ORGANISATION,
            title=organisation.name,
            subtitle=subtitle,
            body=organisation.description,
            url=organisation.get_absolute_url(),
            date=organisation.created_at,
            is_public=True,
            public_from=organisation.created_at,
            project_ids=projects_of.get(organisation.pk, []),
        )
        entries.append((organisation.pk, entry))
    return Counter(search_entries=index_entries(Organisation, entries))


# Projects and their consortia -------------------------------------------------------------------------------


def _acronym(context: Context, taken: set) -> str:
    syllables = context.rng.sample(SYLLABLES, context.rng.randint(2, 3))
    return dedupe("".join(syllables), taken, sep="", max_length=40)


def _project(context: Context, acronyms: set, slugs: set, grants: set) -> Project:
    writer, rng = context.writer, context.rng
    acronym = _acronym(context, acronyms)
    start = date(rng.randint(2016, 2026), rng.randint(1, 12), 1)
    total = rng.randint(2_000, 15_000) * 1000
    summary = f"{acronym} develops {writer.pick(PROCESSES)} for {writer.pick(MATERIALS)}. {writer.sentence()}"
    return Project(
        acronym=acronym,
        slug=dedupe(slugify(acronym), slugs, max_length=60),
        full_title=writer.sentence().rstrip(".")[:400],
        summary=summary,
        description="\n\n".join(writer.paragraph() for _ in range(rng.randint(2, 4))),
        programme=rng.choice([Project.Programme.HORIZON_EUROPE, Project.Programme.H2020, Project.Programme.LIFE]),
        funding_scheme=rng.choice(Project.FundingScheme.values),
        grant_agreement_number=dedupe(str(rng.randint(101_000_000, 101_999_999)), grants, sep="", max_length=20),
        call_identifier=f"HORIZON-CL4-{start.year}-RESILIENCE-01-{rng.randint(1, 40):02d}",
        start_date=start,
        end_date=start + timedelta(days=rng.choice([36, 42, 48]) * 30),
        total_cost=total,
        eu_contribution=int(total * rng.uniform(0.6, 1.0)),
        website=f"https://{slugify(acronym)}.example.eu",
        joined_hub_on=start + timedelta(days=rng.randint(0, 365)),
    )


def _consortium(context: Context, project: Project) -> list[Participation]:
    partners = context.some(context.organisations, 5, 20)
    return [
        Participation(
            project_id=project.pk,
            organisation_id=organisation_id,
            role=Participation.Role.COORDINATOR
            if index == 0
            else context.weighted([("participant", 9), ("associated", 1)]),
            eu_contribution=int(project.eu_contribution / len(partners)),
        )
        for index, organisation_id in enumerate(partners)
    ]


def _project_entry(project: Project, topic_ids: list[int]) -> Entry:
    return Entry(
        kind=SearchEntry.Kind.PROJECT,
        title=project.acronym,
        subtitle=project.full_title,
        body="\n".join([project.summary, project.description, project.call_identifier]),
        url=project.get_absolute_url(),
        date=timezone.make_aware(datetime.combine(project.start_date, datetime.min.time())),
        is_public=True,
        public_from=project.created_at,
        project_ids=[project.pk],
        topic_ids=topic_ids,
    )


@transaction.atomic
def create_projects(context: Context, count: int) -> Counter:
    taken = [
        set(Project.objects.exclude(**{name: None}).values_list(name, flat=True))
        for name in ("acronym", "slug", "grant_agreement_number")
    ]
    projects = in_batches(Project, [_project(context, *taken) for _ in range(count)])
    topics = {project.pk: context.some(context.topics, 1, 4) for project in projects}
    stages = {project.pk: context.some(context.stages, 1, 3) for project in projects}
    relate(Project.topics.through, "project_id", "topic_id", topics)
    relate(Project.value_chain_stages.through, "project_id", "valuechainstage_id", stages)
    participations = in_batches(Participation, [row for project in projects for row in _consortium(context, project)])
    context.projects = [(project.pk, project.acronym) for project in projects]
    indexed = index_entries(Project, [(p.pk, _project_entry(p, topics[p.pk])) for p in projects])
    return Counter(projects=len(projects), participations=len(participations), search_entries=indexed)


# Members ----------------------------------------------------------------------------------------------------


def _member(context: Context, index: int) -> User:
    writer, rng = context.writer, context.rng
    name = writer.person_name()
    public = rng.random() < 0.25
    return User(
        email=f"{slugify(name)}.{context.tag}{index}@{BULK_EMAIL_DOMAIN}",
        full_name=name,
        slug=f"{slugify(name)}-{context.tag}{index}" if public else None,
        job_title=rng.choice(["Researcher", "Project manager", "Process engineer", "Geologist", "PhD candidate"]),
        organisation_id=rng.choice(context.organisations) if context.organisations else None,
        bio=writer.paragraph(1, 3) if public else "",
        public_profile=public,
        password=make_password(None),  # unusable: bulk members cannot sign in
        date_joined=context.moment(years_back=6),
    )


def _person_entry(user: User, organisation: str | None, project_ids: list[int]) -> Entry:
    return Entry(
        kind=SearchEntry.Kind.PERSON,
        title=user.full_name,
        subtitle=" · ".join(filter(None, [user.job_title, organisation])),
        body=user.bio,
        url=user.get_absolute_url(),
        date=user.date_joined,
        is_public=True,
        public_from=user.date_joined,
        project_ids=project_ids,
    )


@transaction.atomic
def create_members(context: Context, count: int) -> Counter:
    users = in_batches(User, [_member(context, index) for index in range(count)])
    project_ids = [pk for pk, _ in context.projects]
    memberships = [
        Membership(user_id=user.pk, project_id=project_id, role=context.weighted([("partner", 85), ("editor", 15)]))
        for user in users
        for project_id in context.some(project_ids, 1, 3)
    ]
    in_batches(Membership, memberships)
    context.people = [Person(user.pk, user.full_name, user.public_profile) for user in users]
    organisation_names = dict(Organisation.objects.filter(pk__in=context.organisations).values_list("pk", "name"))
    projects_of: dict[int, list[int]] = {}
    for membership in memberships:
        projects_of.setdefault(membership.user_id, []).append(membership.project_id)
    entries = [
        (user.pk, _person_entry(user, organisation_names.get(user.organisation_id), projects_of.get(user.pk, [])))
        for user in users
        if user.public_profile
    ]
    indexed = index_entries(User, entries)
    return Counter(members=len(users), memberships=len(memberships), search_entries=indexed)
