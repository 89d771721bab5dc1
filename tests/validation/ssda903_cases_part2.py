"""Cases for SSDA903 rules 186 to 357.

The collection year is 2025-26 (1 April 2025 to 31 March 2026) unless a case says otherwise.
"""

from typing import Any

from tests.validation.harness import fails, passes


def _ep(child: str, decom: str, **rest: Any) -> dict[str, Any]:
    return {"CHILD": child, "DECOM": decom, **rest}


def _in_care(child: str) -> dict[str, Any]:
    """An open episode since before the year: looked after for the 12 months to 31 March."""
    return _ep(child, "01/01/2024", RNE="S", LS="C2", PLACE="U1")


def _came_in(child: str) -> dict[str, Any]:
    """An episode starting care during the year: not looked after for 12 months."""
    return _ep(child, "01/06/2025", RNE="S", LS="C2", PLACE="U1")


_OC2_FULL = {
    "CONVICTED": "0",
    "HEALTH_CHECK": "1",
    "IMMUNISATIONS": "1",
    "TEETH_CHECK": "1",
    "HEALTH_ASSESSMENT": "1",
    "SUBSTANCE_MISUSE": "0",
}

CASES = {
    "186": (
        fails(
            {
                "Episodes": [_in_care("1"), _in_care("2"), _came_in("3")],
                "OC2": [
                    {"CHILD": "1", "DOB": "01/01/2015"},
                    {"CHILD": "2", "DOB": "01/01/2015", "SDQ_SCORE": "10"},
                    {"CHILD": "3", "DOB": "01/01/2015"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [_in_care("2"), _came_in("3")],
                "OC2": [
                    {"CHILD": "2", "DOB": "01/01/2015", "SDQ_REASON": "SDQ1"},
                    {"CHILD": "3", "DOB": "01/01/2015"},
                ],
            }
        ),
    ),
    "187": (
        fails(
            {
                "Episodes": [_in_care("1"), _in_care("2"), _came_in("3")],
                "OC3": [
                    {"CHILD": "1", "IN_TOUCH": "YES"},
                    {"CHILD": "3", "IN_TOUCH": "YES"},
                ],
                "AD1": [{"CHILD": "2", "DATE_INT": "01/01/2025"}],
            },
            {"1", "2"},
        ),
        passes(
            {
                "Episodes": [_in_care("1"), _came_in("3")],
                "OC3": [{"CHILD": "1"}, {"CHILD": "3", "IN_TOUCH": "YES"}],
                "AD1": [],
            }
        ),
    ),
    "188": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "DOB": "01/06/2022", "SDQ_REASON": "SDQ1"},
                    {"CHILD": "2", "DOB": "01/06/2015", "SDQ_SCORE": "12"},
                ]
            },
            {"1"},
        ),
        passes({"OC2": [{"CHILD": "1", "DOB": "01/06/2022"}]}),
    ),
    "189": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "DOB": "01/01/2008", "SDQ_SCORE": "10"},
                    {"CHILD": "2", "DOB": "01/06/2010", "SDQ_SCORE": "10"},
                ]
            },
            {"1"},
        ),
        passes(
            {
                "OC2": [
                    {"CHILD": "1", "DOB": "01/01/2008"},
                    {"CHILD": "2", "DOB": "01/06/2010", "SDQ_REASON": "SDQ2"},
                ]
            }
        ),
    ),
    "190": (
        fails(
            {
                "Episodes": [_came_in("1"), _in_care("2")],
                "OC2": [{"CHILD": "1", "CONVICTED": "0"}, {"CHILD": "2", "CONVICTED": "0"}],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [_came_in("1"), _in_care("2")],
                "OC2": [{"CHILD": "1"}, {"CHILD": "2", "CONVICTED": "0"}],
            }
        ),
    ),
    "191": (
        fails(
            {
                "Episodes": [_in_care("1"), _in_care("2"), _in_care("3"), _came_in("4")],
                "OC2": [
                    {"CHILD": "1", **_OC2_FULL, "IMMUNISATIONS": None},
                    {"CHILD": "3", **_OC2_FULL},
                ],
            },
            {"1", "2"},
        ),
        passes(
            {
                "Episodes": [_in_care("3"), _came_in("4")],
                "OC2": [{"CHILD": "3", **_OC2_FULL}],
            }
        ),
    ),
    "192": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "SUBSTANCE_MISUSE": "1"},
                    {"CHILD": "2", "SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "0"},
                ]
            },
            {"1"},
        ),
        passes({"OC2": [{"CHILD": "1", "SUBSTANCE_MISUSE": "0"}]}),
    ),
    "193": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "SUBSTANCE_MISUSE": "0", "INTERVENTION_OFFERED": "1"},
                    {"CHILD": "2", "INTERVENTION_RECEIVED": "1"},
                    {"CHILD": "3", "SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "1"},
                ]
            },
            {"1", "2"},
        ),
        passes(
            {
                "OC2": [
                    {"CHILD": "1", "SUBSTANCE_MISUSE": "0"},
                    {"CHILD": "3", "SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "1"},
                ]
            }
        ),
    ),
    "196": (
        fails(
            {"OC2": [{"CHILD": "1", "SDQ_REASON": "SDQ9"}, {"CHILD": "2", "SDQ_REASON": "SDQ5"}]},
            {"1"},
        ),
        passes({"OC2": [{"CHILD": "1"}, {"CHILD": "2", "SDQ_REASON": "SDQ1"}]}),
    ),
    "197B": (
        fails(
            {
                "Episodes": [_in_care("1"), _in_care("2"), _in_care("3")],
                "OC2": [
                    {"CHILD": "1", "DOB": "01/06/2021"},
                    {"CHILD": "2", "DOB": "01/06/2015"},
                    {"CHILD": "3", "DOB": "01/06/2008", "SDQ_REASON": "SDQ1"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [_in_care("1"), _came_in("2")],
                "OC2": [
                    {"CHILD": "1", "DOB": "01/06/2021", "SDQ_SCORE": "8"},
                    {"CHILD": "2", "DOB": "01/06/2021"},
                ],
            }
        ),
    ),
    "197a": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "SDQ_SCORE": "10", "SDQ_REASON": "SDQ1"},
                    {"CHILD": "2", "SDQ_SCORE": "10"},
                ]
            },
            {"1"},
        ),
        passes({"OC2": [{"CHILD": "1", "SDQ_REASON": "SDQ1"}, {"CHILD": "2", "SDQ_SCORE": "3"}]}),
    ),
    "198": (
        fails(
            {
                "Episodes": [_came_in("1"), _in_care("2")],
                "OC2": [
                    {"CHILD": "1", "SDQ_REASON": "SDQ1"},
                    {"CHILD": "2", "SDQ_REASON": "SDQ1"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [_came_in("1"), _in_care("2")],
                "OC2": [{"CHILD": "1"}, {"CHILD": "2", "SDQ_REASON": "SDQ1"}],
            }
        ),
    ),
    "199": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", REC="E11"),
                    _ep("2", "01/06/2025", REC="E12"),
                    _ep("3", "01/06/2025", REC="X1"),
                ]
            },
            {"1", "3"},
            previous={
                "Episodes": [
                    _ep("1", "01/01/2024", REC="E11"),
                    _ep("2", "01/01/2024", REC="X1"),
                    _ep("3", "01/01/2024", REC="E12"),
                ]
            },
        ),
        passes(
            {"Episodes": [_ep("2", "01/06/2025", REC="E12"), _ep("3", "01/07/2025")]},
            previous={"Episodes": [_ep("2", "01/01/2024", REC="X1")]},
        ),
    ),
    "202": (
        fails(
            {"Header": [{"CHILD": "1", "SEX": "1"}, {"CHILD": "2", "SEX": "2"}]},
            {"1"},
            previous={"Header": [{"CHILD": "1", "SEX": "2"}, {"CHILD": "2", "SEX": "2"}]},
        ),
        passes(
            {"Header": [{"CHILD": "1", "SEX": "1"}, {"CHILD": "3", "SEX": "2"}]},
            previous={"Header": [{"CHILD": "1", "SEX": "1"}]},
        ),
    ),
    "203": (
        fails(
            {"Header": [{"CHILD": "1", "DOB": "01/01/2015"}, {"CHILD": "2", "DOB": "02/02/2016"}]},
            {"1"},
            previous={
                "Header": [
                    {"CHILD": "1", "DOB": "02/01/2015"},
                    {"CHILD": "2", "DOB": "02/02/2016"},
                ]
            },
        ),
        passes(
            {"Header": [{"CHILD": "2", "DOB": "02/02/2016"}]},
            previous={"Header": [{"CHILD": "2", "DOB": "02/02/2016"}]},
        ),
    ),
    "204": (
        fails(
            {"Header": [{"CHILD": "1", "ETHNIC": "WBRI"}, {"CHILD": "2", "ETHNIC": "WBRI"}]},
            {"1"},
            previous={
                "Header": [{"CHILD": "1", "ETHNIC": "WIRI"}, {"CHILD": "2", "ETHNIC": "wbri"}]
            },
        ),
        passes(
            {"Header": [{"CHILD": "2", "ETHNIC": "WBRI"}]},
            previous={"Header": [{"CHILD": "2", "ETHNIC": "WBRI"}]},
        ),
    ),
    "205A": (
        fails(
            {
                "Header": [{"CHILD": "2"}],
                "UASC": [
                    {"CHILD": "1", "DOB": "01/01/2009", "DUC": "01/06/2025"},
                    {"CHILD": "2", "DOB": "01/01/2009"},
                ],
            },
            {"1"},
            previous={
                "Header": [{"CHILD": "1"}, {"CHILD": "2"}],
                "UASC": [
                    {"CHILD": "1", "DOB": "01/01/2009"},
                    {"CHILD": "2", "DOB": "01/01/2009"},
                ],
            },
        ),
        passes(
            {
                "Header": [{"CHILD": "2"}],
                "UASC": [{"CHILD": "2", "DOB": "01/01/2009"}],
            },
            previous={
                "Header": [{"CHILD": "1"}, {"CHILD": "2"}],
                "UASC": [{"CHILD": "2", "DOB": "01/01/2009"}],
            },
        ),
    ),
    "205B": (
        fails(
            {
                "Header": [{"CHILD": "1"}, {"CHILD": "2"}],
                "UASC": [
                    {"CHILD": "1", "DOB": "01/01/2009"},
                    {"CHILD": "2", "DOB": "01/06/2006", "DUC": "01/06/2024"},
                ],
            },
            {"1"},
            previous={
                "Header": [{"CHILD": "1"}, {"CHILD": "2"}],
                "UASC": [
                    {"CHILD": "1", "DOB": "01/01/2009"},
                    {"CHILD": "2", "DOB": "01/06/2006", "DUC": "01/06/2024"},
                ],
            },
        ),
        passes(
            {
                "Header": [{"CHILD": "2"}, {"CHILD": "3"}],
                "UASC": [
                    {"CHILD": "2", "DOB": "01/06/2006", "DUC": "01/06/2024"},
                    {"CHILD": "3", "DOB": "01/01/2009"},
                ],
            },
            previous={
                "Header": [{"CHILD": "2"}],
                "UASC": [{"CHILD": "2", "DOB": "01/06/2006", "DUC": "01/06/2024"}],
            },
        ),
    ),
    "205C": (
        fails(
            {
                "Header": [{"CHILD": "2"}],
                "UASC": [
                    {"CHILD": "1", "DOB": "01/01/2008", "DUC": "01/01/2026"},
                    {"CHILD": "2", "DOB": "01/01/2008", "DUC": "01/01/2026"},
                ],
            },
            {"1"},
            previous={"Header": [{"CHILD": "9"}], "UASC": [{"CHILD": "9", "DOB": "01/01/2010"}]},
        ),
        passes(
            {
                "Header": [{"CHILD": "2"}],
                "UASC": [{"CHILD": "2", "DOB": "01/01/2008", "DUC": "01/01/2026"}],
            },
            previous={"Header": [{"CHILD": "9"}], "UASC": [{"CHILD": "9", "DOB": "01/01/2010"}]},
        ),
    ),
    "205D": (
        fails(
            {
                "Header": [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "3"}],
                "UASC": [{"CHILD": "1", "DOB": "01/01/2010"}, {"CHILD": "2", "DOB": "01/01/2010"}],
            },
            {"1"},
            previous={
                "Header": [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "3"}],
                "UASC": [{"CHILD": "2", "DOB": "01/01/2010"}],
            },
        ),
        passes(
            {
                "Header": [{"CHILD": "2"}, {"CHILD": "3"}, {"CHILD": "4"}],
                "UASC": [{"CHILD": "2", "DOB": "01/01/2010"}, {"CHILD": "4", "DOB": "01/01/2010"}],
            },
            previous={
                "Header": [{"CHILD": "2"}, {"CHILD": "3"}],
                "UASC": [{"CHILD": "2", "DOB": "01/01/2010"}],
            },
        ),
    ),
    "207": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "MOTHER": "0"},
                    {"CHILD": "2", "MOTHER": "1"},
                    {"CHILD": "3", "MOTHER": "0"},
                ],
                "Episodes": [_in_care("1"), _in_care("2")],
            },
            {"1"},
            previous={
                "Header": [
                    {"CHILD": "1", "MOTHER": "1"},
                    {"CHILD": "2", "MOTHER": "1"},
                    {"CHILD": "3", "MOTHER": "1"},
                ]
            },
        ),
        passes(
            {
                "Header": [{"CHILD": "1", "MOTHER": "1"}, {"CHILD": "2", "MOTHER": "1"}],
                "Episodes": [_in_care("1"), _in_care("2")],
            },
            previous={"Header": [{"CHILD": "1", "MOTHER": "0"}, {"CHILD": "2", "MOTHER": "1"}]},
        ),
    ),
    "208": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "UPN": "A123456789012"},
                    {"CHILD": "2", "UPN": "UN3"},
                    {"CHILD": "3", "UPN": "A123456789013"},
                    {"CHILD": "4", "UPN": "UN1"},
                ]
            },
            {"1", "4"},
            previous={
                "Header": [
                    {"CHILD": "1", "UPN": "B123456789012"},
                    {"CHILD": "2", "UPN": "UN1"},
                    {"CHILD": "3", "UPN": "UN1"},
                    {"CHILD": "4", "UPN": "UN2"},
                ]
            },
        ),
        passes(
            {
                "Header": [
                    {"CHILD": "1", "UPN": "a123456789012"},
                    {"CHILD": "2", "UPN": "UN3"},
                    {"CHILD": "3"},
                ]
            },
            previous={
                "Header": [
                    {"CHILD": "1", "UPN": "A123456789012"},
                    {"CHILD": "2"},
                    {"CHILD": "3"},
                ]
            },
        ),
    ),
    "209": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "DOB": "01/01/2015", "UPN": "UN1"},
                    {"CHILD": "2", "DOB": "01/01/2023", "UPN": "UN1"},
                    {"CHILD": "3", "DOB": "01/01/2015", "UPN": "UN2"},
                ]
            },
            {"1"},
        ),
        passes({"Header": [{"CHILD": "2", "DOB": "01/09/2020", "UPN": "UN1"}]}),
    ),
    "210": (
        fails(
            {
                "Header": [{"CHILD": "1", "UPN": "UN4"}, {"CHILD": "2", "UPN": "UN4"}],
                "Episodes": [_ep("1", "25/03/2026"), _ep("2", "01/01/2026")],
            },
            {"1"},
        ),
        passes(
            {
                "Header": [{"CHILD": "1", "UPN": "UN5"}, {"CHILD": "2", "UPN": "UN4"}],
                "Episodes": [_ep("1", "25/03/2026"), _ep("2", "23/03/2026")],
            }
        ),
    ),
    "213": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", PLACE="T1", PLACE_PROVIDER="PR1"),
                    _ep("2", "01/06/2025", PLACE="U1", PLACE_PROVIDER="PR1"),
                ]
            },
            {"1"},
        ),
        passes({"Episodes": [_ep("1", "01/06/2025", PLACE="Z11")]}),
    ),
    "214": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", LS="V3", PL_POST="GL1 1AA"),
                    _ep("2", "01/06/2025", LS="C2", PL_POST="GL1 1AA", URN="SC123456"),
                ]
            },
            {"1"},
        ),
        passes({"Episodes": [_ep("1", "01/06/2025", LS="V4")]}),
    ),
    "215": (
        fails(
            {
                "OC3": [{"CHILD": "1", "IN_TOUCH": "YES"}, {"CHILD": "2", "IN_TOUCH": "YES"}],
                "OC2": [{"CHILD": "1", "CONVICTED": "0"}],
            },
            {"1"},
        ),
        passes(
            {
                "OC3": [{"CHILD": "1", "IN_TOUCH": "YES"}],
                "OC2": [{"CHILD": "1"}, {"CHILD": "2", "CONVICTED": "0"}],
            }
        ),
    ),
    "217": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", PLACE="A3", RNE="P"),
                    _ep("2", "01/06/2025", PLACE="A5", RNE="T"),
                ]
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", PLACE="A3", RNE="S"),
                    _ep("2", "01/06/2025", PLACE="A4", RNE="P"),
                ]
            }
        ),
    ),
    "222": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", PLACE="P1", URN="SC123456"),
                    _ep("2", "01/06/2025", PLACE="P1", URN="XXXXXXX"),
                    _ep("3", "01/06/2025", PLACE="K2", URN="SC123456"),
                ]
            },
            {"1"},
        ),
        passes({"Episodes": [_ep("1", "01/06/2025", PLACE="Z12")]}),
    ),
    "225": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/05/2025", DEC="01/06/2025", REC="X1", PLACE="U1"),
                    _ep("1", "01/06/2025", RNE="P", PLACE="U2"),
                    _ep(
                        "2",
                        "01/05/2025",
                        DEC="01/06/2025",
                        REC="X1",
                        PLACE="U1",
                        REASON_PLACE_CHANGE="CARPL",
                    ),
                    _ep("2", "01/06/2025", RNE="P", PLACE="U2"),
                ]
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [
                    _ep("1", "01/05/2025", DEC="01/06/2025", REC="X1", PLACE="U1"),
                    _ep("1", "01/06/2025", RNE="P", PLACE="T1"),
                ]
            }
        ),
    ),
    "226": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/05/2025", PLACE="U1", REASON_PLACE_CHANGE="CARPL"),
                    _ep("1", "01/06/2025", PLACE="T1"),
                    _ep("2", "01/05/2025", PLACE="U1"),
                    _ep("2", "01/06/2025", PLACE="T1"),
                ]
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [
                    _ep("2", "01/05/2025", PLACE="U1"),
                    _ep("2", "01/06/2025", PLACE="T2"),
                ]
            }
        ),
    ),
    "231": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "DOB": "01/04/2016"},
                    {"CHILD": "2", "DOB": "01/04/2016"},
                    {"CHILD": "3", "DOB": "01/01/2010"},
                ],
                "UASC": [{"CHILD": "1"}, {"CHILD": "3"}],
            },
            {"1"},
        ),
        passes(
            {
                "Header": [
                    {"CHILD": "1", "DOB": "31/03/2015"},
                    {"CHILD": "2", "DOB": "01/04/2016"},
                ],
                "UASC": [{"CHILD": "1"}],
            }
        ),
    ),
    "232": (
        fails({"Header": [{"CHILD": "1", "SEX": "u"}, {"CHILD": "2", "SEX": "1"}]}, {"1"}),
        passes({"Header": [{"CHILD": "1", "SEX": "2"}]}),
    ),
    "233": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", REASON_PLACE_CHANGE="CARPL"),
                    _ep("2", "01/06/2025", DEC="01/07/2025", REASON_PLACE_CHANGE="CARPL"),
                ]
            },
            {"1"},
        ),
        passes({"Episodes": [_ep("1", "01/06/2025")]}),
    ),
    "234": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "DOB": "01/01/2020"},
                    {"CHILD": "2", "DOB": "01/01/2010"},
                ],
                "Episodes": [
                    _ep("1", "01/06/2025", REASON_PLACE_CHANGE="CUSTOD"),
                    _ep("2", "01/06/2025", REASON_PLACE_CHANGE="CUSTOD"),
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Header": [{"CHILD": "1", "DOB": "01/01/2020"}],
                "Episodes": [_ep("1", "01/06/2025", REASON_PLACE_CHANGE="CARPL")],
            }
        ),
    ),
    "242": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", PLACE="K2", URN="XXXXXXX"),
                    _ep("2", "01/06/2025", PLACE="A3", URN="XXXXXXX"),
                ]
            },
            {"1"},
        ),
        passes({"Episodes": [_ep("1", "01/06/2025", PLACE="K2", URN="SC123456")]}),
    ),
    "3001": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "DOB": "01/06/2008"},
                    {"CHILD": "2", "DOB": "01/06/2007"},
                ],
                "OC3": [{"CHILD": "1", "ACCOM": "z1"}, {"CHILD": "2", "ACCOM": "Z1"}],
            },
            {"1"},
        ),
        passes(
            {
                "Header": [{"CHILD": "1", "DOB": "01/06/2008"}],
                "OC3": [{"CHILD": "1", "ACCOM": "S"}],
            }
        ),
    ),
    "301": (
        fails(
            {"Header": [{"CHILD": "1", "DOB": "01/04/2026"}, {"CHILD": "2", "DOB": "31/03/2026"}]},
            {"1"},
        ),
        passes({"Header": [{"CHILD": "2", "DOB": "31/03/2026"}]}),
    ),
    "302": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "DOB": "01/06/2025"},
                    {"CHILD": "2", "DOB": "01/01/2015"},
                ],
                "Episodes": [
                    _ep("1", "01/05/2025"),
                    _ep("1", "01/07/2025"),
                    _ep("2", "01/05/2025"),
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Header": [{"CHILD": "1", "DOB": "01/05/2025"}],
                "Episodes": [_ep("1", "01/05/2025")],
            }
        ),
    ),
    "304": (
        fails(
            {
                "UASC": [
                    {"CHILD": "1", "DOB": "01/01/2007", "DUC": "02/01/2025"},
                    {"CHILD": "2", "DOB": "01/01/2007", "DUC": "01/01/2025"},
                ]
            },
            {"1"},
        ),
        passes({"UASC": [{"CHILD": "2", "DOB": "01/01/2007", "DUC": "01/01/2025"}]}),
    ),
    "331": (
        fails(
            {
                "Episodes": [_ep("1", "01/06/2025", REC="E11"), _ep("2", "01/06/2025", REC="E12")],
                "AD1": [
                    {"CHILD": "1", "DATE_MATCH": "02/06/2025"},
                    {"CHILD": "2", "DATE_MATCH": "01/06/2025"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [_ep("1", "01/06/2025", REC="X1")],
                "AD1": [{"CHILD": "1", "DATE_MATCH": "02/06/2025"}],
            }
        ),
    ),
    "333": (
        fails(
            {
                "AD1": [
                    {"CHILD": "1", "DATE_MATCH": "01/06/2025"},
                    {"CHILD": "2", "DATE_MATCH": "01/06/2025", "DATE_INT": "02/06/2025"},
                    {"CHILD": "3", "DATE_MATCH": "01/06/2025", "DATE_INT": "01/06/2025"},
                ]
            },
            {"1", "2"},
        ),
        passes(
            {
                "AD1": [
                    {"CHILD": "3", "DATE_MATCH": "01/06/2025", "DATE_INT": "01/06/2025"},
                    {"CHILD": "4", "DATE_INT": "01/06/2025"},
                ]
            }
        ),
    ),
    "334": (
        fails(
            {
                "Episodes": [_ep("1", "01/06/2024", RNE="S"), _ep("2", "01/06/2024", RNE="S")],
                "AD1": [
                    {"CHILD": "1", "DATE_INT": "01/01/2024"},
                    {"CHILD": "2", "DATE_INT": "01/07/2024"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [_ep("1", "01/06/2024", RNE="S"), _ep("1", "01/06/2025", RNE="P")],
                "AD1": [{"CHILD": "1", "DATE_INT": "01/07/2024"}],
            }
        ),
    ),
    "335": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", REC="E11", PLACE="A3"),
                    _ep("2", "01/06/2025", REC="E11", PLACE="A3"),
                    _ep("3", "01/06/2025", REC="E12", PLACE="A4"),
                ],
                "AD1": [
                    {"CHILD": "1", "FOSTER_CARE": "0"},
                    {"CHILD": "2", "FOSTER_CARE": "1"},
                    {"CHILD": "3", "FOSTER_CARE": "1"},
                ],
            },
            {"1", "3"},
        ),
        passes(
            {
                "Episodes": [_ep("2", "01/06/2025", REC="E11", PLACE="A3")],
                "AD1": [{"CHILD": "2", "FOSTER_CARE": "1"}],
            }
        ),
    ),
    "336": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/01/2025", PLACE="K2"),
                    _ep("1", "01/06/2025", PLACE="A4"),
                    _ep("2", "01/01/2025", PLACE="U1"),
                    _ep("2", "01/06/2025", PLACE="A3"),
                    _ep("3", "01/06/2025", PLACE="A3"),
                ]
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [
                    _ep("2", "01/01/2025", PLACE="U1"),
                    _ep("2", "01/06/2025", PLACE="A3"),
                    _ep("3", "01/06/2025", PLACE="A3"),
                ]
            }
        ),
    ),
    "344": (
        fails(
            {
                "OC3": [
                    {"CHILD": "1", "IN_TOUCH": "DIED", "ACTIV": "F1", "ACCOM": "0"},
                    {"CHILD": "2", "IN_TOUCH": "RHOM", "ACTIV": "0", "ACCOM": "0"},
                ]
            },
            {"1"},
        ),
        passes({"OC3": [{"CHILD": "2", "IN_TOUCH": "RHOM", "ACTIV": "0", "ACCOM": "0"}]}),
    ),
    "345": (
        fails(
            {
                "OC3": [
                    {"CHILD": "1", "IN_TOUCH": "YES", "ACTIV": "0", "ACCOM": "S"},
                    {"CHILD": "2", "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "S"},
                ]
            },
            {"1"},
        ),
        passes({"OC3": [{"CHILD": "1", "IN_TOUCH": "NO", "ACTIV": "0", "ACCOM": "0"}]}),
    ),
    "347": (
        fails(
            {
                "OC3": [
                    {"CHILD": "1", "DOB": "02/04/2007", "ACCOM": "T"},
                    {"CHILD": "2", "DOB": "01/04/2007", "ACCOM": "T"},
                ]
            },
            {"1"},
        ),
        passes(
            {
                "OC3": [
                    {"CHILD": "2", "DOB": "01/04/2007", "ACCOM": "T"},
                    {"CHILD": "3", "DOB": "02/04/2007", "ACCOM": "S"},
                ]
            }
        ),
    ),
    "348": (
        fails(
            {"OC3": [{"CHILD": "1", "IN_TOUCH": "YES"}, {"CHILD": "2", "IN_TOUCH": "DIED"}]},
            {"1"},
            previous={
                "OC3": [{"CHILD": "1", "IN_TOUCH": "DIED"}, {"CHILD": "2", "IN_TOUCH": "DIED"}]
            },
        ),
        passes(
            {"OC3": [{"CHILD": "1", "IN_TOUCH": "YES"}]},
            previous={"OC3": [{"CHILD": "1", "IN_TOUCH": "NO"}]},
        ),
    ),
    "351": (
        fails(
            {"Header": [{"CHILD": "1", "DOB": "01/01/2000"}, {"CHILD": "2", "DOB": "01/04/2000"}]},
            {"1"},
        ),
        passes({"Header": [{"CHILD": "2", "DOB": "01/04/2000"}]}),
    ),
    "352": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "DOB": "01/01/2007"},
                    {"CHILD": "2", "DOB": "01/01/2010"},
                ],
                "Episodes": [_ep("1", "01/06/2025", RNE="S"), _ep("2", "01/06/2025", RNE="S")],
            },
            {"1"},
        ),
        passes(
            {
                "Header": [{"CHILD": "1", "DOB": "01/01/2007"}],
                "Episodes": [_ep("1", "01/06/2024", RNE="S"), _ep("1", "01/06/2025", RNE="P")],
            }
        ),
    ),
    "353": (
        fails({"Episodes": [_ep("1", "13/10/1991"), _ep("2", "14/10/1991")]}, {"1"}),
        passes({"Episodes": [_ep("2", "14/10/1991")]}),
    ),
    "354": (
        fails({"Episodes": [_ep("1", "01/04/2026"), _ep("2", "31/03/2026")]}, {"1"}),
        passes({"Episodes": [_ep("2", "31/03/2026")]}),
    ),
    "355": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", DEC="01/06/2025"),
                    _ep("2", "01/06/2025", DEC="02/06/2025"),
                ]
            },
            {"1"},
        ),
        passes({"Episodes": [_ep("2", "01/06/2025", DEC="02/06/2025"), _ep("3", "01/06/2025")]}),
    ),
    "356": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", DEC="31/05/2025"),
                    _ep("2", "01/06/2025", DEC="01/06/2025"),
                ]
            },
            {"1"},
        ),
        passes({"Episodes": [_ep("2", "01/06/2025", DEC="01/06/2025"), _ep("3", "01/06/2025")]}),
    ),
    "357": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/06/2025", RNE="P"),
                    _ep("2", "01/06/2025", RNE="S"),
                    _ep("2", "01/07/2025", RNE="P"),
                    _ep("3", "01/01/2024", RNE="P"),
                ]
            },
            {"1"},
        ),
        passes({"Episodes": [_ep("2", "01/06/2025", RNE="S"), _ep("3", "01/01/2024", RNE="P")]}),
    ),
}
