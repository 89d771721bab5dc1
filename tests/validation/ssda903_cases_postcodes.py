"""Cases for the SSDA903 rules that read the fields derived from postcodes
(src/sightline/validation/ssda903/postcodes.py), for Gloucestershire (E10000013), with
real postcodes from the ONS directory."""

from tests.validation.harness import fails, passes

LA = "E10000013"
#: Gloucester (in Gloucestershire); Stroud (in, 8.2 miles from GLOUCESTER); Bristol (out, 32.0
#: miles); Cardiff (Wales); Edinburgh (Scotland, 285.3 miles); Aberdeen (365.7 miles);
#: Jersey (in the directory, no authority in England, no grid reference); not postcodes.
GLOUCESTER, STROUD, BRISTOL = "GL1 1UT", "GL5 1AA", "BS1 4DJ"
CARDIFF, EDINBURGH, ABERDEEN, JERSEY = "CF10 1EP", "EH1 1YZ", "AB10 1AA", "JE2 3QA"
UNKNOWN, NOT_A_POSTCODE = "GL99 9ZZ", "XX1 1XX"


def ep(
    child: str,
    pl_post: str | None,
    home: str | None = GLOUCESTER,
    decom: str = "01/06/2025",
    dec: str | None = None,
    **more: str | None,
) -> dict[str, str | None]:
    """An episode: C2 in a K2 home unless said otherwise, from GLOUCESTER to ``pl_post``."""
    row: dict[str, str | None] = {"LS": "C2", "PLACE": "K2", "RNE": "P"}
    row.update(more)
    return {
        "CHILD": child,
        "DECOM": decom,
        "DEC": dec,
        "HOME_POST": home,
        "PL_POST": pl_post,
        **row,
    }


def last(child: str, pl_post: str | None, dec: str | None = None, **more: str | None) -> dict:
    """Last year's last episode (open unless ``dec``)."""
    return ep(child, pl_post, decom="01/06/2024", dec=dec, **more)


def hd(child: str) -> dict[str, str]:
    return {"CHILD": child, "DOB": "01/01/2012"}


def uasc(child: str) -> dict[str, str]:
    return {"CHILD": child, "DUC": "01/01/2030"}


