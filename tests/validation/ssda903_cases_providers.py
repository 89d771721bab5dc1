"""Cases for the SSDA903 rules that look a URN up in Ofsted's register
(src/sightline/validation/ssda903/providers.py), for Gloucestershire (E10000013)."""

from datetime import date
from typing import Any

from tests.validation.harness import fails, passes
from tests.validation.ssda903_cases_postcodes import BRISTOL, GLOUCESTER, LA, ep

BRISTOL_LA = "E06000023"


def provider(urn: str, places: list[str], providers: list[str], **more: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "URN": urn,
        "PLACE_CODES": places,
        "PROVIDER_CODES": providers,
        "REG_START": date(2010, 1, 1),
        "REG_END": None,
        "POSTCODE": GLOUCESTER.replace(" ", ""),
        "LA_CODE": LA,
    }
    row.update(more)
    return row


HOME = provider("SC100001", ["K2"], ["PR4"])  # a private children's home in Gloucester
OWN_HOME = provider("SC100002", ["K2"], ["PR1", "PR2"])  # the authority's own home
CLOSED = provider("SC100003", ["K2"], ["PR4"], REG_END=date(2025, 9, 30))
SUPPORTED = provider("SC100004", ["K3"], ["PR4"], LA_CODE=BRISTOL_LA, POSTCODE="BS14DJ")
REGISTER = [HOME, OWN_HOME, CLOSED, SUPPORTED]


def at(child: str, urn: str | None, pl_post: str | None = GLOUCESTER, **more: Any) -> dict:
    row = {"PLACE_PROVIDER": "PR4", "URN": urn}
    row.update(more)
    return ep(child, pl_post, **row)


CASES = {
    "1008": (
        fails(
            {
                "Episodes": [
                    at("1", "SC999999"),
                    at("2", "SC100001"),
                    at("3", "XXXXXXX"),
                    at("4", None),
                ]
            },
            {"1"},
            providers=REGISTER,
            la_code=LA,
        ),
        passes({"Episodes": [at("1", "SC100001")]}, providers=REGISTER, la_code=LA),
    ),
    "219": (
        fails(
            {
                "Episodes": [
                    at("1", "SC100001", PLACE="U4"),
                    at("2", "SC100001", PLACE="K2"),
                    at("3", "SC999999", PLACE="U4"),
                ]
            },
            {"1"},
            providers=REGISTER,
            la_code=LA,
        ),
        passes({"Episodes": [at("1", "SC100001", PLACE="K2")]}, providers=REGISTER, la_code=LA),
    ),
    "221": (
        fails(
            {
                "Episodes": [
                    at("1", "SC100001", BRISTOL),
                    at("2", "SC100001", "gl11ut"),
                    at("3", "SC100001", BRISTOL, LS="V3"),
                    at("4", "SC100001", BRISTOL, PLACE="U4"),
                    at("5", "SC100001", None),
                ]
            },
            {"1"},
            providers=REGISTER,
            la_code=LA,
        ),
        passes({"Episodes": [at("1", "SC100001", GLOUCESTER)]}, providers=REGISTER, la_code=LA),
    ),
    "224": (
        fails(
            {
                "Episodes": [
                    at("1", "SC100001", PLACE_PROVIDER="PR1"),
                    at("2", "SC100001", PLACE_PROVIDER="PR4"),
                    at("3", "SC100002", PLACE_PROVIDER="PR1"),
                    at("4", "SC100001", PLACE_PROVIDER=None),
                ]
            },
            {"1", "4"},
            providers=REGISTER,
            la_code=LA,
        ),
        passes({"Episodes": [at("1", "SC100002", PLACE_PROVIDER="PR2")]}, providers=REGISTER),
    ),
    "227": (
        fails(
            {
                "Episodes": [
                    at("1", "SC100003", decom="30/09/2025"),
                    at("2", "SC100003", decom="29/09/2025", dec="30/09/2025"),
                ]
            },
            {"1"},
            providers=REGISTER,
            la_code=LA,
        ),
        passes({"Episodes": [at("1", "SC100001")]}, providers=REGISTER, la_code=LA),
    ),
    "228": (
        fails(
            {
                "Episodes": [
                    # still open at the year's end, at a home that closed in September
                    at("1", "SC100003", decom="01/05/2025"),
                    at("2", "SC100003", decom="01/05/2025", dec="01/10/2025"),
                    at("3", "SC100003", decom="01/05/2025", dec="30/09/2025"),
                ]
            },
            {"1", "2"},
            providers=REGISTER,
            la_code=LA,
        ),
        passes({"Episodes": [at("1", "SC100001")]}, providers=REGISTER, la_code=LA),
    ),
    "229": (
        fails(
            {
                "Episodes": [
                    # own provision (PR1) at a Bristol provider; another LA's (PR2) at our own
                    at("1", "SC100004", PLACE="K2", PLACE_PROVIDER="PR1"),
                    at("2", "SC100002", PLACE_PROVIDER="PR2"),
                    at("3", "SC100002", PLACE_PROVIDER="PR1"),
                    # K3 is not compared from 2025-26
                    at("4", "SC100004", PLACE="K3", PLACE_PROVIDER="PR1"),
                ]
            },
            {"1", "2"},
            providers=REGISTER,
            la_code=LA,
        ),
        passes(
            {"Episodes": [at("1", "SC100002", PLACE_PROVIDER="PR1")]},
            providers=REGISTER,
            la_code=LA,
        ),
    ),
    "241": (
        fails(
            {
                "Episodes": [
                    at("1", "SC100004", GLOUCESTER, PLACE="K3"),
                    at("2", "SC100004", BRISTOL, PLACE="K3"),
                    at("3", "SC100001", BRISTOL, PLACE="K2"),
                ]
            },
            {"1"},
            providers=REGISTER,
            la_code=LA,
        ),
        passes(
            {"Episodes": [at("1", "SC100004", BRISTOL, PLACE="K3")]},
            providers=REGISTER,
            la_code=LA,
        ),
    ),
}
