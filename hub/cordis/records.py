"""What an import reads from CORDIS, whatever the source (project XML or open-data CSV), before any write."""

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal


class CordisError(Exception):
    """CORDIS could not be reached, or sent or was given something that is not a project record.

    The message is written for staff and shown as it is."""


@dataclass
class OrganisationRecord:
    name: str
    cordis_id: str = ""
    short_name: str = ""
    vat_number: str = ""
    kind: str = "OTH"
    is_sme: bool = False
    country: str = ""
    city: str = ""
    role: str = "participant"
    eu_contribution: Decimal | None = None


@dataclass
class ProjectRecord:
    grant_agreement_number: str
    acronym: str
    full_title: str = ""
    programme: str = "OTHER"
    funding_scheme: str = ""
    call_identifier: str = ""
    start_date: date | None = None
    end_date: date | None = None
    total_cost: Decimal | None = None
    eu_contribution: Decimal | None = None
    objective: str = ""
    organisations: list[OrganisationRecord] = field(default_factory=list)

    def to_json(self) -> dict:
        """A JSON-safe copy, to keep the record in the session between the review page and the acceptance."""
        return asdict(self, dict_factory=lambda items: {key: _json_value(value) for key, value in items})

    @classmethod
    def from_json(cls, data: dict) -> "ProjectRecord":
        data = dict(data)
        for name in ("start_date", "end_date"):
            data[name] = date.fromisoformat(data[name]) if data[name] else None
        for name in ("total_cost", "eu_contribution"):
            data[name] = Decimal(data[name]) if data[name] is not None else None
        data["organisations"] = [_organisation_from_json(item) for item in data["organisations"]]
        return cls(**data)


def _organisation_from_json(data: dict) -> OrganisationRecord:
    contribution = data.get("eu_contribution")
    return OrganisationRecord(**{**data, "eu_contribution": Decimal(contribution) if contribution else None})


def _json_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
