"""The one way Penpals writes dates and times (FORMAT_MODULE_PATH): `{{ value|date }}` is
"November 25, 2026", `{{ value|time }}` "3:10 p.m.". Times are in the writer's time zone
(accounts.middleware); `penpals.dates.when` adds "today" and "yesterday"."""

DATE_FORMAT = "F j, Y"
TIME_FORMAT = "g:i a"
DATETIME_FORMAT = "F j, Y, g:i a"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "F j, Y"
SHORT_DATETIME_FORMAT = "F j, Y, g:i a"
