"""Read CORDIS project records: the XML of one project, or the open-data CSV files of projects and organisations.

Both give ``ProjectRecord`` objects in the hub's own vocabulary (programme, funding scheme, role and kind
choices), so that the rest of the import does not care where a record came from."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as defused_tree
from django.utils.translation import gettext as _

from .records import CordisError, OrganisationRecord, ProjectRecord

PROGRAMMES = {"HORIZON": "HORIZON", "HORIZON EUROPE": "HORIZON", "H2020": "H2020", "FP7": "FP7", "LIFE": "LIFE"}
FUNDING_SCHEMES = {"RIA", "IA", "CSA"}
ROLES = {
    "coordinator": "coordinator",
    "participant": "participant",
    "beneficiary": "participant",
    "partner": "participant",
    "associatedpartner": "associated",
    "associated": "associated",
    "thirdparty": "associated",
}
KINDS = {"HES", "REC", "PRC", "PUB", "OTH"}
# CORDIS writes Greece and the United Kingdom the EU's way; the country field wants ISO 3166 codes.
COUNTRIES = {"EL": "GR", "UK": "GB"}
PROJECT_COLUMNS = {"id", "acronym", "title"}
ORGANISATION_COLUMNS = {"projectID", "name", "role"}


# --- values -------------------------------------------------------------------------------------------------


def programme(value: str) -> str:
    return PROGRAMMES.get(value.strip().upper(), "OTHER")


def funding_scheme(value: str) -> str:
    """``HORIZON-RIA``, ``H2020-RIA`` or ``RIA`` → ``RIA``; other schemes (ERC, MSCA...) → ``OTHER``."""
    if not value.strip():
        return ""
    last = value.strip().upper().rsplit("-", 1)[-1]
    return last if last in FUNDING_SCHEMES else "OTHER"


def role(value: str) -> str:
    return ROLES.get(value.strip().lower(), "participant")


def kind(value: str) -> str:
    value = value.strip().upper()
    return value if value in KINDS else "OTH"


def country(value: str) -> str:
    value = value.strip().upper()
    value = COUNTRIES.get(value, value)
    return value if re.fullmatch(r"[A-Z]{2}", value) else ""


def flag(value: str) -> bool:
    return value.strip().lower() in {"true", "1", "yes", "y"}


def amount(value: str) -> Decimal | None:
    """``1234567.5`` or ``1234567,5`` (older CSV files) → a Decimal; empty → None."""
    value = value.strip().replace(" ", "")
    if not value:
        return None
    if "," in value:  # the separator written last is the decimal one: "1.234,5" or "1,234.5"
        thousands, decimal = (".", ",") if value.rfind(",") > value.rfind(".") else (",", ".")
        value = value.replace(thousands, "").replace(decimal, ".")
    try:
        return Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise CordisError(_("“%(value)s” is not an amount in euros.") % {"value": value}) from None


def day(value: str) -> date | None:
    value = value.strip()[:10]
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CordisError(_("“%(value)s” is not a date.") % {"value": value})


# --- XML ----------------------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _descendants(element, name: str):
    return [item for item in element.iter() if _local(item.tag) == name]


def _first_text(element, name: str) -> str:
    found = _descendants(element, name)
    return (found[0].text or "").strip() if found else ""


def _category_code(element, classification: str) -> str:
    for category in _descendants(element, "category"):
        if classification.lower() in category.get("classification", "").lower():
            return _child_text(category, "code")
    return ""


def _xml_root(content: bytes):
    # Entity declarations are what XML bombs and external-entity tricks need; a CORDIS record has none.
    if b"<!DOCTYPE" in content[:2048].upper() or b"<!ENTITY" in content.upper():
        raise CordisError(_("The file declares a document type or entities, which a CORDIS record never does."))
    try:
        root = defused_tree.fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise CordisError(
            _("The file declares a document type or entities, which a CORDIS record never does.")
        ) from None
    except ET.ParseError as error:
        raise CordisError(_("The file is not well-formed XML (%(error)s).") % {"error": error}) from None
    if _local(root.tag) != "project" or not _child_text(root, "id"):
        raise CordisError(_("The XML is not a CORDIS project record (no <project> with an <id>)."))
    return root


def _xml_organisation(element) -> OrganisationRecord:
    address = next(iter(_descendants(element, "address")), element)
    return OrganisationRecord(
        name=_child_text(element, "legalname") or _child_text(element, "name"),
        cordis_id=_child_text(element, "id"),
        short_name=_child_text(element, "shortName"),
        vat_number=_child_text(element, "vatNumber"),
        kind=kind(_child_text(element, "activityType") or _category_code(element, "activityType")),
        is_sme=flag(element.get("sme", "") or _child_text(element, "sme")),
        country=country(_child_text(address, "country")),
        city=_child_text(address, "city"),
        role=role(element.get("type", "")),
        eu_contribution=amount(_child_text(element, "ecContribution")),
    )


def parse_project_xml(content: bytes) -> ProjectRecord:
    """The record of one project from CORDIS's XML (``/project/id/<n>?format=xml``); CordisError if it is not one."""
    root = _xml_root(content)
    organisations = [
        _xml_organisation(item) for item in _descendants(root, "organization") if _child_text(item, "legalname")
    ]
    return ProjectRecord(
        grant_agreement_number=_child_text(root, "id"),
        acronym=_child_text(root, "acronym"),
        full_title=_child_text(root, "title"),
        programme=programme(_first_text(root, "frameworkProgramme")),
        funding_scheme=funding_scheme(_first_text(root, "fundingScheme") or _category_code(root, "fundingScheme")),
        call_identifier=_first_text(root, "topic") or _first_text(root, "identifier"),
        start_date=day(_child_text(root, "startDate")),
        end_date=day(_child_text(root, "endDate")),
        total_cost=amount(_child_text(root, "totalCost")),
        eu_contribution=amount(_child_text(root, "ecMaxContribution")),
        objective=_child_text(root, "objective"),
        organisations=organisations,
    )


