"""Bulk content for measuring the portal at size (``manage.py seed_bulk``): fast inserts, realistic variety.

Each model kind is written in one transaction with ``bulk_create`` in batches, together with its
many-to-many rows and its search entries. The steps live in ``bulk_directory`` and ``bulk_content``.
"""

import io
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from hub.core.bulk_base import BULK_SLUG_PREFIX, Context
from hub.core.bulk_content import create_events, create_posts
from hub.core.bulk_directory import create_members, create_organisations, create_projects, index_organisations
from hub.core.bulk_text import Writer
from hub.events.models import Event, Session, SessionRole
from hub.members.models import Membership, Organisation, User
from hub.news.models import Post
from hub.projects.models import Participation, Project, Topic, ValueChainStage
from hub.search.models import SearchEntry

IMAGES = 6
# Every table the steps write to (vacuumed and analysed at the end).
FILLED = [
    Organisation, Project, Participation, Project.topics.through, Project.value_chain_stages.through, User,
    Membership, Event, Session, SessionRole, Event.projects.through, Event.topics.through, Post,
    Post.projects.through, Post.topics.through, SearchEntry, SearchEntry.projects.through, SearchEntry.topics.through,
]  # fmt: skip
TOPICS = [
    "Recycling", "Mining", "Direct lithium extraction", "Refining", "Exploration", "Life-cycle assessment",
    "Circular economy", "Geothermal lithium", "Graphite", "Cathode materials", "Social acceptance", "Policy",
    "Digital twins", "Tailings", "Substitution", "Skills and training",
]  # fmt: skip


@dataclass
class BulkSizes:
    posts: int = 100_000
    events: int = 5_000
    projects: int = 300
    organisations: int = 3_000
    members: int = 5_000


@dataclass
class BulkReport:
    created: Counter = field(default_factory=Counter)
    seconds: dict = field(default_factory=dict)

    def summary(self) -> str:
        rows = ", ".join(f"{count} {name}" for name, count in self.created.items())
        timing = ", ".join(f"{name} {sec:.1f}s" for name, sec in self.seconds.items())
        return f"Bulk content: {rows}. Time: {timing}."


def bulk_content_exists() -> bool:
    return Post.objects.filter(slug__startswith=BULK_SLUG_PREFIX).exists()


def seed_bulk(sizes: BulkSizes, *, seed: int = 7, log=None) -> BulkReport:
    """Create ``sizes`` of organisations, projects, members, events and posts, all indexed for search."""
    context = Context(writer=Writer(seed), tag=secrets.token_hex(2), now=timezone.now())
    context.topics = _topics()
    context.stages = list(ValueChainStage.objects.values_list("pk", flat=True))
    context.images = _cover_images(context)
    report = BulkReport()
    steps = [
        ("organisations", lambda: create_organisations(context, sizes.organisations)),
        ("projects", lambda: create_projects(context, sizes.projects)),
        ("organisation index", lambda: index_organisations(context)),
        ("members", lambda: create_members(context, sizes.members)),
        ("events", lambda: create_events(context, sizes.events)),
        ("posts", lambda: create_posts(context, sizes.posts, log=log)),
        ("vacuum analyze", vacuum_analyze),
    ]
    for name, step in steps:
        started = time.monotonic()
        report.created.update(step())
        report.seconds[name] = time.monotonic() - started
        if log:
            log(f"{name}: {report.seconds[name]:.1f}s")
    return report


def vacuum_analyze() -> Counter:
    """On PostgreSQL, give the planner statistics and the visibility map for the new rows now, as autovacuum
    would later: right after a bulk load a COUNT(*) reads every heap page instead of the index alone."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return Counter()
    tables = [connection.ops.quote_name(model._meta.db_table) for model in FILLED]
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")
    return Counter()


def _topics() -> list[int]:
    for name in TOPICS:
        Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return list(Topic.objects.values_list("pk", flat=True))


def _cover_images(context: Context) -> list[str]:
    """A few cover pictures stored once and shared by many posts, as a real newsroom reuses its photos."""
    names = []
    for index in range(IMAGES):
        name = f"posts/bulk/cover-{index + 1}.jpg"
        if not default_storage.exists(name):
            colour = tuple(context.rng.randint(40, 200) for _ in range(3))
            image = Image.new("RGB", (1200, 675), colour)
            ImageDraw.Draw(image).ellipse((300 + 60 * index, 120, 800 + 40 * index, 560), fill=(230, 230, 220))
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=80)
            name = default_storage.save(name, ContentFile(buffer.getvalue()))
        names.append(name)
    return names
