"""Facility fixtures: the shipped data, whole or cut down to the rows a test is about."""

import csv
import shutil

import pytest

from facilities import importer
from facilities.models import Facility

# HIFLD ids of the facilities the envelope tests address.
SAMPLE_IDS = {
    "FCI ALICEVILLE": "10006173",
    "FCI ALICEVILLE CAMP": "10006174",
    "MDC GUAYNABO": "10004343",
    "SCI ALBION": "10000709",
    "COFFIELD UNIT": "10000187",
    "HOLMES CORRECTIONAL INSTITUTION": "10000356",
    "ANSON CI - FEMALE": "10001790",
    "ALGER CORRECTIONAL FACILITY": "10000264",
    "BUCKINGHAM CORRECTIONAL CENTER": "10001578",
    "NOBLE CORRECTIONAL INSTITUTION": "10003415",
    "INDIANA STATE PRISON": "10005599",
}


class SampleData:
    """A copy of facilities/data with the HIFLD file cut down to chosen rows, which tests may
    change and import again."""

    def __init__(self, path):
        self.path = path
        for name in (
            importer.BOP_MAIL_FILE,
            importer.BOP_STILES_FILE,
            importer.JURISDICTIONS_FILE,
            importer.POLICIES_FILE,
        ):
            shutil.copy(importer.DATA_DIR / name, path / name)
        with open(importer.DATA_DIR / importer.HIFLD_FILE, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            self.fieldnames = reader.fieldnames
            self.rows = [r for r in reader if r["FACILITYID"] in SAMPLE_IDS.values()]
        self.write()

    def row(self, hifld_id):
        return next(r for r in self.rows if r["FACILITYID"] == hifld_id)

    def write(self):
        with open(self.path / importer.HIFLD_FILE, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=self.fieldnames, lineterminator="\n")
            writer.writeheader()
            writer.writerows(self.rows)

    def load(self, **kwargs):
        return importer.run_import(self.path, **kwargs)


@pytest.fixture
def sample_data(db, tmp_path):
    return SampleData(tmp_path)


@pytest.fixture
def sample(sample_data):
    """The sample facilities imported, by their HIFLD name."""
    sample_data.load()
    by_id = {f.hifld_id: f for f in Facility.objects.with_policies()}
    return {name: by_id[hifld_id] for name, hifld_id in SAMPLE_IDS.items()}


@pytest.fixture
def shipped_policies(db):
    """Every shipped jurisdiction with its mail policy, without facilities."""
    return importer.load_policies(importer.load_jurisdictions())
