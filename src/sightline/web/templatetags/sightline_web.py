"""Template filters for Sightline's pages: GOV.UK formats for dates, NHS numbers and values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.forms import BoundField
from django.utils import timezone

from sightline.chronology import labels
from sightline.core.postcodes import format_postcode
from sightline.web import addresses
from sightline.web.forms import DATE_PARTS, date_parts_in_error

register = template.Library()

GOVUK_DATE = "j F Y"  # 27 March 2015: the GOV.UK style for dates


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@register.filter
def govuk_date(value: dt.date | None) -> str:
    """GOVUK_DATE ("27 March 2015") written out directly: Django's date format costs ten
    times as much, and a list page shows hundreds of dates."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@register.filter
def govuk_datetime(value: dt.datetime | None) -> str:
    """A moment in GOV.UK style, in local time: "9:14am on 6 December 2026"."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    time = f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
    if local.hour == 12 and local.minute == 0:
        time = "midday"
    elif local.hour == 0 and local.minute == 0:
        time = "midnight"
    return f"{time} on {govuk_date(local.date())}"


@register.filter
def nhs_number(value: str | None) -> str:
    """An NHS number as it is written: 3, 3 and 4 digits (999 123 4567)."""
    digits = "".join(str(value or "").split())
    if len(digits) != 10 or not digits.isdigit():
        return digits
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


@register.filter
def display(value: Any) -> str:
    """A value for a summary list: dates in GOV.UK style, yes/no, or "Not recorded"."""
    if value is None or value == "":
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return govuk_date(value)
    return str(value)


@register.filter
def event_label(name: str) -> str:
    """A kind of chronology entry in plain words ("NEETBarrierRecorded" -> "Barrier to
    education, training or work"): ``chronology.labels``."""
    return labels.event_label(name)


@register.filter
def in_sentence(label: Any) -> str:
    """A label as it reads inside a sentence: its first letter lower case, acronyms kept
    ("Child protection chair / IRO" -> "child protection chair / IRO")."""
    label = str(label)
    first = label.split(" ", 1)[0]
    if not label or (first.isupper() and len(first) > 1):
        return label
    return label[0].lower() + label[1:]


@register.filter
def postcode(value: str | None) -> str:
    """A postcode as it is written: upper case, one space before the last three characters."""
    return format_postcode(value or "")


@register.filter
def age_text(years: int | None) -> str:
    if years is None:
        return ""
    if years == 0:
        return "under 1 year old"
    return "1 year old" if years == 1 else f"{years} years old"


@register.simple_tag
def date_input_items(field: BoundField) -> list[dict[str, Any]]:
    """The day, month and year boxes of a GOV.UK date input for a bound DateField."""
    values = field.value()
    if not isinstance(values, list | tuple):
        values = field.field.widget.decompress(values)
    in_error = set(date_parts_in_error(field.form, field.name))
    return [
        {
            "label": part.capitalize(),
            "id": f"{field.auto_id}-{part}",
            "name": f"{field.html_name}-{part}",
            "value": value or "",
            "width": 4 if part == "year" else 2,
            "error": part in in_error,
        }
        for part, value in zip(DATE_PARTS, values, strict=True)
    ]


@register.simple_tag
def checkbox_groups(field: BoundField) -> list[dict[str, Any]]:
    """The options of a GOV.UK checkboxes field, in the groups its choices name.

    Choices given as ``[("Alcohol and drugs", [(code, label), ...]), ...]`` become one group
    each, with its name as a heading; plain ``(code, label)`` choices form groups without a
    heading. The option the widget names ``exclusive`` ("none of these") is its own group after
    an "or" divider, and unticks the others (GOV.UK's exclusive behaviour). The first option's
    id is the field's own, the one its error message and the error summary link to.
    """
    exclusive = field.field.widget.attrs.get("exclusive")
    options = iter(field)
    groups: list[dict[str, Any]] = []
    counter = 0
    for name, items in getattr(field.field, "choices", []):
        grouped = isinstance(items, list | tuple)
        entries = []
        for _ in items if grouped else [items]:
            option = next(options)
            counter += 1
            value = str(option.data["value"])
            entries.append(
                {
                    "id": field.auto_id if counter == 1 else f"{field.auto_id}-{counter}",
                    "value": value,
                    "label": option.choice_label,
                    "checked": bool(option.data["selected"]),
                    "exclusive": value == exclusive,
                }
            )
        last = groups[-1] if groups else None
        alone = grouped or entries[0]["exclusive"]
        if alone or last is None or last["heading"] or last["exclusive"]:
            groups.append(
                {
                    "heading": str(name) if grouped else "",
                    "options": entries,
                    "exclusive": entries[0]["exclusive"],
                }
            )
        else:
            last["options"].extend(entries)
    return groups


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template (codes to words), or "" when absent."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.simple_tag(takes_context=True)
def break_glass_ends(context: Any, child: Any) -> dt.datetime | None:
    """When the break-glass access through which the signed-in user has this child's record
    open ends (None: they open it for another reason): every page of the record says so."""
    from sightline.access.policy import break_glass_ends as ends

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(child, "pk", None):
        return None
    return ends(user, child)


# --- Addresses of a child's pages, in a loop (web.addresses) --------------------------------


@register.filter
def child_address(la_child_id: Any, name: str = "child-record") -> str:
    """``{% url name la_child_id %}`` for a row of a list, at a fraction of the cost."""
    return addresses.child_address(la_child_id, name)


@register.filter
def form_address(la_child_id: Any, use_case: str) -> str:
    """``{% url 'record' la_child_id use_case %}`` for a row of a list."""
    return addresses.form_address(la_child_id, use_case)
