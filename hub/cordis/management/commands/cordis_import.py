"""Import or refresh projects from CORDIS: print what would change, and write it with --apply."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hub.cordis.diff import ImportPlan, cordis_import_plan
from hub.cordis.fetch import fetch_project_xml
from hub.cordis.matching import OrganisationIndex
from hub.cordis.parsers import parse_project_csv, parse_project_xml
from hub.cordis.records import CordisError
from hub.cordis.services import cordis_import_apply, plan_summary


class Command(BaseCommand):
    help = (
        "Compare projects with CORDIS, by grant number (fetched from CORDIS), from XML records, or from the "
        "open-data project.csv and organization.csv (the grant numbers then pick the projects; none: all). "
        "Prints the differences; --apply writes them, all projects in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("grants", nargs="*", help="grant agreement numbers")
        parser.add_argument("--xml", nargs="+", default=[], metavar="FILE", help="CORDIS project records (XML)")
        parser.add_argument("--csv-projects", metavar="FILE", help="the open-data project.csv")
        parser.add_argument("--csv-organisations", metavar="FILE", help="the open-data organization.csv")
        parser.add_argument("--apply", action="store_true", help="write the differences")

    def handle(self, *args, grants, xml, csv_projects, csv_organisations, apply, **options):
        try:
            records = self.records(grants, xml, csv_projects, csv_organisations)
            index = OrganisationIndex()
            for record in records:
                self.print_plan(cordis_import_plan(record, index))
            if apply:
                with transaction.atomic():
                    for record in records:
                        project, plan = cordis_import_apply(record=record, by=None)
                        self.stdout.write(self.style.SUCCESS(f"{project}: {plan_summary(plan)}"))
        except (CordisError, OSError) as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        if not apply:
            self.stdout.write("Nothing written: run again with --apply to import.")

    def records(self, grants, xml, csv_projects, csv_organisations):
        if bool(csv_projects) != bool(csv_organisations):
            raise CommandError("Give both --csv-projects and --csv-organisations.")
        if csv_projects:
            with open(csv_projects, "rb") as projects, open(csv_organisations, "rb") as organisations:
                return parse_project_csv(projects, organisations, grants or None)
        if not (grants or xml):
            raise CommandError("Give grant numbers, --xml files or the two CSV files.")
        records = []
        for path in xml:
            with open(path, "rb") as file:
                records.append(parse_project_xml(file.read()))
        return records + [parse_project_xml(fetch_project_xml(grant)) for grant in grants]

    def print_plan(self, plan: ImportPlan):
        state = "refresh" if plan.project else "new project"
        self.stdout.write(
            self.style.MIGRATE_HEADING(f"{plan.record.acronym} ({plan.record.grant_agreement_number}): {state}")
        )
        if not plan.has_changes:
            self.stdout.write("  no difference")
        for change in plan.changes:
            self.stdout.write(f"  {change.label}: {change.old or '—'} -> {change.new or '—'}")
        for item in plan.organisations:
            found = f"matched by {item.matched_by}" if item.organisation else "new organisation"
            joins = f", joins as {item.role_label}" if not item.participation else ""
            self.stdout.write(f"  {item.record.name}: {found}{joins}")
            for change in [*item.changes, *item.participation_changes]:
                self.stdout.write(f"    {change.label}: {change.old or '—'} -> {change.new or '—'}")
        for participation in plan.demoted:
            self.stdout.write(f"  {participation.organisation}: coordinator -> participant (not listed by CORDIS)")
