"""Recognise an organisation CORDIS lists among those the portal has: by PIC, then VAT number, then name."""

import re
import unicodedata

from hub.members.models import Organisation

# Legal-form words that differ between how CORDIS and partners write the same name ("Acme GmbH" / "ACME").
LEGAL_FORMS = {
    "ab", "ae", "ag", "aps", "as", "asa", "bv", "co", "cvba", "doo", "eg", "ev", "epe", "ggmbh", "gmbh", "ike",
    "inc", "kft", "kg", "limited", "llc", "ltd", "ltda", "mbh", "nv", "oy", "oyj", "ou", "plc", "sa", "sas",
    "sarl", "scrl", "se", "sl", "slu", "spa", "spzoo", "sro", "srl", "ug", "vzw",
}  # fmt: skip


def normalised_name(name: str) -> str:
    """``"Acme Batteries G.m.b.H."`` and ``"ACME-Batteries"`` → ``"acme batteries"``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text.replace(".", ""))
    words = text.split()
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def normalised_vat(vat: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", vat.upper())


class OrganisationIndex:
    """Every organisation, read once, looked up by identifier or name (a constant number of queries)."""

    def __init__(self, organisations=None):
        if organisations is None:
            organisations = Organisation.objects.only(
                "name", "cordis_id", "vat_number", "kind", "is_sme", "country", "city"
            )
        self.by_pic, self.by_vat, self.by_name = {}, {}, {}
        for organisation in organisations:
            self.add(organisation)

    def add(self, organisation):
        if organisation.cordis_id:
            self.by_pic.setdefault(organisation.cordis_id, organisation)
        if organisation.vat_number:
            self.by_vat.setdefault(normalised_vat(organisation.vat_number), organisation)
        self.by_name.setdefault(normalised_name(organisation.name), organisation)

    def match(self, record) -> tuple[Organisation | None, str]:
        """The organisation ``record`` describes, and how it was recognised ("PIC", "VAT number", "name")."""
        if record.cordis_id and record.cordis_id in self.by_pic:
            return self.by_pic[record.cordis_id], "PIC"
        if record.vat_number and normalised_vat(record.vat_number) in self.by_vat:
            return self.by_vat[normalised_vat(record.vat_number)], "VAT number"
        return self.by_name.get(normalised_name(record.name)), "name"
