"""Forms for the web pages, with what GOV.UK pages need: an error summary linking to each field.

Every form here has ``error_summary()``: a list of (href, message) pairs in field order, the
href pointing at the input the user must change (for a date, its first wrong part).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from sightline.access import signin
from sightline.people.identifiers import normalise_nhs_number

DATE_PARTS = ("day", "month", "year")

# Months as people type them: "April", "apr", "Sept" (GOV.UK: accept month names as well as
# numbers in a date input).
MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _number
        MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# "3 April 2016", "3rd of april, 2016", "April 3rd 2016", "3/4/2016" (day first, as in the UK)
DATE_IN_WORDS = (
    re.compile(
        rf"(?<!\w){_DAY}(?:\s+of)?[\s,./-]*(?P<month>{_MONTH})\.?[\s,./-]*{_YEAR}(?!\w)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?<!\w)(?P<month>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}(?!\w)",
        re.IGNORECASE,
    ),
    re.compile(r"(?<![\w/.-])(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})(?!\w)"),
)


def day_part(text: str) -> str:
    """A day as typed ("3rd", "03") as digits ("3"); anything else unchanged."""
    text = text.strip()
    ordinal = _ORDINAL.match(text.lower())
    return ordinal.group(1) if ordinal else text


def month_part(text: str) -> str:
    """A month as typed ("April", "apr", "4") as digits ("4"); anything else unchanged."""
    text = text.strip().rstrip(".")
    number = MONTHS.get(text.lower())
    return str(number) if number is not None else text


def date_in_words(text: str) -> tuple[dt.date, str, str] | None:
    """The first real date written in ``text`` ("3 April 2016", "3rd april 2016",
    "April 3 2016", "3/4/2016"): the date, the words that wrote it and the rest of the text.
    None when there is none."""
    for pattern in DATE_IN_WORDS:
        for found in pattern.finditer(text):
            month = month_part(found.group("month"))
            try:
                day = dt.date(int(found.group("year")), int(month), int(found.group("day")))
            except ValueError:
                continue
            rest = " ".join((text[: found.start()] + " " + text[found.end() :]).split())
            return day, found.group(0), rest
    return None


class ErrorSummaryMixin:
    """Adds ``error_summary()`` for the GOV.UK error summary component."""

    # Where a form-wide (non-field) error should take the user: the first field by default.
    non_field_error_target: str | None = None

    def error_summary(self) -> list[tuple[str, str]]:
        form: forms.BaseForm = self  # type: ignore[assignment]
        summary: list[tuple[str, str]] = []
        target = self.non_field_error_target or next(iter(form.fields), "")
        for message in form.non_field_errors():
            summary.append((f"#{form[target].auto_id}" if target else "#", str(message)))
        for name in form.fields:
            field_errors = form.errors.get(name)
            if not field_errors:
                continue
            summary.append((f"#{self.error_anchor(name)}", str(field_errors[0])))
        return summary

    def error_anchor(self, name: str) -> str:
        """The id of the input the error summary links to for this field."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        bound = form[name]
        if isinstance(form.fields[name], DateField):
            parts = date_parts_in_error(form, name)
            return f"{bound.auto_id}-{parts[0] if parts else 'day'}"
        return str(bound.auto_id)


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: three text boxes named <name>-day, <name>-month, <name>-year.

    Templates render it with the ``web/_date_input.html`` include, which knows the GOV.UK
    markup; this widget reads the three values back from the request.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput() for _ in DATE_PARTS], attrs)
        self.widgets_names = [f"-{part}" for part in DATE_PARTS]

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages for dates."""

    widget = DateInput

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        self.label_text = label
        parts = tuple(forms.CharField(required=False) for _ in DATE_PARTS)
        super().__init__(fields=parts, require_all_fields=False, label=label, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        values = dict(zip(DATE_PARTS, (v.strip() for v in data_list), strict=True))
        values["day"] = day_part(values["day"])
        values["month"] = month_part(values["month"])
        missing = [part for part in DATE_PARTS if not values[part]]
        name = self.label_text
        if missing:
            raise ValidationError(
                f"{name} must include a {' and '.join(missing)}",
                code="incomplete",
                params={"parts": missing},
            )
        wrong = [part for part in DATE_PARTS if not values[part].isdigit()]
        if not wrong and len(values["year"]) != 4:
            wrong = ["year"]
        if wrong:
            raise ValidationError(
                f"{name} must be a real date", code="invalid", params={"parts": wrong}
            )
        try:
            return dt.date(int(values["year"]), int(values["month"]), int(values["day"]))
        except (ValueError, OverflowError):
            raise ValidationError(
                f"{name} must be a real date", code="invalid", params={"parts": list(DATE_PARTS)}
            ) from None


class TimeOfDayField(forms.Field):
    """A time of day typed on the 24-hour clock ("21:30", "9.05", "0700"): GOV.UK has no time
    component, so one text input with a hint, read back as a ``datetime.time``."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "On the 24-hour clock, for example 21:30")
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5"}))
        super().__init__(label=label, **kwargs)
        self.error_messages["invalid"] = f"{label} must be a time such as 21:30"

    def to_python(self, value: Any) -> dt.time | None:
        text = str(value or "").strip().replace(".", ":")
        if not text:
            return None
        if ":" not in text and text.isdigit() and len(text) in (3, 4):
            text = f"{text[:-2]}:{text[-2:]}"
        hours, _, minutes = text.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return dt.time(int(hours), int(minutes))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%H:%M") if isinstance(value, dt.time) else value


