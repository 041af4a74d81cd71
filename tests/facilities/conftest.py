"""Facility fixtures: the shipped data, whole or cut down to the rows a test is about."""

import copy
import csv
import functools
import shutil

import pytest

from facilities import importer
from facilities.models import Facility
from tests.shipped_data import ImportedRows

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


@functools.cache
def _sample_hifld_rows():
    # The HIFLD file is 2.6 MB: read it once per session.
    with open(importer.DATA_DIR / importer.HIFLD_FILE, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, [r for r in reader if r["FACILITYID"] in SAMPLE_IDS.values()]


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
        fieldnames, rows = _sample_hifld_rows()
        self.fieldnames, self.rows = fieldnames, copy.deepcopy(rows)
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
def sample_data(shipped_policies, tmp_path):
    """The sample files, to import onto the shipped policies (as every import after the first)."""
    return SampleData(tmp_path)


@pytest.fixture(scope="session")
def _sample_rows(_shipped_policy_rows, django_db_blocker, tmp_path_factory):
    def import_sample():
        _shipped_policy_rows.install()  # already validated once: no second full_clean of each
        SampleData(tmp_path_factory.mktemp("sample")).load()

    with django_db_blocker.unblock():
        return ImportedRows(import_sample)


@pytest.fixture
def sample(db, _sample_rows):
    """The sample facilities imported with the shipped policies, by their HIFLD name."""
    _sample_rows.install()
    by_id = {f.hifld_id: f for f in Facility.objects.with_policies()}
    return {name: by_id[hifld_id] for name, hifld_id in SAMPLE_IDS.items()}
