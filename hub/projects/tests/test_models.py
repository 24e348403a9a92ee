from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.core.tests.factories import make_organisation, make_participation, make_project
from hub.projects.models import Participation, Project, ValueChainStage

pytestmark = pytest.mark.django_db


def test_value_chain_stages_exist_from_the_migration_in_order():
    assert list(ValueChainStage.objects.values_list("slug", flat=True)) == [
        "exploration-and-mining",
        "refining-and-processing",
        "materials",
        "cells",
        "second-life",
        "recycling",
    ]


def test_a_project_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(start_date=date(2024, 1, 1), end_date=date(2023, 1, 1))


def test_validation_explains_a_project_ending_before_it_starts():
    project = Project(acronym="X", slug="x", start_date=date(2024, 1, 1), end_date=date(2023, 1, 1))
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        project.full_clean()


def test_the_eu_contribution_cannot_exceed_the_total_cost():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(total_cost=1000, eu_contribution=2000)


def test_grant_numbers_are_unique_but_unknown_ones_do_not_collide():
    make_project(grant_agreement_number="101069644")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(grant_agreement_number="101069644")
    make_project(grant_agreement_number="")
    make_project(grant_agreement_number="")
    assert Project.objects.filter(grant_agreement_number__isnull=True).count() == 2


def test_status_is_derived_from_the_dates():
    today = timezone.localdate()
    upcoming = make_project(start_date=today + timedelta(days=10), end_date=today + timedelta(days=900))
    ongoing = make_project(start_date=today - timedelta(days=10), end_date=today + timedelta(days=10))
    closed = make_project(start_date=today - timedelta(days=900), end_date=today - timedelta(days=1))
    undated = make_project(start_date=None, end_date=None)

    assert [p.status for p in (upcoming, ongoing, closed, undated)] == ["upcoming", "ongoing", "closed", "ongoing"]
    assert set(Project.objects.with_status("upcoming")) == {upcoming}
    assert set(Project.objects.with_status("ongoing")) == {ongoing, undated}
    assert set(Project.objects.with_status("closed")) == {closed}


def test_a_project_has_at_most_one_coordinator():
    project = make_project()
    coordinator = make_participation(project=project, role=Participation.Role.COORDINATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_participation(project=project, role=Participation.Role.COORDINATOR)
    make_participation(project=project, role=Participation.Role.PARTICIPANT)
    assert project.coordinator == coordinator.organisation


def test_an_organisation_takes_part_in_a_project_once():
    participation = make_participation()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(project=participation.project, organisation=participation.organisation)


def test_an_organisation_gets_a_unique_slug():
    assert make_organisation(name="KU Leuven").slug == "ku-leuven"
    assert make_organisation(name="KU  Leuven").slug == "ku-leuven-2"


def test_the_cordis_link_uses_the_grant_number():
    assert make_project(grant_agreement_number="776473").cordis_url == "https://cordis.europa.eu/project/id/776473"
    assert make_project().cordis_url == ""
