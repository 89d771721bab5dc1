"""The recording pages, one module per journey; importing this package registers them all
(``web.apps.WebConfig.ready``). Each use case is a form and one service call (decision 0020)."""

from sightline.web.journeys import case_notes, help_and_protection, visits

__all__ = ["case_notes", "help_and_protection", "visits"]
