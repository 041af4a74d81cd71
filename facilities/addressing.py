"""The one address renderer: every page, letter and PDF takes envelope lines from here.

Nothing else may build a mailing address. The lines come from the facility's mail policy (its
override if it has one, else its jurisdiction's), never from the physical address when the
policy says mail goes elsewhere.

Letter case: the person's name is written in capitals, as prison records and USPS address
style have it (`JOHN DOE, Reg. No. 12345-678`); whatever case the caller passes, the name is
otherwise exactly as given (committed name, no nickname). Labels and fixed lines are written as
the agency publishes them; facility address lines as their source publishes them.

Queries: `policy_for` uses prefetched policies when they are there. For lists use
`Facility.objects.with_policies()`, or for rows that point to a facility
`.select_related("facility__jurisdiction").prefetch_related(*policy_prefetches("facility__"))`
(`facilities.models.policy_prefetches`). Without them it costs one or two queries per facility.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from facilities.models import Facility, MailPolicy

PLACEHOLDERS = (
    "name",
    "first",
    "last",
    "number",
    "number_label",
    "facility_name",
    "mail_street",
    "mail_street2",
    "mail_city",
    "mail_state",
    "mail_zip",
)
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
MAIL_FIELDS = ("mail_street", "mail_street2", "mail_city", "mail_state", "mail_zip")

# BOP writes Puerto Rico as RQ; the Postal Service only knows PR.
STATE_CODES_FOR_ENVELOPES = {"RQ": "PR"}

# North Carolina returns mail with an abbreviated prison name.
ABBREVIATIONS = {
    "CI": "Correctional Institution",
    "C.I.": "Correctional Institution",
    "CC": "Correctional Center",
    "CRV": "Confinement in Response to Violation",
}

FIRST_NAME_PLACEHOLDER = "[FIRST NAME]"
LAST_NAME_PLACEHOLDER = "[LAST NAME]"
NUMBER_PLACEHOLDER_FORMAT = "[{label}]"

# Used when a policy has no pattern: letters, digits and dashes, as every system writes them.
FALLBACK_NUMBER_RE = r"[A-Z0-9][A-Z0-9-]{0,19}"


class AddressUnavailable(ValidationError):
    """We hold no checked mail address for this facility, and its physical address must not
    be used (e.g. a BOP camp without a published P.O. box). A ValidationError, so a form that
    renders an address shows the message instead of failing."""


def policy_for(facility: Facility) -> MailPolicy:
    """The facility's override if it has one, else its jurisdiction's policy."""
    cache = getattr(facility, "_prefetched_objects_cache", {})
    if "mail_policy_overrides" in cache:
        overrides = list(facility.mail_policy_overrides.all())
    else:
        overrides = list(MailPolicy.objects.filter(facility=facility)[:1])
    if overrides:
        return overrides[0]
    jurisdiction = facility.jurisdiction
    if "mail_policies" in getattr(jurisdiction, "_prefetched_objects_cache", {}):
        policies = [p for p in jurisdiction.mail_policies.all() if p.facility_id is None]
    else:
        policies = list(jurisdiction.mail_policies.filter(facility__isnull=True)[:1])
    if not policies:
        raise MailPolicy.DoesNotExist(f"No mail policy for {jurisdiction}.")
    return policies[0]


def unknown_placeholders(template: str) -> list[str]:
    return sorted(set(PLACEHOLDER_RE.findall(template)) - set(PLACEHOLDERS))


def facility_name_for_mail(facility: Facility, policy: MailPolicy) -> str:
    if not policy.facility_name_no_abbreviation:
        return facility.display_name
    words = facility.name.split()
    return " ".join(ABBREVIATIONS.get(word.upper(), word) for word in words)


def facility_mail_fields(facility: Facility, policy: MailPolicy) -> dict:
    """The facility's own mail address, or its physical address where the policy allows it."""
    if facility.has_own_mail_address:
        fields = {name: getattr(facility, name) for name in MAIL_FIELDS}
    elif policy.physical_address_accepts_mail:
        fields = {
            "mail_street": facility.physical_street,
            "mail_street2": "",
            "mail_city": facility.physical_city,
            "mail_state": facility.physical_state,
            "mail_zip": facility.physical_zip,
        }
    else:
        fields = dict.fromkeys(MAIL_FIELDS, "")
    fields["mail_state"] = STATE_CODES_FOR_ENVELOPES.get(fields["mail_state"], fields["mail_state"])
    return fields


def _render(policy: MailPolicy, facility: Facility, values: dict) -> list[str]:
    template = policy.mailing_address_template
    used = set(PLACEHOLDER_RE.findall(template))
    mail = facility_mail_fields(facility, policy)
    if used & {"mail_street", "mail_city"} and not all(
        mail[name] for name in ("mail_street", "mail_city", "mail_state", "mail_zip")
    ):
        raise AddressUnavailable(
            gettext(
                "We do not have a checked mailing address for %(facility)s yet. Please check "
                "it with the facility or the official inmate locator."
            )
            % {"facility": facility.display_name},
            code="address_unavailable",
        )
    values = {
        **mail,
        **values,
        "number_label": policy.inmate_number_label,
        "facility_name": facility_name_for_mail(facility, policy),
    }
    lines = []
    for line in template.splitlines():
        text = PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), line)
        text = " ".join(text.split())
        # A line left with only separators came from empty fields: drop it.
        if text.strip(" ,/#-"):
            lines.append(text)
    return lines


