"""US states and territories by USPS code, and finding their names in what people type."""

import re

STATES = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("GU", "Guam"),
    ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"),
    ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"),
    ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"),
    ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"),
    ("NV", "Nevada"), ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"),
    ("NY", "New York"), ("NC", "North Carolina"), ("ND", "North Dakota"),
    ("MP", "Northern Mariana Islands"), ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"),
    ("PA", "Pennsylvania"), ("PR", "Puerto Rico"), ("RI", "Rhode Island"),
    ("SC", "South Carolina"), ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"),
    ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"), ("VI", "U.S. Virgin Islands"),
    ("WA", "Washington"), ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
]  # fmt: skip
STATE_NAMES = dict(STATES)

# Longest names first, so "West Virginia" is found before "Virginia".
_NAME_RE = re.compile(
    r"\b("
    + "|".join(re.escape(name) for name in sorted(STATE_NAMES.values(), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_CODE_FOR_NAME = {name.lower(): code for code, name in STATES}


def split_state_names(query):
    """[(code, name as typed)] for the state names in `query`, and the words left over.

    >>> split_state_names("sci new york")
    ([('NY', 'new york')], ['sci'])
    """
    found = [(_CODE_FOR_NAME[m.group(1).lower()], m.group(1)) for m in _NAME_RE.finditer(query)]
    return found, _NAME_RE.sub(" ", query).split()