# --- CSV ----------------------------------------------------------------------------------------------------


def _rows(file, required: set[str], label: str):
    """The rows of a CORDIS open-data CSV file (UTF-8, semicolons), checked for the columns we need."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="") if not isinstance(file, io.TextIOBase) else file
    reader = csv.DictReader(text, delimiter=";")
    try:
        missing = required - set(reader.fieldnames or ())
    except (UnicodeDecodeError, csv.Error):
        raise CordisError(_("The %(label)s file is not a UTF-8 CSV file.") % {"label": label}) from None
    if missing:
        raise CordisError(
            _("The %(label)s file is not a CORDIS %(label)s file: it has no column %(columns)s.")
            % {"label": label, "columns": ", ".join(sorted(missing))}
        )
    try:
        yield from reader
    except (UnicodeDecodeError, csv.Error):
        raise CordisError(_("The %(label)s file is not a UTF-8 CSV file.") % {"label": label}) from None


def _csv_project(row: dict) -> ProjectRecord:
    return ProjectRecord(
        grant_agreement_number=row["id"].strip(),
        acronym=row["acronym"].strip(),
        full_title=row["title"].strip(),
        programme=programme(row.get("frameworkProgramme", "")),
        funding_scheme=funding_scheme(row.get("fundingScheme", "")),
        call_identifier=(row.get("topics") or row.get("subCall") or "").strip(),
        start_date=day(row.get("startDate", "")),
        end_date=day(row.get("endDate", "")),
        total_cost=amount(row.get("totalCost", "")),
        eu_contribution=amount(row.get("ecMaxContribution", "")),
        objective=(row.get("objective") or "").strip(),
    )


def _csv_organisation(row: dict) -> OrganisationRecord:
    return OrganisationRecord(
        name=row["name"].strip(),
        cordis_id=(row.get("organisationID") or "").strip(),
        short_name=(row.get("shortName") or "").strip(),
        vat_number=(row.get("vatNumber") or "").strip(),
        kind=kind(row.get("activityType") or ""),
        is_sme=flag(row.get("SME") or ""),
        country=country(row.get("country") or ""),
        city=(row.get("city") or "").strip(),
        role=role(row["role"]),
        eu_contribution=amount(row.get("ecContribution") or ""),
    )


def parse_project_csv(projects, organisations, grants: list[str] | None = None) -> list[ProjectRecord]:
    """The records of the ``grants`` (every project when None) from the open-data ``project.csv`` and
    ``organization.csv`` (binary files); CordisError if a file is not one of those or a grant is missing."""
    wanted = {str(grant).strip() for grant in grants} if grants else None
    records = {
        row["id"].strip(): _csv_project(row)
        for row in _rows(projects, PROJECT_COLUMNS, _("projects"))
        if wanted is None or row["id"].strip() in wanted
    }
    missing = sorted((wanted or set()) - set(records))
    if missing:
        raise CordisError(_("The projects file has no project %(grants)s.") % {"grants": ", ".join(missing)})
    for row in _rows(organisations, ORGANISATION_COLUMNS, _("organisations")):
        record = records.get(row["projectID"].strip())
        if record is not None and row["name"].strip():
            record.organisations.append(_csv_organisation(row))
    return list(records.values())
