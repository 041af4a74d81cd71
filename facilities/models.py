"""Jurisdictions (BOP, each state DOC), their facilities, and the mail policies that decide
where a letter goes and whether it is delivered.

The mailing address is never the physical address by default: it is rendered from the policy by
`facilities.addressing`, the one address renderer every page, letter and PDF uses.
"""

import json
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F, Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.Model):
    """A corrections system: the Federal Bureau of Prisons or one state's DOC."""

    class ListingPolicy(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        WARN = "warn", "Allowed with a warning"
        REFUSED = "refused", "Refused"

    code = models.CharField(
        max_length=10, unique=True, help_text="US-BOP for federal prisons, US-XX for a state."
    )
    name = models.CharField(max_length=120, help_text="The agency's official name.")
    state = models.CharField(
        max_length=2, blank=True, help_text="Two-letter state code; empty for the BOP."
    )
    inmate_locator_url = models.URLField(
        blank=True, help_text="The official inmate search staff use to verify custody."
    )
    listing_policy = models.CharField(
        max_length=10,
        choices=ListingPolicy,
        default=ListingPolicy.ALLOWED,
        help_text="Whether families may list someone held here. 'Refused' where the DOC "
        "punishes people for pen-pal listings; 'warn' where listing carries a risk.",
    )
    listing_policy_explanation = models.TextField(
        blank=True, help_text="Shown to families on the submission form, in plain words."
    )
    listing_policy_source = models.URLField(blank=True, help_text="Where the rule comes from.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(listing_policy__in=["allowed", "warn", "refused"]),
                name="jurisdiction_listing_policy_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_federal(self):
        return self.code == "US-BOP"

    @property
    def listing_notice(self):
        """What a family reads as soon as they choose a facility here; empty where listing is
        simply allowed."""
        if self.listing_policy == self.ListingPolicy.REFUSED:
            # The prison system's own explanation is quoted as written (in English).
            explanation = self.listing_policy_explanation or _(
                "Being listed can get them disciplined."
            )
            return _("We cannot list people held by the %(name)s.") % {"name": self.name} + (
                f" {explanation}"
            )
        if self.listing_policy == self.ListingPolicy.WARN:
            return self.listing_policy_explanation or str(
                _("Being listed can carry a risk for people held here.")
            )
        return ""


def policy_prefetches(prefix=""):
    """The prefetches that let `addressing.policy_for` run without queries.

    For facilities: `Facility.objects.with_policies()`. For rows that point to a facility, e.g.
    profiles: `Profile.objects.select_related("facility__jurisdiction")
    .prefetch_related(*policy_prefetches("facility__"))`.
    """
    return [
        Prefetch(f"{prefix}mail_policy_overrides"),
        Prefetch(
            f"{prefix}jurisdiction__mail_policies",
            queryset=MailPolicy.objects.filter(facility__isnull=True),
        ),
    ]


class FacilityQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)

    def with_policies(self):
        """Facilities with their jurisdiction and mail policies loaded in two extra queries,
        whatever the number of rows: what every list that renders addresses should use."""
        return self.select_related("jurisdiction").prefetch_related(*policy_prefetches())

    def search(self, query):
        """Match every word of `query` against the name, city, state code or agency name; a
        state's name ("Pennsylvania", "new york") matches the facilities in that state too."""
        from facilities.states import split_state_names

        state_names, words = split_state_names(query)
        queryset = self
        for code, typed in state_names:
            queryset = queryset.filter(Q(physical_state=code) | _text_matches(typed))
        for word in words:
            queryset = queryset.filter(Q(physical_state__iexact=word) | _text_matches(word))
        return queryset


def _text_matches(text):
    return (
        Q(name__icontains=text)
        | Q(short_name__icontains=text)
        | Q(physical_city__icontains=text)
        | Q(jurisdiction__name__icontains=text)
    )


class Facility(models.Model):
    """A prison. Identity and location come from HIFLD and the BOP; mail goes where the
    policy says, which is often not the physical address."""

    class Type(models.TextChoices):
        FEDERAL = "federal", "Federal"
        STATE = "state", "State"

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="facilities"
    )
    name = models.CharField(
        max_length=200, help_text="Full official name, never abbreviated (NC returns mail that is)."
    )
    short_name = models.CharField(
        max_length=80, blank=True, help_text="Common short form, e.g. FCI Aliceville."
    )
    slug = models.SlugField(max_length=220, unique=True)
    bop_code = models.CharField(
        max_length=3, blank=True, help_text="BOP facility code (ALI), federal only."
    )
    hifld_id = models.CharField(
        max_length=20, blank=True, help_text="HIFLD FACILITYID, the import's external key."
    )
    facility_type = models.CharField(max_length=10, choices=Type)
    security_level = models.CharField(max_length=40, blank=True)
    is_open = models.BooleanField(
        default=True,
        help_text="Closed facilities stay in the table when a profile points to them.",
    )
    physical_street = models.CharField(max_length=200, blank=True)
    physical_city = models.CharField(max_length=100, blank=True)
    physical_state = models.CharField(max_length=2, blank=True)
    physical_zip = models.CharField(max_length=10, blank=True)
    # Set only when mail goes to the facility at an address other than the physical one
    # (BOP P.O. boxes). Central-processing addresses live on the policy instead.
    mail_street = models.CharField(max_length=200, blank=True)
    mail_street2 = models.CharField(max_length=200, blank=True)
    mail_city = models.CharField(max_length=100, blank=True)
    mail_state = models.CharField(max_length=2, blank=True)
    mail_zip = models.CharField(max_length=10, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    source = models.CharField(
        max_length=40, blank=True, help_text="Which dataset the row came from."
    )
    edited_by_staff = models.BooleanField(
        default=False,
        help_text="Set when staff save the facility here: the import then leaves it exactly as "
        "staff left it. Untick to let the next import refresh it from the data.",
    )
    address_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When an approved change or the import last changed where mail goes. "
        "Shown on the facility page.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "facilities"
        constraints = [
            models.UniqueConstraint(
                fields=["hifld_id"], condition=~Q(hifld_id=""), name="facility_hifld_id_unique"
            ),
            models.UniqueConstraint(
                fields=["bop_code"], condition=~Q(bop_code=""), name="facility_bop_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(facility_type__in=["federal", "state"]), name="facility_type_valid"
            ),
        ]
        indexes = [
            # The facilities directory filters by state and lists open facilities by name.
            models.Index(fields=["physical_state", "is_open", "name"], name="facility_state_idx"),
            # The directory sorts by name whatever its case.
            models.Index(Lower("name"), name="facility_name_lower_idx"),
        ]

    def __str__(self):
        # With the place: staff and families must tell same-named prisons apart.
        place = ", ".join(p for p in (self.physical_city, self.physical_state) if p)
        return f"{self.name} ({place})" if place else self.name

    def get_absolute_url(self):
        return reverse("facilities:detail", args=[self.slug])

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def has_own_mail_address(self):
        return bool(self.mail_street or self.mail_city)


# The words for the policy's prohibited-item tags, wherever a page names them (facility and
# profile pages, the letter editor, its rule check); a tag not listed reads as its words.
PROHIBITED_ITEM_WORDS = {
    "blank_envelopes": _("blank envelopes"),
    "bound_material": _("anything bound or stapled like a book"),
    "boxes": _("boxes"),
    "cardstock": _("cardstock"),
    "cardstock_envelopes": _("cardstock envelopes"),
    "cash": _("cash or checks"),
    "colored_ink": _("colored ink"),
    "colored_paper": _("colored paper"),
    "construction_paper": _("construction paper"),
    "explicit_photos": _("sexually explicit photos"),
    "lottery_tickets": _("lottery tickets"),
    "metal_parts": _("metal parts"),
    "musical_cards": _("musical cards"),
    "nudity": _("photos or drawings with nudity"),
    "opaque_tape": _("opaque tape"),
    "padded_envelopes": _("padded envelopes"),
    "plastic_bags": _("plastic bags"),
    "plastic_cards": _("plastic cards"),
    "polaroid": _("Polaroid or instant photos"),
    "popup_cards": _("pop-up cards"),
    "prepaid_envelopes": _("pre-stamped envelopes or postcards"),
    "semi_nudity": _("photos with partial nudity"),
    "stains": _("stains or marks (food, water, oil)"),
    "stationery": _("blank paper or stationery"),
    "stickers": _("stickers"),
    "glitter": _("glitter"),
    "perfume": _("perfume"),
    "lipstick": _("lipstick"),
    "stamps": _("stamps"),
}


def prohibited_item_words(tag):
    return str(PROHIBITED_ITEM_WORDS.get(tag, tag.replace("_", " ")))


# Colours and inks the shipped policies name; Spanish adjectives agree with what they describe.
COLOR_WORDS = {
    "envelopes": {"white": pgettext_lazy("envelopes", "white")},
    "paper": {"white": pgettext_lazy("paper", "white")},
}
INK_WORDS = {
    "blue": _("blue ink"),
    "black": _("black ink"),
    "pencil": _("pencil"),
}


def color_words(colors, thing):
    return [str(COLOR_WORDS[thing].get(color, color)) for color in colors]


def ink_words(inks):
    return [str(INK_WORDS.get(ink) or gettext("%(color)s ink") % {"color": ink}) for ink in inks]


def human_list(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    # "a, b or c"; the word for "or" in the page's language ("o" in Spanish).
    return ", ".join(items[:-1]) + " " + str(pgettext_lazy("a, b or c", "or")) + " " + items[-1]


class MailPolicy(models.Model):
    """The rules for mail to a jurisdiction, or (with `facility` set) one facility's override.

    Templates use the placeholders {name}, {first}, {last}, {number}, {number_label},
    {facility_name}, {mail_street}, {mail_street2}, {mail_city}, {mail_state}, {mail_zip};
    one template line per envelope line, blank lines dropped after rendering.
    """

    class NameOrder(models.TextChoices):
        FIRST_LAST = "first_last", "First Last"
        LAST_FIRST = "last_first", "Last, First"

    class Processor(models.TextChoices):
        NONE = "none", "Delivered by the facility"
        SMART_COMMUNICATIONS = "smart_communications", "Smart Communications (scanning)"
        TEXTBEHIND = "textbehind", "TextBehind (scanning)"
        STATE_CENTER = "state_center", "State mail processing centre"
        IN_HOUSE_PHOTOCOPY = "in_house_photocopy", "Photocopied at the facility"

    class DeliveryForm(models.TextChoices):
        ORIGINAL = "original", "The original letter"
        PHOTOCOPY = "photocopy", "A photocopy"
        PRINTED_SCAN = "printed_scan", "A printed scan"
        TABLET = "tablet", "A scan on a tablet (printed if no tablet)"

    class SourceGrade(models.TextChoices):
        OFFICIAL = "official", _("Official sources")
        SECONDARY = "secondary", _("Secondary sources")
        MIXED = "mixed", _("Official and secondary sources")
        DEFAULT = "default", _("General guidance (not researched for this jurisdiction)")

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="mail_policies"
    )
    facility = models.ForeignKey(
        Facility,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mail_policy_overrides",
        help_text="Set only for a facility whose rules differ from its jurisdiction's.",
    )
    is_general_guidance = models.BooleanField(
        default=False,
        help_text="A conservative default, not researched for this jurisdiction. Pages say so.",
    )
    # Addressing
    inmate_number_label = models.CharField(max_length=40, default="ID Number")
    inmate_number_regex = models.CharField(
        max_length=120, blank=True, help_text="Full-match pattern, e.g. ^\\d{5}-\\d{3}$."
    )
    inmate_number_example = models.CharField(max_length=40, blank=True)
    name_order = models.CharField(max_length=12, choices=NameOrder, default=NameOrder.FIRST_LAST)
    mailing_address_template = models.TextField()
    facility_name_no_abbreviation = models.BooleanField(
        default=False,
        help_text="Write the facility's full name, expanding abbreviations such as CI (NC).",
    )
    physical_address_accepts_mail = models.BooleanField(
        default=True,
        help_text="Untick where mail must never go to the street address (BOP P.O. boxes): "
        "a facility without its own mail address then gets no address at all.",
    )
    legal_mail_address = models.TextField(blank=True)
    publications_address = models.TextField(blank=True)
    # Processing
    requires_central_processing = models.BooleanField(
        default=False, help_text="Personal mail goes to a processing centre, not the prison."
    )
    processor = models.CharField(max_length=30, choices=Processor, default=Processor.NONE)
    delivery_form = models.CharField(
        max_length=20, choices=DeliveryForm, default=DeliveryForm.ORIGINAL
    )
    originals_destroyed_after_days = models.PositiveIntegerField(null=True, blank=True)
    # Sender and envelope
    return_address_full_name_required = models.BooleanField(default=True)
    return_address_labels_allowed = models.BooleanField(default=True)
    allowed_envelope_colors = models.JSONField(default=list, blank=True)
    # Content limits (empty means no published limit)
    max_pages = models.PositiveSmallIntegerField(null=True, blank=True)
    max_pages_counts_envelope = models.BooleanField(default=False)
    max_paper_size = models.CharField(max_length=20, blank=True)
    allowed_paper_colors = models.JSONField(default=list, blank=True)
    allowed_ink = models.JSONField(default=list, blank=True)
    max_photos = models.PositiveSmallIntegerField(null=True, blank=True)
    max_photo_size = models.CharField(max_length=20, blank=True)
    allows_polaroids = models.BooleanField(null=True, blank=True)
    allows_cards = models.BooleanField(null=True, blank=True)
    card_rules = models.TextField(blank=True)
    prohibited_items = models.JSONField(
        default=list, blank=True, help_text="Tags such as stickers, glitter, perfume, cash."
    )
    content_rules = models.TextField(blank=True)
    e_messaging = models.CharField(max_length=60, blank=True)
    # Provenance
    source_urls = models.JSONField(default=list, blank=True)
    source_grade = models.CharField(max_length=10, choices=SourceGrade)
    last_verified = models.DateField(
        help_text="When two staff members last checked the rules against a source: set when "
        "a change (or a check with no change) is approved, never by saving."
    )
    notes = models.TextField(blank=True)
    address_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When an approved change last changed how addresses are written here.",
    )

    class Meta:
        verbose_name_plural = "mail policies"
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction"],
                condition=Q(facility__isnull=True),
                name="mailpolicy_one_per_jurisdiction",
            ),
            models.UniqueConstraint(
                fields=["facility"],
                condition=Q(facility__isnull=False),
                name="mailpolicy_one_override_per_facility",
            ),
            models.CheckConstraint(
                condition=Q(name_order__in=["first_last", "last_first"]),
                name="mailpolicy_name_order_valid",
            ),
        ]

    def __str__(self):
        target = self.facility or self.jurisdiction
        return f"Mail policy for {target}"

    @property
    def prohibited_items_display(self):
        return [prohibited_item_words(tag) for tag in self.prohibited_items]

    def plain_rules(self):
        """The rules as short sentences for writers, most likely to get a letter returned first,
        in the page's language (the prison system's own words, card rules, stay as written)."""
        rules = []
        if self.requires_central_processing:
            handler = {
                self.Processor.SMART_COMMUNICATIONS: "Smart Communications",
                self.Processor.TEXTBEHIND: "TextBehind",
            }.get(self.processor) or gettext("the state's mail centre")
            rules.append(
                gettext(
                    "Personal mail does not go to the prison: %(handler)s receives it at the "
                    "address above."
                )
                % {"handler": handler}
            )
        delivery = {
            self.DeliveryForm.PHOTOCOPY: _("The person receives a photocopy, not your letter."),
            self.DeliveryForm.PRINTED_SCAN: _(
                "Your letter is scanned; the person receives a printout."
            ),
            self.DeliveryForm.TABLET: _(
                "Your letter is scanned and read on a tablet (printed for people without one)."
            ),
        }.get(self.delivery_form)
        if delivery:
            rules.append(str(delivery))
        days = self.originals_destroyed_after_days
        if days == 0:
            rules.append(
                gettext(
                    "Originals, photos included, are shredded: send copies, never anything you "
                    "want back."
                )
            )
        elif days:
            rules.append(
                ngettext(
                    "Originals are destroyed after %(days)d day and not returned.",
                    "Originals are destroyed after %(days)d days and not returned.",
                    days,
                )
                % {"days": days}
            )
        if self.return_address_full_name_required:
            rules.append(
                gettext(
                    "Write your full first and last name and your return address on the envelope."
                )
            )
        if not self.return_address_labels_allowed:
            rules.append(
                gettext("Write the return address by hand: no stickers or address labels.")
            )
        if self.allowed_envelope_colors:
            colors = human_list(color_words(self.allowed_envelope_colors, "envelopes"))
            rules.append(gettext("Envelopes: %(colors)s only.") % {"colors": colors})
        size = self.max_paper_size.replace("x", "×").replace("8.5", "8½")
        colors = human_list(color_words(self.allowed_paper_colors, "paper"))
        if size and colors:
            rules.append(
                gettext("Paper: %(colors)s %(size)s inch paper only.")
                % {"colors": colors, "size": size}
            )
        elif size:
            rules.append(gettext("Paper: %(size)s inch paper only.") % {"size": size})
        elif colors:
            rules.append(gettext("Paper: %(colors)s paper only.") % {"colors": colors})
        if self.allowed_ink:
            inks = human_list(ink_words(self.allowed_ink))
            rules.append(gettext("Write in %(inks)s.") % {"inks": inks})
        if self.max_pages:
            if self.max_pages_counts_envelope:
                rule = gettext(
                    "At most %(pages)d pages per envelope (the copy of the envelope counts as one)."
                )
            else:
                rule = gettext("At most %(pages)d pages per envelope.")
            rules.append(rule % {"pages": self.max_pages})
        if self.max_photos:
            if self.max_photo_size:
                rules.append(
                    gettext("At most %(photos)d %(size)s photos per envelope.")
                    % {"photos": self.max_photos, "size": self.max_photo_size.replace("x", "×")}
                )
            else:
                rules.append(
                    gettext("At most %(photos)d photos per envelope.") % {"photos": self.max_photos}
                )
        if self.allows_polaroids is False:
            rules.append(gettext("No Polaroids or instant photos."))
        if self.allows_cards is False:
            rules.append(gettext("Greeting cards are restricted."))
        if self.card_rules:
            rules.append(gettext("Cards: %(rules)s") % {"rules": self.card_rules})
        if self.prohibited_items:
            items = human_list(self.prohibited_items_display)
            rules.append(gettext("Never include %(items)s.") % {"items": items})
        return rules

    def clean(self):
        from facilities.addressing import unknown_placeholders

        super().clean()
        if self.facility_id:
            # An override belongs to its facility's jurisdiction; the admin inline omits it.
            if not self.jurisdiction_id:
                self.jurisdiction_id = self.facility.jurisdiction_id
            elif self.jurisdiction_id != self.facility.jurisdiction_id:
                raise ValidationError(
                    {"jurisdiction": "An override must belong to the facility's jurisdiction."}
                )
        unknown = unknown_placeholders(self.mailing_address_template)
        if unknown:
            raise ValidationError(
                {
                    "mailing_address_template": "Unknown placeholders: "
                    + ", ".join("{" + name + "}" for name in unknown)
                }
            )
        if self.inmate_number_regex:
            try:
                pattern = re.compile(self.inmate_number_regex)
            except re.error as error:
                raise ValidationError(
                    {"inmate_number_regex": f"Not a valid pattern: {error}"}
                ) from error
            if self.inmate_number_example and not pattern.fullmatch(self.inmate_number_example):
                raise ValidationError(
                    {"inmate_number_example": "The example does not match the pattern."}
                )