def date_parts_in_error(form: forms.BaseForm, name: str) -> list[str]:
    """Which of day, month and year to highlight for a date field's error (GOV.UK pattern)."""
    if not form.is_bound or name not in form.errors:
        return []
    for error in form.errors.as_data()[name]:
        params = error.params or {}
        parts = params.get("parts")
        if parts:
            return list(parts)
    return list(DATE_PARTS)


class SignInForm(ErrorSummaryMixin, AuthenticationForm):
    """Django's sign-in form with GOV.UK wording, an error summary and the lockout.

    A username or IP address with too many recent failed sign-ins is refused before the
    password is checked (``sightline.access.signin``), so the right password does not help
    during a lockout, and the message does not say whether the username exists.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        ip_address = signin.client_ip(self.request)
        if signin.sign_in_refused(username, ip_address):
            signin.record_refused(username, ip_address)
            raise ValidationError(signin.locked_out_message(), code=signin.LOCKED_OUT_CODE)
        return super().clean()


class ChildSearchForm(ErrorSummaryMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=100,
        help_text="Given name, family name or both. Part of a name is enough.",
        error_messages={"max_length": "Name must be 100 characters or fewer"},
    )
    birth_date = DateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2015. For an unborn child, the expected date of birth.",
    )
    identifier = forms.CharField(
        label="LA child ID, NHS number or UPN",
        required=False,
        max_length=30,
        help_text="An NHS number can have spaces, for example 999 123 4567.",
        error_messages={
            "max_length": "LA child ID, NHS number or UPN must be 30 characters or fewer"
        },
    )

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("name") or "").split())

    def clean_identifier(self) -> str:
        # Spaces and hyphens never belong in an LA child ID, NHS number or UPN.
        return normalise_nhs_number(str(self.cleaned_data.get("identifier") or ""))

    # A date of birth typed in the name box ("Lily 3rd April 2016"): the date read from it and
    # the words it was read from, for the results to say so.
    read_date: tuple[str, dt.date] | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = cleaned.get("name") or ""
        if name and cleaned.get("birth_date") is None and "birth_date" not in self.errors:
            found = date_in_words(name)
            if found is not None:
                day, words, rest = found
                cleaned["birth_date"], cleaned["name"] = day, rest
                self.read_date = (words, day)
        if not self.errors and not any(
            cleaned.get(name) for name in ("name", "birth_date", "identifier")
        ):
            raise ValidationError(
                "Enter a name, a date of birth or an identifier to search for", code="empty"
            )
        return cleaned


class ChronologyFilterForm(ErrorSummaryMixin, forms.Form):
    """The chronology's filter (a GET form): kinds of entry and a date range."""

    kind = forms.MultipleChoiceField(
        label="Kind of entry",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"small": True}),
    )
    since = DateField(label="From", required=False, help_text="For example, 27 3 2025")
    until = DateField(label="To", required=False, help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = kinds
        field.error_messages["invalid_choice"] = "Choose kinds of entry from the list"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error(
                "until",
                ValidationError(
                    "The date to must be the same as or after the date from",
                    code="order",
                    params={"parts": list(DATE_PARTS)},
                ),
            )
        return cleaned


class CaseNoteSearchForm(ErrorSummaryMixin, forms.Form):
    """Search a child's case notes (a GET form): words in the text, the kind of note."""

    words = forms.CharField(
        label="Words in the note",
        required=False,
        max_length=100,
        help_text="Every word must appear. Part of a word is enough.",
        error_messages={"max_length": "Words must be 100 characters or fewer"},
    )
    kind = forms.ChoiceField(label="Kind of note", required=False)

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any kind"), *kinds]
        field.error_messages["invalid_choice"] = "Choose a kind of note from the list"

    def clean_words(self) -> str:
        return " ".join(str(self.cleaned_data.get("words") or "").split())
