"""The register's rules: what is public, what a number and a DOI look like."""

import pytest
from django.core.exceptions import ValidationError

from hub.core.tests.factories import make_project
from hub.results.models import Deliverable, Publication
from hub.results.services import deliverable_save, publication_remove_from_project, publication_save
from hub.results.tests.factories import make_deliverable, make_publication, make_sensitive_deliverable

pytestmark = pytest.mark.django_db


def test_only_public_delivered_deliverables_are_public():
    shown = make_deliverable()
    make_sensitive_deliverable()
    make_sensitive_deliverable(status=Deliverable.Status.APPROVED)
    make_deliverable(status=Deliverable.Status.PLANNED)
    assert list(Deliverable.objects.public()) == [shown]


@pytest.mark.parametrize("number", ["2.1", "D 2.1", "d2", "WP2.1", "D2.1a"])
def test_a_deliverable_number_must_look_like_d2_1(number):
    deliverable = Deliverable(project=make_project(), number=number, title="Report", work_package=2, due_month=3)
    with pytest.raises(ValidationError) as error:
        deliverable_save(deliverable=deliverable)
    assert "e.g. D2.1" in str(error.value)


def test_a_number_is_used_once_per_project():
    first = make_deliverable(number="D2.1")
    duplicate = Deliverable(project=first.project, number="D2.1", title="Again", work_package=2, due_month=3)
    with pytest.raises(ValidationError, match="already has a deliverable with this number"):
        deliverable_save(deliverable=duplicate)
    make_deliverable(number="D2.1")  # another project may use it


def test_a_deliverable_has_a_file_or_a_link_not_both():
    deliverable = make_deliverable()
    deliverable.file = "deliverables/2025/report.pdf"
    with pytest.raises(ValidationError, match="not both"):
        deliverable_save(deliverable=deliverable)


@pytest.mark.parametrize("doi", ["10.5281/zenodo.123", "https://doi.org/10.1016/j.est.2024.1", "doi: 10.1000/xyz"])
def test_a_doi_is_stored_without_its_resolver(doi):
    publication = publication_save(
        publication=Publication(title="Paper", authors="A. B.", year=2024, doi=doi), projects=[make_project()]
    )
    assert publication.doi.startswith("10.")
    assert publication.href == f"https://doi.org/{publication.doi}"


@pytest.mark.parametrize("doi", ["zenodo 123", "11.5281/x", "10.12/short-registrant"])
def test_a_malformed_doi_is_refused_with_an_example(doi):
    with pytest.raises(ValidationError, match=r"10\.5281/zenodo\.1234567"):
        publication_save(
            publication=Publication(title="P", authors="A", year=2024, doi=doi), projects=[make_project()]
        )


def test_a_publication_needs_a_doi_or_a_link():
    with pytest.raises(ValidationError, match="DOI or a link"):
        publication_save(publication=Publication(title="P", authors="A", year=2024), projects=[make_project()])


def test_removing_a_shared_publication_keeps_it_for_the_other_project():
    first, second = make_project(), make_project()
    publication = make_publication(projects=[first, second])
    publication_remove_from_project(publication=publication, project=first)
    assert list(publication.projects.all()) == [second]
    publication_remove_from_project(publication=publication, project=second)
    assert not Publication.objects.exists()
