"""The recording pages, one module per journey; importing this package registers them all
(``web.apps.WebConfig.ready``). Each use case is a form and one service call (decision 0020)."""

from sightline.web.journeys import (
    allocation,
    case_notes,
    child_protection,
    children_in_care,
    corrections,
    death,
    front_door,
    help_and_protection,
    lado,
    leaving_care,
    life_in_care,
    meetings,
    oversight,
    pre_proceedings,
    private_fostering,
    visits,
)

__all__ = [
    "allocation",
    "case_notes",
    "child_protection",
    "children_in_care",
    "corrections",
    "death",
    "front_door",
    "help_and_protection",
    "lado",
    "leaving_care",
    "life_in_care",
    "meetings",
    "oversight",
    "pre_proceedings",
    "private_fostering",
    "visits",
]
