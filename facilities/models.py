"""Jurisdictions (BOP, each state DOC), their facilities, and the mail policies that decide
where a letter goes and whether it is delivered.

The mailing address is never the physical address by default: it is rendered from the policy by
`facilities.addressing`, the one address renderer every page, letter and PDF uses.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse


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
        """Match every word of `query` against the name, city, state code or agency name."""
        queryset = self
        for word in query.split():
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(short_name__icontains=word)
                | Q(physical_city__icontains=word)
                | Q(physical_state__iexact=word)
                | Q(jurisdiction__name__icontains=word)
            )
        return queryset


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
    "blank_envelopes": "blank envelopes",
    "bound_material": "anything bound or stapled like a book",
    "boxes": "boxes",
    "cardstock": "cardstock",
    "cardstock_envelopes": "cardstock envelopes",
    "cash": "cash or checks",
    "colored_ink": "colored ink",
    "colored_paper": "colored paper",
    "construction_paper": "construction paper",
    "explicit_photos": "sexually explicit photos",
    "lottery_tickets": "lottery tickets",
    "metal_parts": "metal parts",
    "musical_cards": "musical cards",
    "nudity": "photos or drawings with nudity",
    "opaque_tape": "opaque tape",
    "padded_envelopes": "padded envelopes",
    "plastic_bags": "plastic bags",
    "plastic_cards": "plastic cards",
    "polaroid": "Polaroid or instant photos",
    "popup_cards": "pop-up cards",
    "prepaid_envelopes": "pre-stamped envelopes or postcards",
    "semi_nudity": "photos with partial nudity",
    "stains": "stains or marks (food, water, oil)",
    "stationery": "blank paper or stationery",
}


def prohibited_item_words(tag):
    return PROHIBITED_ITEM_WORDS.get(tag, tag.replace("_", " "))


def human_list(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


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
        OFFICIAL = "official", "Official sources"
        SECONDARY = "secondary", "Secondary sources"
        MIXED = "mixed", "Official and secondary sources"
        DEFAULT = "default", "General guidance (not researched for this jurisdiction)"

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
    last_verified = models.DateField(help_text="Set to today whenever staff save the policy.")
    notes = models.TextField(blank=True)

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
        """The rules as short sentences for writers, most likely to get a letter returned first."""
        rules = []
        if self.requires_central_processing:
            handler = {
                self.Processor.SMART_COMMUNICATIONS: "Smart Communications",
                self.Processor.TEXTBEHIND: "TextBehind",
            }.get(self.processor, "the state's mail centre")
            rules.append(
                f"Personal mail does not go to the prison: {handler} receives it at the "
                "address above."
            )
        delivery = {
            self.DeliveryForm.PHOTOCOPY: "The person receives a photocopy, not your letter.",
            self.DeliveryForm.PRINTED_SCAN: "Your letter is scanned; the person receives a "
            "printout.",
            self.DeliveryForm.TABLET: "Your letter is scanned and read on a tablet (printed "
            "for people without one).",
        }.get(self.delivery_form)
        if delivery:
            rules.append(delivery)
        if self.originals_destroyed_after_days == 0:
            rules.append(
                "Originals, photos included, are shredded: send copies, never "
                "anything you want back."
            )
        elif self.originals_destroyed_after_days:
            rules.append(
                f"Originals are destroyed after {self.originals_destroyed_after_days} "
                "days and not returned."
            )
        if self.return_address_full_name_required:
            rules.append(
                "Write your full first and last name and your return address on the envelope."
            )
        if not self.return_address_labels_allowed:
            rules.append("Write the return address by hand: no stickers or address labels.")
        if self.allowed_envelope_colors:
            rules.append(f"Envelopes: {human_list(self.allowed_envelope_colors)} only.")
        paper = []
        if self.max_paper_size:
            paper.append(self.max_paper_size.replace("x", "×").replace("8.5", "8½") + " inch")
        if self.allowed_paper_colors:
            paper.append(human_list(self.allowed_paper_colors))
        if paper:
            rules.append(f"Paper: {' '.join(reversed(paper))} paper only.")
        if self.allowed_ink:
            inks = ["pencil" if ink == "pencil" else f"{ink} ink" for ink in self.allowed_ink]
            rules.append(f"Write in {human_list(inks)}.")
        if self.max_pages:
            counts = (
                " (the copy of the envelope counts as one)"
                if self.max_pages_counts_envelope
                else ""
            )
            rules.append(f"At most {self.max_pages} pages per envelope{counts}.")
        if self.max_photos:
            size = f" {self.max_photo_size.replace('x', '×')}" if self.max_photo_size else ""
            rules.append(f"At most {self.max_photos}{size} photos per envelope.")
        if self.allows_polaroids is False:
            rules.append("No Polaroids or instant photos.")
        if self.allows_cards is False:
            rules.append("Greeting cards are restricted.")
        if self.card_rules:
            rules.append(f"Cards: {self.card_rules}")
        if self.prohibited_items:
            rules.append(f"Never include {human_list(self.prohibited_items_display)}.")
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