CASES = {
    "1015": (
        fails(
            {
                "Episodes": [
                    ep("1", BRISTOL, PLACE_PROVIDER="PR1"),
                    ep("2", STROUD, PLACE_PROVIDER="PR1"),
                    ep("3", BRISTOL, PLACE_PROVIDER="PR1", PLACE="U1"),
                    ep("4", BRISTOL, PLACE_PROVIDER="PR1", LS="V3"),
                    ep("5", UNKNOWN, PLACE_PROVIDER="PR1"),
                    ep("6", BRISTOL, PLACE_PROVIDER="PR2"),
                ]
            },
            {"1", "5"},
            la_code=LA,
        ),
        passes({"Episodes": [ep("1", GLOUCESTER, PLACE_PROVIDER="PR1")]}, la_code=LA),
    ),
    "169": (
        fails(
            {
                "Episodes": [
                    ep("1", UNKNOWN),
                    ep("2", None),
                    ep("3", JERSEY),
                    ep("4", None, LS="V3"),
                    ep("5", CARDIFF),
                ]
            },
            {"1", "2", "3"},
            la_code=LA,
        ),
        passes(
            {"Episodes": [ep("1", GLOUCESTER), ep("2", EDINBURGH), ep("3", None, LS="V4")]},
            la_code=LA,
        ),
    ),
    "179": (
        fails(
            {
                "Episodes": [
                    ep("1", UNKNOWN),
                    ep("2", None),
                    # Jersey has no English authority, but it is OUT
                    ep("3", JERSEY),
                    ep("4", None, LS="V3"),
                ]
            },
            {"1", "2"},
            la_code=LA,
        ),
        passes(
            {"Episodes": [ep("1", GLOUCESTER), ep("2", CARDIFF), ep("3", None, LS="V4")]},
            la_code=LA,
        ),
    ),
    "218": (
        fails(
            {
                "Episodes": [
                    ep("1", GLOUCESTER),
                    ep("2", CARDIFF),
                    # no placement postcode: not outside England (the reference exempts it)
                    ep("3", None),
                    # H5 left the exemptions with the 2024-25 rules; Z11 joined in 2025-26
                    ep("4", GLOUCESTER, PLACE="H5"),
                    ep("5", GLOUCESTER, decom="01/01/2025", dec="01/03/2025"),
                    ep("6", BRISTOL, URN="SC123456"),
                    ep("7", GLOUCESTER, PLACE="Z11"),
                ]
            },
            {"1", "3", "4"},
            la_code=LA,
        ),
        passes(
            {"Episodes": [ep("1", GLOUCESTER, URN="SC123456"), ep("2", EDINBURGH)]},
            la_code=LA,
        ),
    ),
    "243": (
        fails(
            {
                "Episodes": [
                    ep("1", CARDIFF, URN="SC123456"),
                    ep("2", GLOUCESTER, URN="SC123456"),
                    ep("3", EDINBURGH),
                ]
            },
            {"1"},
            la_code=LA,
        ),
        passes({"Episodes": [ep("1", EDINBURGH), ep("2", BRISTOL, URN="SC123456")]}, la_code=LA),
    ),
    "420": (
        fails(
            {
                "Episodes": [
                    ep("1", GLOUCESTER, LS="V3"),
                    ep("2", None, LS="V4"),
                    ep("3", GLOUCESTER),
                ]
            },
            {"1"},
            la_code=LA,
        ),
        passes({"Episodes": [ep("1", None, LS="V3"), ep("2", BRISTOL)]}, la_code=LA),
    ),
    "392c": (
        fails(
            {
                "Episodes": [
                    ep("1", GLOUCESTER, home=UNKNOWN),
                    ep("2", NOT_A_POSTCODE),
                    ep("3", "gl1 1ut", home="GL11UT"),
                    ep("4", None, home=None),
                ]
            },
            {"1", "2"},
            la_code=LA,
        ),
        passes({"Episodes": [ep("1", "cf101ep"), ep("2", None, home=None)]}, la_code=LA),
    ),
    "392a": (
        fails(
            {
                "Episodes": [
                    ep("1", None),
                    ep("2", None),
                    ep("3", None, LS="V3"),
                    ep("4", GLOUCESTER, home=UNKNOWN),
                    ep("5", STROUD),
                ],
                "Header": [hd("1"), hd("2"), hd("3"), hd("4"), hd("5")],
                "UASC": [uasc("2")],
            },
            {"1", "4"},
            la_code=LA,
        ),
        passes(
            {
                "Episodes": [ep("1", STROUD), ep("2", None)],
                "Header": [hd("1"), hd("2")],
                "UASC": [],
            },
            # formerly UASC: in last year's UASC table
            previous={"Header": [hd("2")], "UASC": [uasc("2")]},
            la_code=LA,
        ),
    ),
    "406": (
        fails(
            {
                "Episodes": [ep("1", STROUD), ep("2", STROUD), ep("3", None)],
                # no header: the UASC table's rows with anything given
                "UASC": [uasc("1"), uasc("3"), {"CHILD": "2"}],
            },
            {"1"},
            la_code=LA,
        ),
        passes(
            {
                "Episodes": [ep("1", None), ep("2", STROUD)],
                "Header": [hd("1"), hd("2")],
                "UASC": [uasc("1")],
            },
            la_code=LA,
        ),
    ),
    "454": (
        fails(
            {"Episodes": [ep("1", ABERDEEN), ep("2", EDINBURGH), ep("3", None)]},
            {"1"},
            la_code=LA,
        ),
        passes({"Episodes": [ep("1", EDINBURGH), ep("2", ABERDEEN, home=None)]}, la_code=LA),
    ),
    "452": (
        fails(
            {
                "Episodes": [
                    ep("1", BRISTOL),
                    ep("1", GLOUCESTER, decom="01/09/2025"),
                    ep("2", BRISTOL, RNE="L"),
                    ep("3", BRISTOL),
                    ep("4", GLOUCESTER),
                ]
            },
            {"1"},
            previous={
                "Episodes": [
                    last("1", STROUD),
                    last("2", STROUD),
                    last("3", STROUD, dec="01/03/2025"),
                    last("4", STROUD),
                ]
            },
            la_code=LA,
        ),
        passes(
            {"Episodes": [ep("1", GLOUCESTER), ep("2", BRISTOL)]},
            previous={"Episodes": [last("1", STROUD), last("2", BRISTOL)]},
            la_code=LA,
        ),
    ),
    "453": (
        fails(
            {
                "Episodes": [
                    ep("1", BRISTOL),
                    ep("2", BRISTOL, RNE="L"),
                    ep("3", STROUD),
                    ep("4", STROUD),
                ]
            },
            {"1", "3"},
            previous={
                "Episodes": [
                    last("1", STROUD),
                    last("2", STROUD),
                    last("3", None),
                    last("4", STROUD),
                ]
            },
            la_code=LA,
        ),
        passes(
            {"Episodes": [ep("1", STROUD), ep("2", BRISTOL, RNE="L"), ep("3", None)]},
            previous={"Episodes": [last("1", STROUD), last("2", STROUD), last("3", STROUD)]},
            la_code=LA,
        ),
    ),
    "503G": (
        fails(
            {"Episodes": [ep("1", BRISTOL), ep("2", BRISTOL, RNE="L"), ep("3", STROUD)]},
            {"1", "2"},
            previous={"Episodes": [last("1", STROUD), last("2", STROUD), last("3", STROUD)]},
            la_code=LA,
        ),
        passes(
            {"Episodes": [ep("1", STROUD), ep("2", BRISTOL)]},
            previous={"Episodes": [last("1", STROUD), last("2", STROUD, dec="01/03/2025")]},
            la_code=LA,
        ),
    ),
    "503H": (
        fails(
            {"Episodes": [ep("1", BRISTOL), ep("2", GLOUCESTER), ep("3", UNKNOWN)]},
            {"1"},
            previous={
                "Episodes": [last("1", STROUD), last("2", STROUD), last("3", NOT_A_POSTCODE)]
            },
            la_code=LA,
        ),
        passes(
            {"Episodes": [ep("1", GLOUCESTER), ep("2", BRISTOL)]},
            previous={"Episodes": [last("1", STROUD), last("2", STROUD, dec="01/03/2025")]},
            la_code=LA,
        ),
    ),
    "503J": (
        fails(
            {"Episodes": [ep("1", BRISTOL), ep("2", CARDIFF), ep("3", UNKNOWN)]},
            {"1", "3"},
            previous={"Episodes": [last("1", STROUD), last("2", BRISTOL), last("3", STROUD)]},
            la_code=LA,
        ),
        passes(
            {"Episodes": [ep("1", CARDIFF), ep("2", BRISTOL)]},
            previous={"Episodes": [last("1", BRISTOL), last("2", STROUD, dec="01/03/2025")]},
            la_code=LA,
        ),
    ),
}
