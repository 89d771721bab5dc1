"""The front door's forms: the search for the person, a contact on a child already recorded, and
a contact with the new child's registration. Reading what was typed is all they do; every rule
about contacts and children is the services' (a ``JourneyError`` becomes a field's error)."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from sightline.core.codes import ReferralSource, Sex
from sightline.people.identifiers import nhs_number_is_valid, normalise_nhs_number
from sightline.web.forms import DateField
from sightline.web.recording import RecordingForm

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NUMBERS = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+) (\d{2,4})$")
_MONTH_NAME_DAY = re.compile(r"^([a-z]+) (\d{1,2})(?:st|nd|rd|th)? (\d{2,4})$")
DATE_EXAMPLE = "for example, 3 April 2015 or 03/04/2015"


class TypedDateError(ValueError):
    pass


def parse_typed_date(text: str, what: str = "date") -> date:
    """A date as people type it in England, day first: "3 April 2015", "3rd Apr 2015",
    "03/04/2015", "3.4.2015", "3-4-2015", "2015-04-03". The year in full: "03/04/15" is
    refused rather than guessed. Raises ``TypedDateError`` with the message to show."""
    plain = " ".join(text.lower().replace(",", " ").split())
    if not plain:
        raise TypedDateError(f"Enter the {what}")
    year: str
    if m := _ISO.match(plain):
        year, month, day = m.group(1), int(m.group(2)), int(m.group(3))
    elif m := _NUMBERS.match(plain):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    elif (m := _DAY_MONTH_NAME.match(plain)) and m.group(2) in MONTHS:
        day, month, year = int(m.group(1)), MONTHS[m.group(2)], m.group(3)
    elif (m := _MONTH_NAME_DAY.match(plain)) and m.group(1) in MONTHS:
        day, month, year = int(m.group(2)), MONTHS[m.group(1)], m.group(3)
    else:
        raise TypedDateError(f"Enter the {what} as a day, month and year, {DATE_EXAMPLE}")
    if len(year) != 4:
        raise TypedDateError(f"Enter the year of the {what} in full, {DATE_EXAMPLE}")
    try:
        return date(int(year), month, day)
    except ValueError:
        raise TypedDateError(f"Enter a real {what}, {DATE_EXAMPLE}") from None


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time(text: str) -> time:
    """A time of day as typed: "9:30am", "9.30 am", "14:05", "2pm", "midday", "midnight"."""
    plain = " ".join(text.lower().split()).replace("a.m.", "am").replace("p.m.", "pm")
    if plain in ("midday", "noon", "12 noon"):
        return time(12)
    if plain == "midnight":
        return time(0)
    m = _TIME.match(plain)
    if not m:
        raise TypedDateError("Enter a time, for example 9:30am or 14:05")
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise TypedDateError("Enter a real time, for example 9:30am or 14:05")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise TypedDateError("Enter a real time, for example 9:30am or 14:05")
    return time(hour, minute)


class TypedDateField(forms.CharField):
    """A date typed in one box (search, where people type what they were told)."""

    def clean(self, value: Any) -> date | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_typed_date(text, str(self.label).lower())
        except TypedDateError as error:
            raise ValidationError(str(error)) from None


class TimeField(forms.CharField):
    def clean(self, value: Any) -> time | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_time(text)
        except TypedDateError as error:
            raise ValidationError(str(error)) from None


def _clean_nhs_number(value: str) -> str:
    nhs = normalise_nhs_number(value)
    if nhs and not nhs_number_is_valid(nhs):
        raise ValidationError("Enter a real NHS number: 10 digits, for example 943 476 5919")
    return nhs


class PersonSearchForm(RecordingForm):
    """Who is the contact about? Enough to find them if they are already recorded."""

    name = forms.CharField(
        label="Name",
        required=False,
        max_length=100,
        help_text="Given name and family name. Spelling does not need to be exact.",
        error_messages={"max_length": "Name must be 100 characters or fewer"},
    )
    birth_date = TypedDateField(
        label="Date of birth",
        required=False,
        max_length=40,
        help_text=f"Or the expected date of birth of an unborn baby; {DATE_EXAMPLE}",
    )
    nhs_number = forms.CharField(
        label="NHS number (if known)",
        required=False,
        max_length=20,
        help_text="10 digits, for example 943 476 5919",
    )

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("name") or "").split())

    def clean_nhs_number(self) -> str:
        return _clean_nhs_number(str(self.cleaned_data.get("nhs_number") or ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        named = bool(cleaned.get("name")) and cleaned.get("birth_date") is not None
        if not named and not cleaned.get("nhs_number"):
            if cleaned.get("name") and cleaned.get("birth_date") is None:
                self.add_error("birth_date", "Enter the child's date of birth as well as the name")
            elif cleaned.get("birth_date") is not None:
                self.add_error("name", "Enter the child's name as well as the date of birth")
            else:
                raise ValidationError(
                    "Enter the child's name and date of birth, or their NHS number",
                    code="empty",
                )
        return cleaned


class ContactFields(RecordingForm):
    """What every new contact records: when it came in, from whom and what about."""

    received_on = DateField(
        label="Date the contact was received",
        help_text="For example, 6 12 2026",
        error_messages={"required": "Enter the date the contact was received"},
    )
    received_time = TimeField(
        label="Time the contact was received",
        max_length=20,
        help_text="For example, 9:30am or 14:05",
        error_messages={"required": "Enter the time the contact was received"},
    )
    source = forms.ChoiceField(
        label="Who made the contact?",
        choices=[("", "Choose the source"), *ReferralSource.choices],
        error_messages={"required": "Choose who made the contact"},
    )
    reason = forms.CharField(
        label="What is the contact about?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the person said, in their words where you can.",
    )
    field_for_error = {"received_at": "received_on"}


class ContactForm(ContactFields):
    pass


class NewChildContactForm(ContactFields):
    given_name = forms.CharField(
        label="Given name",
        max_length=100,
        error_messages={"required": "Enter the child's given name"},
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        error_messages={"required": "Enter the child's family name"},
    )
    birth_date = DateField(
        label="Date of birth",
        required=False,
        help_text="For example, 3 4 2015. Leave blank for an unborn baby.",
    )
    expected_birth_date = DateField(
        label="Expected date of birth (unborn baby only)",
        required=False,
        help_text="For example, 20 3 2027",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        initial=Sex.UNKNOWN,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Choose the child's sex, or not known"},
    )
    nhs_number = forms.CharField(
        label="NHS number (if known)",
        required=False,
        max_length=20,
        help_text="10 digits, for example 943 476 5919",
    )
    home_postcode = forms.CharField(
        label="Postcode (if known)", required=False, max_length=8, help_text="For example, GL1 2EH"
    )
    field_order = [
        "given_name",
        "family_name",
        "birth_date",
        "expected_birth_date",
        "sex",
        "nhs_number",
        "home_postcode",
        "received_on",
        "received_time",
        "source",
        "reason",
    ]
    field_for_error = {"received_at": "received_on", "child": "__all__"}

    def clean_nhs_number(self) -> str:
        return _clean_nhs_number(str(self.cleaned_data.get("nhs_number") or ""))