# What decides where a letter goes, or the rules it is checked against: changed only through a
# DirectoryChange that a second staff member approves. Everything on a policy counts (its notes
# are shown on facility pages); on a facility, its name and addresses.
FACILITY_ADDRESS_FIELDS = (
    "name",
    "short_name",
    "jurisdiction",
    "physical_street",
    "physical_city",
    "physical_state",
    "physical_zip",
    "mail_street",
    "mail_street2",
    "mail_city",
    "mail_state",
    "mail_zip",
)
POLICY_ADDRESS_FIELDS = (
    "jurisdiction",
    "facility",
    "inmate_number_label",
    "name_order",
    "mailing_address_template",
    "facility_name_no_abbreviation",
    "physical_address_accepts_mail",
)


def four_eyes_fields(model):
    """The fields of `model` that only an approved DirectoryChange may change."""
    if model is Facility:
        return FACILITY_ADDRESS_FIELDS
    return tuple(
        f.name
        for f in MailPolicy._meta.concrete_fields
        if f.editable and f.name not in ("id", "last_verified")
    )


def address_fields(model):
    return FACILITY_ADDRESS_FIELDS if model is Facility else POLICY_ADDRESS_FIELDS


def as_json(value):
    """A field value as the JSON the change stores (dates as ISO text, decimals as text)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


class ChangeRefused(Exception):
    """An approval that the four-eyes rule, or the data, does not allow."""


class DirectoryChange(models.Model):
    """A proposed change to a facility's address or a mail policy (four eyes).

    Until a second staff member approves it, nothing public changes: the facility and policy
    rows, which every page, the letter editor and the PDF read, keep the approved values. The
    row stays as the audit record of who proposed, on what source, and who approved.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a second staff member"
        APPROVED = "approved", "Approved and public"
        REJECTED = "rejected", "Rejected"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Empty for a facility or policy that does not exist yet."
    )
    changes = models.JSONField(encoder=DjangoJSONEncoder, help_text="Field: proposed value.")
    previous = models.JSONField(
        encoder=DjangoJSONEncoder,
        default=dict,
        blank=True,
        help_text="Field: value when proposed. Approval is refused if the row has changed since.",
    )
    verification_only = models.BooleanField(
        default=False,
        help_text="Nothing changes: the proposer checked the rules against the source.",
    )
    source_url = models.URLField(
        max_length=500, help_text="Where the proposer read the new address or rule."
    )
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        permissions = [
            ("approve_directorychange", "Can approve a directory change proposed by someone else")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected"]),
                name="directorychange_status_valid",
            ),
            # Four eyes, in the database too: nobody decides on their own proposal.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="directorychange_second_person_decides",
            ),
        ]
        indexes = [
            # The approvals list: what is waiting, oldest first.
            models.Index(fields=["status", "proposed_at"], name="directorychange_queue"),
        ]

    def __str__(self):
        model = self.content_type.model_class()._meta.verbose_name
        target = f"{model} {self.object_id}" if self.object_id else f"new {model}"
        return f"Change {self.pk} to {target}"

    @property
    def target(self):
        if self.object_id is None:
            return None
        return self.content_type.get_object_for_this_type(pk=self.object_id)

    @classmethod
    def propose(cls, instance, fields, *, by, source_url, note="", verification_only=False):
        """Record `fields` of the unsaved `instance` (a Facility or MailPolicy, new or
        existing) as a proposal; the stored row is not touched."""
        model = type(instance)
        changes = {f: as_json(_value(instance, f)) for f in fields}
        previous = {}
        if instance.pk is not None:
            stored = model.objects.get(pk=instance.pk)
            previous = {f: as_json(_value(stored, f)) for f in fields}
            # A form may call a field changed that is not ("[]" typed for []).
            changes = {f: v for f, v in changes.items() if v != previous[f]}
            previous = {f: previous[f] for f in changes}
        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=instance.pk,
            changes=changes,
            previous=previous,
            verification_only=verification_only,
            source_url=source_url,
            note=note,
            proposed_by=by,
        )

    @transaction.atomic
    def approve(self, *, by):
        """Apply the change as a second staff member; returns the facility or policy."""
        self._check_decision(by)
        model = self.content_type.model_class()
        if self.object_id is None:
            target = model()
        else:
            target = model.objects.select_for_update().get(pk=self.object_id)
            moved = [f for f, old in self.previous.items() if as_json(_value(target, f)) != old]
            if moved:
                raise ChangeRefused(
                    f"{', '.join(moved)} changed since this was proposed: propose it again "
                    "from the current values."
                )
        for name, value in self.changes.items():
            field = model._meta.get_field(name)
            setattr(target, field.attname, field.to_python(value))
        if any(self.changes.get(f) != self.previous.get(f) for f in address_fields(model)):
            target.address_changed_at = timezone.now()
        if model is MailPolicy:
            # Two people checked the rules against the source: that is what "verified" means.
            target.last_verified = timezone.localdate()
            if self.source_url not in target.source_urls:
                target.source_urls = [*target.source_urls, self.source_url]
        else:
            target.edited_by_staff = True  # the import leaves approved corrections alone
        try:
            target.full_clean()
        except ValidationError as error:
            raise ChangeRefused(" ".join(error.messages)) from error
        target.save()
        self.object_id = target.pk
        self._decide(self.Status.APPROVED, by)
        return target

    def reject(self, *, by):
        self._check_decision(by)
        self._decide(self.Status.REJECTED, by)

    def _check_decision(self, by):
        if self.status != self.Status.PENDING:
            raise ChangeRefused("This change was already decided.")
        if by.pk == self.proposed_by_id:
            raise ChangeRefused("A second staff member must decide on a change you proposed.")

    def _decide(self, status, by):
        self.status, self.decided_by, self.decided_at = status, by, timezone.now()
        self.save()


def _value(instance, name):
    return instance._meta.get_field(name).value_from_object(instance)
