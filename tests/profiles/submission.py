"""A valid submission, as the family's browser would post it."""

import itertools
import time

from django.core import signing

from profiles.forms import TIMESTAMP_SALT
from tests.profiles.images import jpeg_upload


def started(seconds_ago=60):
    return signing.TimestampSigner(salt=TIMESTAMP_SALT).sign(str(int(time.time()) - seconds_ago))


# A start time already used for a listing is a replay, silently dropped: each submission gets a
# start time of its own (a minute or more ago), even two made in the same second.
_distinct_seconds = itertools.count()


def submission(for_facility, /, **overrides):
    data = {
        "first_name": "Marcus",
        "last_name": "Holloway",
        "preferred_name": "Marc",
        "inmate_number": "A123456",
        "facility": for_facility.slug,
        "date_of_birth": "1980-04-02",
        "gender": "man",
        "gender_self_description": "",
        "bio": "I have been teaching myself to draw portraits and I read everything about "
        "astronomy I can find. I would love to hear about the sky where you live.",
        "interests": ["art", "science"],
        "languages": ["english", "spanish"],
        "looking_for": ["friendship", "mentorship"],
        "release_date": "",
        "release_date_kind": "unknown",
        "offense_summary": "",
        "photo": jpeg_upload(size=(400, 500)),
        "photo_taken_on": "2025-06-01",
        "submitter_name": "Denise Holloway",
        "submitter_email": "denise@example.com",
        "submitter_relationship": "mother",
        "consent": "on",
        "website": "",
        "started": started(seconds_ago=60 + next(_distinct_seconds) % 3600),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
