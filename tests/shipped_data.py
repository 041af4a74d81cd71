"""Shipped jurisdictions, mail policies and facilities, imported once per test session.

The importer validates every policy it creates (`full_clean` checks each constraint with a
query), which cost a quarter of a second in every test that needed the shipped rules. A session
fixture now runs the real import once, in a transaction it rolls back, and keeps the values of
the rows it wrote; a test that asks for the data gets those rows back with one INSERT per table,
written inside its own test. So the data is there whether the test is rolled back afterwards or
is a transactional test whose tables are flushed, and a test that does not ask for it still
starts from an empty directory: many build their own US-PA or US-TX with the factories.
"""

import copy

from django.db import transaction

from facilities.models import Facility, Jurisdiction, MailPolicy


def _values(row, *, leave_out=()):
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key and field.attname not in leave_out
    }


class ImportedRows:
    """What an import wrote: jurisdictions, their general mail policies and facilities."""

    def __init__(self, run_import):
        with transaction.atomic():
            # Captured from an empty directory, or rows a test made would be captured too.
            assert not Jurisdiction.objects.exists(), "capture outside any test's data"
            run_import()
            self.jurisdictions = [_values(j) for j in Jurisdiction.objects.all()]
            policies = MailPolicy.objects.select_related("jurisdiction")
            # The import writes no facility overrides; a capture that found one would lose it.
            assert not policies.filter(facility__isnull=False).exists()
            self.policies = {
                p.jurisdiction.code: _values(p, leave_out={"jurisdiction_id", "facility_id"})
                for p in policies
            }
            self.facilities = [
                (f.jurisdiction.code, _values(f, leave_out={"jurisdiction_id"}))
                for f in Facility.objects.select_related("jurisdiction")
            ]
            transaction.set_rollback(True)

    def install(self):
        """Write the rows the database lacks, keyed as the importer keys them (jurisdiction
        code, one general policy per jurisdiction, HIFLD id), and return the jurisdictions by
        code. Rows a test made itself are left as they are, as a second import would."""
        present = set(Jurisdiction.objects.values_list("code", flat=True))
        Jurisdiction.objects.bulk_create(
            Jurisdiction(**copy.deepcopy(values))
            for values in self.jurisdictions
            if values["code"] not in present
        )
        codes = [values["code"] for values in self.jurisdictions]
        by_code = Jurisdiction.objects.in_bulk(codes, field_name="code")
        with_policy = set(
            MailPolicy.objects.filter(facility=None).values_list("jurisdiction__code", flat=True)
        )
        MailPolicy.objects.bulk_create(
            MailPolicy(jurisdiction=by_code[code], **copy.deepcopy(values))
            for code, values in self.policies.items()
            if code not in with_policy
        )
        imported = set(Facility.objects.exclude(hifld_id="").values_list("hifld_id", flat=True))
        Facility.objects.bulk_create(
            Facility(jurisdiction=by_code[code], **copy.deepcopy(values))
            for code, values in self.facilities
            if values["hifld_id"] not in imported
        )
        return by_code
