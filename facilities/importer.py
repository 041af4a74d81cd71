"""Load jurisdictions, mail policies and facilities from the data shipped in `facilities/data/`.

`manage.py import_facilities` calls `run_import`. It is idempotent: facilities are keyed by
their HIFLD id, only changed rows are written, and a facility that leaves the data is marked
closed, never deleted (profiles and letters point to it). Jurisdictions and policies are
created when missing and otherwise left as staff edited them, unless `refresh_policies`; a
facility staff have saved in the admin (`edited_by_staff`) is left alone too.
"""

import csv
import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from facilities.models import FACILITY_ADDRESS_FIELDS, Facility, Jurisdiction, MailPolicy

DATA_DIR = Path(__file__).resolve().parent / "data"
HIFLD_FILE = "hifld_prison_boundaries_2020.csv"
BOP_MAIL_FILE = "bop_inmate_mail_addresses.csv"
BOP_STILES_FILE = "bop_facilities_stiles.csv"
JURISDICTIONS_FILE = "jurisdictions.csv"
POLICIES_FILE = "mail_policies.json"

MISSING = {"NOT AVAILABLE", "-999"}
BOP_PREFIXES = {"FCI", "USP", "AUSP", "FPC", "FMC", "FDC", "MCC", "MDC", "FSL", "FTC", "MCFP"}
# BOP renamed these institutions after HIFLD recorded them: BOP code -> HIFLD name.
BOP_NAME_ALIASES = {
    "ATL": "USP ATLANTA",
    "FTW": "FMC FORT WORTH",
    "HER": "HERLONG FCI",
    "LEW": "USP LEWISBURG",
    "LVN": "USP LEAVENWORTH",
    "MAR": "USP MARION",
    "MRG": "FCI MORGANTOWN",
    "SPG": "MCFP SPRINGFIELD",
    "TOM": "AUSP THOMSON",
}
# BOP's note in an address column, not an address line (BEC).
NOT_ADDRESS_LINES = {"GENERAL & LEGAL MAIL"}
# Facility types whose BOP locations house nobody (field offices, headquarters).
BOP_NON_HOUSING_TYPES = {"RRM", "CO"}

KEEP_UPPER = BOP_PREFIXES | {
    "SCI", "CI", "CC", "CCC", "ICE", "DOC", "SPC", "SFF", "MCF", "CRV", "CRC", "CTR", "USA",
    "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "NM", "NH", "NY", "SW", "NE", "NW", "SE",
}  # fmt: skip
MINOR_WORDS = {"of", "and", "for", "the", "de", "del", "y", "at", "in", "on"}

# Fields the import owns; anything else on a facility (short name, overrides) is staff's.
IMPORTED_FIELDS = (
    "jurisdiction_id",
    "name",
    "bop_code",
    "facility_type",
    "security_level",
    "is_open",
    "physical_street",
    "physical_city",
    "physical_state",
    "physical_zip",
    "mail_street",
    "mail_street2",
    "mail_city",
    "mail_state",
    "mail_zip",
    "telephone",
    "latitude",
    "longitude",
    "source",
)


# The imported fields that decide where mail goes: the facility page says when they last changed.
ADDRESS_FIELDS = [
    "jurisdiction_id" if name == "jurisdiction" else name
    for name in FACILITY_ADDRESS_FIELDS
    if name != "short_name"
]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0
    kept: int = 0
    jurisdictions_created: int = 0
    policies_created: int = 0
    policies_refreshed: int = 0
    unmatched_bop_codes: list = field(default_factory=list)

    def summary(self):
        return (
            f"Facilities: {self.created} created, {self.updated} updated, {self.closed} closed, "
            f"{self.unchanged} unchanged, {self.kept} kept as staff edited them. "
            f"Jurisdictions: {self.jurisdictions_created} created. "
            f"Mail policies: {self.policies_created} created, "
            f"{self.policies_refreshed} refreshed."
        )


def clean(value):
    value = " ".join((value or "").split())
    return "" if value in MISSING else value


def title_case(name):
    """`FCI ALICEVILLE` -> `FCI Aliceville`, `MCDOWELL` -> `McDowell`: names read as names."""
    words = []
    for index, word in enumerate(name.split()):
        bare = word.strip("()#,")
        if bare in KEEP_UPPER or (
            bare.isalpha() and len(bare) <= 4 and not set(bare) & set("AEIOUY")
        ):
            words.append(word)
        elif index and word.lower() in MINOR_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(_capitalise(part) for part in word.split("-")))
    return " ".join(words)


