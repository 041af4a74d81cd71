"""Signs of the pen-pal scams the Postal Inspection Service and the FTC describe: requests for
money and payment apps, and other people's phone numbers. One list for listings (refused) and
letters (a warning), so the two never disagree about what counts (trust-and-safety item 3).
"""

import re

# Each pattern carries its own word edges: a Cash App $cashtag starts with "$", which \b
# would never match after a space.
MONEY_PATTERNS = [
    r"\bmoney[\s-]*orders?\b",
    r"\bgift[\s-]*cards?\b",
    r"\bcash[\s-]*app\b",
    r"(?<![\w$])\$[a-z][a-z0-9_-]{2,}",  # a $cashtag such as $johnsmith (a price is "$5")
    r"\bvenmo\b",
    r"\bpay[\s-]*pal\b",
    r"\bzelle\b",
    r"\bwestern\s+union\b",
    r"\bmoney[\s-]*gram\b",
    r"\bwire\s+(?:transfer|the\s+money|money|funds|it|you)\b",
    r"\bbail\s+money\b",
    r"\bgreen\s*dot\b",
    r"\bpre[\s-]*paid\s+(?:debit\s+)?cards?\b",
    r"\bbitcoin\b",
    r"\bcrypto",
    r"\bsend\s+(?:you\s+|me\s+|him\s+|her\s+|us\s+)?(?:some\s+)?(?:money|cash|funds)\b",
    r"\bcommissary\s+(?:money|funds)\b",
    r"\bmoney\s+(?:on|for)\s+(?:your|my|his|her|their)\s+(?:books|commissary)\b",
    r"\bjpay\s+(?:money|funds|transfer)\b",
    r"\brouting\s+number\b",
    r"\baccount\s+number\b",
    r"\bbank\s+account\b",
]
MONEY_RE = re.compile("|".join(MONEY_PATTERNS), re.IGNORECASE)

# Someone else's number: a US phone number, or arranging a three-way call.
PHONE_RE = re.compile(
    r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)"
    r"|\b(?:three|3)[\s-]*way\s+call",
    re.IGNORECASE,
)


def money_request(text):
    """The words in `text` that ask for money or name a way to send it, or ""."""
    match = MONEY_RE.search(text or "")
    return match.group(0) if match else ""


def phone_number(text):
    """A phone number (or a three-way call) in `text`, or ""."""
    match = PHONE_RE.search(text or "")
    return match.group(0) if match else ""
