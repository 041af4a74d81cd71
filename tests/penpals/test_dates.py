"""One way to write dates and times on every page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone

from penpals.dates import when

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime.datetime(2026, 11, 25, 15, 10, tzinfo=NEW_YORK)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    "moment,said",
    [
        (NOW - datetime.timedelta(minutes=5), "today at 3:05 p.m."),
        (NOW.replace(hour=0, minute=1), "today at 12:01 a.m."),
        (NOW - datetime.timedelta(days=1), "yesterday at 3:10 p.m."),
        (NOW - datetime.timedelta(days=2), "November 23, 2026 at 3:10 p.m."),
        (None, ""),
    ],
)
def test_when_says_today_and_yesterday_and_otherwise_the_date(moment, said):
    assert when(moment) == said


def test_when_is_in_the_active_time_zone():
    with timezone.override(ZoneInfo("Pacific/Honolulu")):
        assert when(NOW) == "today at 10:10 a.m."


def test_dates_have_one_format_in_every_template():
    rendered = Template("{{ day|date }} · {{ moment|time }} · {{ moment|when }}").render(
        Context({"day": datetime.date(2026, 12, 1), "moment": NOW})
    )

    assert rendered == "December 1, 2026 · 3:10 p.m. · today at 3:10 p.m."