def _capitalise(word):
    word = word.lower()
    if re.match(r"^mc[a-z]{2,}", word):
        return "Mc" + word[2:].capitalize()
    if re.match(r"^[a-z]'[a-z]", word):
        return word[:2].upper() + word[2:].capitalize()
    # capitalize() would lower-case after the first letter: `(EL PASO)` needs the letter after (.
    return re.sub(r"[a-z]", lambda m: m.group(0).upper(), word, count=1)


def normalise_po_box(street):
    """`P.O.BOX 4000`, `P.O, BOX 34550` -> `P.O. BOX ...`: BOP's typing, not its address."""
    return re.sub(r"^P\.?O[.,]?\s*BOX\b", "P.O. BOX", street) if street else street


def read_csv(name, data_dir):
    with open(data_dir / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def is_bop(row):
    return row["NAME"].split()[0] in BOP_PREFIXES or "bop.gov" in row["WEBSITE"]


def jurisdiction_code(row):
    """US-BOP for Bureau of Prisons institutions, US-FED for other federal detention (mostly
    immigration), US-XX for a state's."""
    if row["TYPE"] == "FEDERAL":
        return "US-BOP" if is_bop(row) else "US-FED"
    return f"US-{row['STATE']}"


def bop_key(code, name_upper):
    return BOP_NAME_ALIASES.get(code, name_upper)


def bop_mail_by_name(data_dir):
    """BOP inmate-mail rows keyed by the HIFLD name they belong to (`ALICEVILLE FCI` ->
    `FCI ALICEVILLE`)."""
    result = {}
    for row in read_csv(BOP_MAIL_FILE, data_dir):
        place, _, kind = row["name"].rpartition(" ")
        result[bop_key(row["code"], f"{kind} {place}")] = row
    return result


def bop_stiles_by_name(data_dir):
    result = {}
    for row in read_csv(BOP_STILES_FILE, data_dir):
        if row["type"] in BOP_NON_HOUSING_TYPES:
            continue
        result[bop_key(row["code"], f"{row['type']} {row['name'].upper()}")] = row
    return result


def decimal_or_none(value):
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(value).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        return None


def facility_values(row, jurisdictions, mail, stiles):
    federal = row["TYPE"] == "FEDERAL"
    code = jurisdiction_code(row)
    values = {
        "jurisdiction_id": jurisdictions[code].pk,
        "name": title_case(clean(row["NAME"])),
        "bop_code": "",
        "facility_type": Facility.Type.FEDERAL if federal else Facility.Type.STATE,
        "security_level": clean(row["SECURELVL"]).capitalize(),
        "is_open": True,
        "physical_street": clean(row["ADDRESS"]),
        "physical_city": clean(row["CITY"]),
        "physical_state": clean(row["STATE"]),
        "physical_zip": clean(row["ZIP"]),
        "mail_street": "",
        "mail_street2": "",
        "mail_city": "",
        "mail_state": "",
        "mail_zip": "",
        "telephone": clean(row["TELEPHONE"]),
        "latitude": None,
        "longitude": None,
        "source": "hifld",
    }
    if code != "US-BOP":
        return values
    name = clean(row["NAME"])
    if name in stiles:
        s = stiles[name]
        values.update(
            bop_code=s["code"],
            latitude=decimal_or_none(s["latitude"]),
            longitude=decimal_or_none(s["longitude"]),
            source="hifld+stiles",
        )
    if name in mail:
        m = mail[name]
        street, street2 = clean(m["mail_street"]), clean(m["mail_street2"])
        if street2 in NOT_ADDRESS_LINES:
            street2 = ""
        values.update(
            bop_code=m["code"],
            mail_street=normalise_po_box(street),
            mail_street2=normalise_po_box(street2),
            mail_city=clean(m["mail_city"]),
            mail_state=clean(m["mail_state"]),
            mail_zip=clean(m["mail_zip"]),
            source="hifld+bop",
        )
    return values


def load_jurisdictions(data_dir=DATA_DIR, *, refresh=False, report=None):
    report = report or ImportReport()
    existing = {j.code: j for j in Jurisdiction.objects.all()}
    for row in read_csv(JURISDICTIONS_FILE, data_dir):
        jurisdiction = existing.get(row["code"])
        if jurisdiction is None:
            existing[row["code"]] = Jurisdiction.objects.create(**row)
            report.jurisdictions_created += 1
        elif refresh:
            for name, value in row.items():
                setattr(jurisdiction, name, value)
            jurisdiction.save()
    return existing


def policy_fields(data, code):
    """The model fields for `code`'s policy from the JSON data (the default when absent)."""
    values = dict(data.get(code) or data["default"])
    values["mailing_address_template"] = "\n".join(values["mailing_address_template"])
    values["last_verified"] = datetime.date.fromisoformat(values["last_verified"])
    return values


def load_policies(jurisdictions, data_dir=DATA_DIR, *, refresh=False, report=None):
    report = report or ImportReport()
    data = json.loads((data_dir / POLICIES_FILE).read_text(encoding="utf-8"))
    current = {p.jurisdiction_id: p for p in MailPolicy.objects.filter(facility__isnull=True)}
    for code, jurisdiction in jurisdictions.items():
        values = policy_fields(data, code)
        policy = current.get(jurisdiction.pk)
        if policy is None:
            policy = MailPolicy(jurisdiction=jurisdiction, **values)
            policy.full_clean()
            policy.save()
            report.policies_created += 1
        elif refresh:
            defaults = {f.name: f.get_default() for f in MailPolicy._meta.concrete_fields}
            for name in values.keys() | (defaults.keys() - {"id", "jurisdiction", "facility"}):
                setattr(policy, name, values.get(name, defaults[name]))
            policy.full_clean()
            policy.save()
            report.policies_refreshed += 1
    return jurisdictions


def unique_slug(values, hifld_id, taken):
    base = slugify(f"{values['name']} {values['physical_state']}")[:200] or hifld_id
    slug = base if base not in taken else f"{base}-{hifld_id}"
    taken.add(slug)
    return slug


@transaction.atomic
def run_import(data_dir=DATA_DIR, *, refresh_policies=False):
    data_dir = Path(data_dir)
    report = ImportReport()
    jurisdictions = load_jurisdictions(data_dir, refresh=refresh_policies, report=report)
    load_policies(jurisdictions, data_dir, refresh=refresh_policies, report=report)

    mail = bop_mail_by_name(data_dir)
    stiles = bop_stiles_by_name(data_dir)
    rows = [
        row
        for row in read_csv(HIFLD_FILE, data_dir)
        if row["STATUS"] == "OPEN" and row["TYPE"] in ("STATE", "FEDERAL")
    ]
    existing = {f.hifld_id: f for f in Facility.objects.exclude(hifld_id="")}
    taken_slugs = set(Facility.objects.values_list("slug", flat=True))
    seen, to_create, to_update, matched_codes = set(), [], [], set()
    for row in rows:
        hifld_id = row["FACILITYID"]
        seen.add(hifld_id)
        values = facility_values(row, jurisdictions, mail, stiles)
        matched_codes.add(values["bop_code"])
        facility = existing.get(hifld_id)
        if facility is not None and facility.edited_by_staff:
            continue
        if facility is None:
            slug = unique_slug(values, hifld_id, taken_slugs)
            to_create.append(Facility(hifld_id=hifld_id, slug=slug, **values))
        elif any(getattr(facility, name) != value for name, value in values.items()):
            if any(getattr(facility, name) != values[name] for name in ADDRESS_FIELDS):
                facility.address_changed_at = timezone.now()
            for name, value in values.items():
                setattr(facility, name, value)
            to_update.append(facility)
        else:
            report.unchanged += 1
    # A facility that left the data keeps its row: profiles and letters may point to it.
    to_close = [
        f for h, f in existing.items() if h not in seen and f.is_open and not f.edited_by_staff
    ]
    for facility in to_close:
        facility.is_open = False
    # Free bop_codes that moved before the rows that take them are written.
    Facility.objects.filter(pk__in=[f.pk for f in to_update]).update(bop_code="")
    now = timezone.now()
    for facility in to_update + to_close:
        facility.updated_at = now
    Facility.objects.bulk_update(
        to_update + to_close, [*IMPORTED_FIELDS, "address_changed_at", "updated_at"], batch_size=500
    )
    Facility.objects.bulk_create(to_create, batch_size=500)
    report.created, report.updated, report.closed = len(to_create), len(to_update), len(to_close)
    report.kept = sum(f.edited_by_staff for f in existing.values())
    report.unmatched_bop_codes = sorted({row["code"] for row in mail.values()} - matched_codes)
    return report
