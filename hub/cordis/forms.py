from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hub.core.uploads import MAX_UPLOAD_BYTES, check_size

from .fetch import MAX_RECORD_BYTES, fetch_project_xml, valid_grant_number
from .parsers import parse_project_csv, parse_project_xml
from .records import CordisError, ProjectRecord


class CordisImportForm(forms.Form):
    """Where a CORDIS record comes from: CORDIS itself by grant number, an XML record, or the two CSV files."""

    grant_agreement_number = forms.CharField(
        label=_("Grant agreement number"),
        max_length=12,
        required=False,
        help_text=_("Alone: the record is fetched from CORDIS. With the CSV files: the project to take from them."),
    )
    xml_file = forms.FileField(
        label=_("CORDIS project record (XML)"),
        required=False,
        help_text=_("The file CORDIS gives at cordis.europa.eu/project/id/<number>?format=xml."),
    )
    projects_csv = forms.FileField(
        label=_("project.csv (open data)"),
        required=False,
        help_text=_("Up to 20 MB: cut the full CORDIS files down, or import them with manage.py cordis_import."),
    )
    organisations_csv = forms.FileField(label=_("organization.csv (open data)"), required=False)

    def clean_xml_file(self):
        upload = self.cleaned_data.get("xml_file")
        if upload:
            check_size(upload, MAX_RECORD_BYTES, what=_("XML record"))
        return upload

    def clean_projects_csv(self):
        return self._checked_csv("projects_csv")

    def clean_organisations_csv(self):
        return self._checked_csv("organisations_csv")

    def _checked_csv(self, name):
        upload = self.cleaned_data.get(name)
        if upload:
            check_size(upload, MAX_UPLOAD_BYTES, what=_("CSV file"))
        return upload

    def clean(self):
        data = super().clean()
        grant, xml = data.get("grant_agreement_number"), data.get("xml_file")
        csv_files = [data.get("projects_csv"), data.get("organisations_csv")]
        if xml and (grant or any(csv_files)):
            raise ValidationError(_("Give either an XML file, or a grant number (with or without the CSV files)."))
        if any(csv_files) and not all(csv_files):
            raise ValidationError(_("Upload both CSV files, project.csv and organization.csv, together."))
        if not (xml or grant):
            raise ValidationError(_("Give a grant agreement number or upload a CORDIS file."))
        if grant:
            try:
                data["grant_agreement_number"] = valid_grant_number(grant)
            except CordisError as error:
                self.add_error("grant_agreement_number", str(error))
        return data

    def records(self) -> list[ProjectRecord]:
        """The records the form points at (fetched from CORDIS when only a number is given); CordisError if none."""
        data = self.cleaned_data
        if data.get("xml_file"):
            return [parse_project_xml(data["xml_file"].read())]
        if data.get("projects_csv"):
            grants = [data["grant_agreement_number"]]
            return parse_project_csv(data["projects_csv"], data["organisations_csv"], grants)
        return [parse_project_xml(fetch_project_xml(data["grant_agreement_number"]))]
