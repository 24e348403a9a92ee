"""Small helpers for the register's tests."""

import itertools

from hub.core.tests.factories import make_project
from hub.results.models import Deliverable, Publication

_seq = itertools.count(1)


def make_deliverable(**fields) -> Deliverable:
    n = next(_seq)
    fields["project"] = fields.get("project") or make_project()
    fields.setdefault("number", f"D1.{n}")
    fields.setdefault("title", f"Deliverable {n}")
    fields.setdefault("work_package", 1)
    fields.setdefault("due_month", 6)
    fields.setdefault("status", Deliverable.Status.SUBMITTED)
    fields.setdefault("url", f"https://zenodo.example.org/records/{n}")
    return Deliverable.objects.create(**fields)


def make_sensitive_deliverable(**fields) -> Deliverable:
    fields.setdefault("title", "Confidential cathode recipe")
    return make_deliverable(dissemination=Deliverable.Dissemination.SENSITIVE, **fields)


def make_publication(*, projects=(), **fields) -> Publication:
    n = next(_seq)
    fields.setdefault("title", f"Publication {n}")
    fields.setdefault("authors", "Smith, J.; Rossi, M.")
    fields.setdefault("venue", "Journal of Battery Materials")
    fields.setdefault("year", 2025)
    fields.setdefault("doi", f"10.5281/zenodo.{1000 + n}")
    publication = Publication.objects.create(**fields)
    publication.projects.set(projects or [make_project()])
    return publication
