"""The cordis_import command: prints the differences, writes them only with --apply."""

import urllib.error
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from hub.core.tests.factories import make_project
from hub.projects.models import Project

from .samples import GRANT, sample, sample_path

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("cordis_import", *args, stdout=out)
    return out.getvalue()


def test_without_apply_the_differences_are_printed_and_nothing_is_written():
    make_project(acronym="ECOLITH", grant_agreement_number=GRANT, full_title="Old title")

    output = run("--xml", sample_path("project_101091234.xml"))

    assert "ECOLITH (101091234): refresh" in output
    assert "full title: Old title -> Sustainable extraction" in output
    assert (
        "KELIBER" not in output and "Keliber Lithium Technology Oy: new organisation, joins as Participant" in output
    )
    assert "run again with --apply" in output
    assert Project.objects.get().full_title == "Old title"


def test_apply_imports_every_project_of_the_csv_files():
    output = run(
        "--csv-projects", sample_path("project.csv"), "--csv-organisations", sample_path("organization.csv"), "--apply"
    )

    assert set(Project.objects.values_list("acronym", flat=True)) == {"ECOLITH", "RECOBAT"}
    assert "RECOBAT: From CORDIS, grant 101069999" in output


def test_grant_numbers_are_fetched_from_cordis():
    response = mock.MagicMock()
    response.__enter__.return_value.read.return_value = sample("project_101091234.xml")
    with mock.patch("hub.cordis.fetch.urllib.request.urlopen", return_value=response):
        run(GRANT, "--apply")

    assert Project.objects.get().acronym == "ECOLITH"


def test_an_unreachable_cordis_stops_the_command_with_nothing_changed():
    make_project(acronym="OTHER")
    with (
        mock.patch("hub.cordis.fetch.urllib.request.urlopen", side_effect=urllib.error.URLError("refused")),
        pytest.raises(CommandError, match=r"CORDIS could not be reached .* Nothing was changed"),
    ):
        run(GRANT, "--xml", sample_path("project_101091234.xml"), "--apply")

    assert list(Project.objects.values_list("acronym", flat=True)) == ["OTHER"]