def street_address_receives_mail(facility: Facility, lines: list[str]) -> bool:
    """Whether the envelope `lines` go to the facility's street address, so pages know when
    to mark that address "not for mail"."""
    street = facility.physical_street.upper()
    return bool(street) and any(line.upper() == street for line in lines)


def _person_name(first: str, last: str, policy: MailPolicy) -> str:
    if policy.name_order == MailPolicy.NameOrder.LAST_FIRST:
        return f"{last}, {first}"
    return f"{first} {last}"


def mailing_address(
    *, first_name: str, last_name: str, number: str, facility: Facility
) -> list[str]:
    """The exact envelope lines for a person at `facility`, under its mail policy.

    Raises `ValidationError` when the number does not fit the jurisdiction's format, and
    `AddressUnavailable` (a ValidationError) when there is no usable mail address.
    """
    policy = policy_for(facility)
    number = validate_inmate_number(number, facility, policy=policy)
    first = " ".join(first_name.split()).upper()
    last = " ".join(last_name.split()).upper()
    return _render(
        policy,
        facility,
        {"first": first, "last": last, "name": _person_name(first, last, policy), "number": number},
    )


def placeholder_address(facility: Facility) -> list[str]:
    """The envelope lines with placeholders for the name and number, for the facility page."""
    policy = policy_for(facility)
    number = NUMBER_PLACEHOLDER_FORMAT.format(label=policy.inmate_number_label.upper())
    first, last = FIRST_NAME_PLACEHOLDER, LAST_NAME_PLACEHOLDER
    name = _person_name(first, last, policy)
    return _render(policy, facility, {"first": first, "last": last, "name": name, "number": number})


def normalise_number(number: str) -> str:
    """Capitals, no spaces and no leading '#': how people type numbers they copy."""
    return re.sub(r"\s+", "", number or "").upper().lstrip("#")


def _shaped_like(number: str, example: str) -> str:
    """`12345678` written like the example `12345-678`, or unchanged when it cannot be."""
    bare = number.replace("-", "")
    if not example or len(bare) != len(example.replace("-", "")):
        return number
    chars = iter(bare)
    return "".join("-" if c == "-" else next(chars) for c in example)


def indefinite_article(label: str) -> str:
    """ "An" before a vowel sound: "an Inmate Number", "an MDOC Number", "a DC Number"."""
    first_word = label.split()[0] if label.split() else ""
    # Initialisms are read letter by letter: F, H, L, M, N, R, S and X start with a vowel sound.
    vowel_sounds = "AEFHILMNORSX" if len(first_word) > 1 and first_word.isupper() else "AEIOU"
    return "An" if first_word[:1].upper() in vowel_sounds else "A"


def number_format_hint(policy: MailPolicy) -> str:
    """What a right number looks like, e.g. "A Register No. looks like 12345-678."."""
    label = policy.inmate_number_label
    article = indefinite_article(label)
    # The label is the prison system's own name for the number, kept in English in every
    # language (it is what the prison's forms and locator say). English needs "A" or "An".
    english = (translation.get_language() or "en").startswith("en")
    if policy.inmate_number_example:
        if english:
            return f"{article} {label} looks like {policy.inmate_number_example}."
        return gettext("The number (%(label)s) looks like %(example)s.") % {
            "label": label,
            "example": policy.inmate_number_example,
        }
    if not policy.inmate_number_regex:
        if english:
            return f"{article} {label} has only letters, digits and dashes."
        return gettext("The number (%(label)s) has only letters, digits and dashes.") % {
            "label": label
        }
    return gettext("Copy the %(label)s exactly as the official inmate locator shows it.") % {
        "label": label
    }


def validate_inmate_number(number: str, facility: Facility, *, policy: MailPolicy = None) -> str:
    """The number in the jurisdiction's format, or a ValidationError that says what the right
    format looks like (e.g. "A Register No. looks like 12345-678.")."""
    policy = policy or policy_for(facility)
    label = policy.inmate_number_label
    cleaned = normalise_number(number)
    if not cleaned:
        raise ValidationError(
            gettext("Please enter the %(label)s.") % {"label": label}, code="required"
        )
    pattern = policy.inmate_number_regex or FALLBACK_NUMBER_RE
    for candidate in (cleaned, _shaped_like(cleaned, policy.inmate_number_example)):
        if re.fullmatch(pattern, candidate):
            return candidate
    hint = number_format_hint(policy)
    raise ValidationError(
        gettext("“%(number)s” is not a valid %(label)s for %(jurisdiction)s.")
        % {"number": number.strip(), "label": label, "jurisdiction": facility.jurisdiction.name}
        + f" {hint}",
        code="invalid_number",
    )
