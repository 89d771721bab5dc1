"""Cases for SSDA903 rules 1000 to 185."""

from tests.validation.harness import fails, passes


def _code(table: str, column: str, good: list[str], bad: list[str], blank_fails: bool = False):
    """A code-list rule: children 1.. hold the good codes, children B1.. the bad ones."""
    ok = [{"CHILD": str(i), column: v} for i, v in enumerate(good, 1)]
    wrong = [{"CHILD": f"B{i}", column: v} for i, v in enumerate(bad, 1)]
    blank = [{"CHILD": "BLANK"}]
    if blank_fails:
        return (
            fails({table: ok + wrong + blank}, {r["CHILD"] for r in wrong} | {"BLANK"}),
            passes({table: ok}),
        )
    return (
        fails({table: ok + wrong + blank}, {r["CHILD"] for r in wrong}),
        passes({table: ok + blank}),
    )


def _ep(child: str, decom: str, dec: str | None = None, rec: str | None = None, **more: str):
    """An episode row: CHILD, DECOM, DEC, REC and any other columns."""
    row = {"CHILD": child, "DECOM": decom, "DEC": dec, "REC": rec}
    return {**{k: v for k, v in row.items() if v is not None}, **more}


def _date(table: str, column: str, blank_fails: bool = False):
    """A date-validity rule: child 1 has a good date, 2 a malformed one, 3 an impossible one,
    4 none."""
    rows = [
        {"CHILD": "1", column: "01/05/2025"},
        {"CHILD": "2", column: "2025-05-01"},
        {"CHILD": "3", column: "31/02/2025"},
        {"CHILD": "4"},
    ]
    flagged = {"2", "3", "4"} if blank_fails else {"2", "3"}
    clean = rows[:1] if blank_fails else [rows[0], rows[3]]
    return (fails({table: rows}, flagged), passes({table: clean}))


CASES = {
    "103": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "ETHNIC": "WBRI"},
                    {"CHILD": "2", "ETHNIC": "wbri"},
                    {"CHILD": "3"},
                ]
            },
            {"2", "3"},
        ),
        passes({"Header": [{"CHILD": "1", "ETHNIC": "WBRI"}, {"CHILD": "2", "ETHNIC": "NOBT"}]}),
    ),
    "101": _code("Header", "SEX", ["M", "F", "U"], ["1", "X", "m"], blank_fails=True),
    "102": _date("Header", "DOB", blank_fails=True),
    "104": (
        fails(
            {
                "UASC": [
                    {"CHILD": "1", "DUC": "01/05/2025"},
                    {"CHILD": "2", "DUC": "1/5/25x"},
                    {"CHILD": "3", "DUC": "31/03/2025"},
                    {"CHILD": "4"},
                ]
            },
            {"2", "3"},
        ),
        passes({"UASC": [{"CHILD": "1", "DUC": "01/04/2025"}, {"CHILD": "4"}]}),
    ),
    "1004": _date("Missing", "MIS_START", blank_fails=True),
    "1005": _date("Missing", "MIS_END"),
    "1006": _code("Missing", "MISSING", ["M", "A"], ["X", "m"]),
    "1009": _code("Episodes", "REASON_PLACE_CHANGE", ["CARPL", "CUSTOD"], ["CARP", "OTHERS"]),
    "112": _date("AD1", "DATE_INT"),
    "113": _date("AD1", "DATE_MATCH"),
    "114": _code("AD1", "FOSTER_CARE", ["0", "1"], ["2", "Y"]),
    "115": _date("PlacedAdoption", "DATE_PLACED"),
    "116": _date("PlacedAdoption", "DATE_PLACED_CEASED"),
    "119": (
        fails(
            {
                "PlacedAdoption": [
                    {
                        "CHILD": "1",
                        "DATE_PLACED_CEASED": "01/05/2025",
                        "REASON_PLACED_CEASED": "RD1",
                    },
                    {"CHILD": "2", "DATE_PLACED_CEASED": "01/05/2025"},
                    {"CHILD": "3", "REASON_PLACED_CEASED": "RD1"},
                    {"CHILD": "4", "DATE_PLACED": "01/05/2025"},
                ]
            },
            {"2", "3"},
        ),
        passes(
            {
                "PlacedAdoption": [
                    {
                        "CHILD": "1",
                        "DATE_PLACED_CEASED": "01/05/2025",
                        "REASON_PLACED_CEASED": "RD1",
                    },
                    {"CHILD": "4", "DATE_PLACED": "01/05/2025"},
                ]
            }
        ),
    ),
    "120": _code("PlacedAdoption", "REASON_PLACED_CEASED", ["RD1", "RD4"], ["RD5", "rd1"]),
    "131": _code("OC3", "IN_TOUCH", ["YES", "RHOM"], ["Y", "YE"], blank_fails=True),
    "132": _code("OC3", "ACTIV", ["F1", "0", "G6"], ["G1", "00"], blank_fails=True),
    "133": _code("OC3", "ACCOM", ["B1", "0", "Z2"], ["S1", "X1"], blank_fails=True),
    "141": _date("Episodes", "DECOM"),
    "143": _code("Episodes", "RNE", ["S", "B"], ["X", "s"]),
    "144": _code("Episodes", "LS", ["C2", "L3", "V4"], ["V1", "E2"]),
    "145": _code("Episodes", "CIN", ["N1", "N8"], ["N9", "N0"]),
    "146": _code("Episodes", "PLACE", ["A3", "Z11", "K3"], ["Z1", "H5", "P2"]),
    "147": _date("Episodes", "DEC"),
    "148": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DEC": "01/05/2025", "REC": "E11"},
                    {"CHILD": "2", "DEC": "01/05/2025"},
                    {"CHILD": "3", "REC": "E11"},
                    {"CHILD": "4", "DECOM": "01/05/2025"},
                ]
            },
            {"2", "3"},
        ),
        passes(
            {
                "Episodes": [
                    {"CHILD": "1", "DEC": "01/05/2025", "REC": "E11"},
                    {"CHILD": "4", "DECOM": "01/05/2025"},
                ]
            }
        ),
    ),
    "149": _code("Episodes", "REC", ["E11", "X1", "E4A"], ["E1", "E4C"]),
    "151": (
        fails(
            {
                "AD1": [
                    {
                        "CHILD": "1",
                        "DATE_INT": "01/05/2025",
                        "DATE_MATCH": "01/06/2025",
                        "FOSTER_CARE": "0",
                        "NB_ADOPTR": "2",
                        "SEX_ADOPTR": "MF",
                        "LS_ADOPTR": "L0",
                    },
                    {"CHILD": "2", "DATE_INT": "01/05/2025"},
                    {
                        "CHILD": "3",
                        "DATE_INT": "01/05/2025",
                        "DATE_MATCH": "01/06/2025",
                        "FOSTER_CARE": "0",
                        "NB_ADOPTR": "2",
                        "SEX_ADOPTR": "MF",
                    },
                    {"CHILD": "4"},
                ]
            },
            {"2", "3"},
        ),
        passes({"AD1": [{"CHILD": "4"}]}),
    ),
    "153": (
        fails(
            {
                "OC3": [
                    {"CHILD": "1", "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"},
                    {"CHILD": "2", "IN_TOUCH": "YES"},
                    {"CHILD": "3", "ACTIV": "F1", "ACCOM": "B1"},
                    {"CHILD": "4"},
                ]
            },
            {"2", "3"},
        ),
        passes(
            {
                "OC3": [
                    {"CHILD": "1", "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"},
                    {"CHILD": "4"},
                ]
            }
        ),
    ),
    "158": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "INTERVENTION_RECEIVED": "1"},
                    {"CHILD": "2", "INTERVENTION_RECEIVED": "1", "INTERVENTION_OFFERED": "0"},
                    {"CHILD": "3", "INTERVENTION_RECEIVED": "0", "INTERVENTION_OFFERED": "1"},
                ]
            },
            {"2"},
        ),
        passes(
            {
                "OC2": [
                    {"CHILD": "1", "INTERVENTION_RECEIVED": "1"},
                    {"CHILD": "3", "INTERVENTION_RECEIVED": "0", "INTERVENTION_OFFERED": "1"},
                ]
            }
        ),
    ),
    "159": (
        fails(
            {
                "OC2": [
                    {
                        "CHILD": "1",
                        "SUBSTANCE_MISUSE": "1",
                        "INTERVENTION_RECEIVED": "0",
                        "INTERVENTION_OFFERED": "1",
                    },
                    {"CHILD": "2", "SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "0"},
                    {"CHILD": "3", "SUBSTANCE_MISUSE": "0", "INTERVENTION_RECEIVED": "0"},
                    {"CHILD": "4", "SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "1"},
                ]
            },
            {"2"},
        ),
        passes(
            {
                "OC2": [
                    {
                        "CHILD": "1",
                        "SUBSTANCE_MISUSE": "1",
                        "INTERVENTION_RECEIVED": "0",
                        "INTERVENTION_OFFERED": "1",
                    },
                    {"CHILD": "3", "SUBSTANCE_MISUSE": "0", "INTERVENTION_RECEIVED": "0"},
                ]
            }
        ),
    ),
    "166": _date("Reviews", "REVIEW", blank_fails=True),
    "167": (
        fails(
            {
                "Reviews": [
                    {"CHILD": "1", "REVIEW": "01/05/2025", "REVIEW_CODE": "PN1"},
                    {"CHILD": "2", "REVIEW": "01/05/2025", "REVIEW_CODE": "PN8"},
                    {"CHILD": "3", "REVIEW": "01/05/2025"},
                    {"CHILD": "4", "REVIEW_CODE": "PN1"},
                    {"CHILD": "5"},
                ]
            },
            {"2", "3", "4"},
        ),
        passes(
            {
                "Reviews": [
                    {"CHILD": "1", "REVIEW": "01/05/2025", "REVIEW_CODE": "PN0"},
                    {"CHILD": "5"},
                ]
            }
        ),
    ),
    "168": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "UPN": "A123456789012"},
                    {"CHILD": "2", "UPN": "UN3"},
                    {"CHILD": "3", "UPN": "I123456789012"},
                    {"CHILD": "4", "UPN": "A12345678901"},
                    {"CHILD": "5", "UPN": "UN6"},
                    {"CHILD": "6"},
                ]
            },
            {"3", "4", "5"},
        ),
        passes(
            {
                "Header": [
                    {"CHILD": "1", "UPN": "A123456789012"},
                    {"CHILD": "2", "UPN": "UN3"},
                    {"CHILD": "3", "UPN": "Z12345678901X"},
                    {"CHILD": "6"},
                ]
            }
        ),
    ),
    "171": _date("Header", "MC_DOB"),
    "174": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "SEX": "F", "MC_DOB": "01/05/2025"},
                    {"CHILD": "2", "SEX": "M", "MC_DOB": "01/05/2025"},
                    {"CHILD": "3", "SEX": "M"},
                ]
            },
            {"2"},
        ),
        passes(
            {
                "Header": [
                    {"CHILD": "1", "SEX": "F", "MC_DOB": "01/05/2025"},
                    {"CHILD": "3", "SEX": "M"},
                ]
            }
        ),
    ),
    "175": _code("AD1", "NB_ADOPTR", ["1", "2"], ["3", "0"]),
    "176": _code("AD1", "SEX_ADOPTR", ["M1", "MF"], ["M2", "FM"]),
    "177": _code("AD1", "LS_ADOPTR", ["L0", "L12"], ["L1", "L5"]),
    "178": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "PLACE": "U1", "PLACE_PROVIDER": "PR1"},
                    {"CHILD": "2", "PLACE": "U1", "PLACE_PROVIDER": "PR6"},
                    {"CHILD": "3", "PLACE": "T1", "PLACE_PROVIDER": "PR1"},
                    {"CHILD": "4", "PLACE": "Z11"},
                    {"CHILD": "5", "PLACE": "U1"},
                ]
            },
            {"2", "3"},
        ),
        passes(
            {
                "Episodes": [
                    {"CHILD": "1", "PLACE": "U1", "PLACE_PROVIDER": "PR1"},
                    {"CHILD": "4", "PLACE": "Z11"},
                    {"CHILD": "5", "PLACE": "U1"},
                ]
            }
        ),
    ),
    "180": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "SDQ_SCORE": "0"},
                    {"CHILD": "2", "SDQ_SCORE": "40"},
                    {"CHILD": "3", "SDQ_SCORE": "41"},
                    {"CHILD": "4", "SDQ_SCORE": "-1"},
                    {"CHILD": "5", "SDQ_SCORE": "5.5"},
                    {"CHILD": "6", "SDQ_SCORE": "X"},
                    {"CHILD": "7"},
                ]
            },
            {"3", "4", "5", "6"},
        ),
        passes({"OC2": [{"CHILD": "1", "SDQ_SCORE": "12"}, {"CHILD": "7"}]}),
    ),
    "181": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "CONVICTED": "0", "HEALTH_CHECK": "1"},
                    {"CHILD": "2", "IMMUNISATIONS": "2"},
                    {"CHILD": "3", "INTERVENTION_OFFERED": "Y"},
                    {"CHILD": "4"},
                ]
            },
            {"2", "3"},
        ),
        passes({"OC2": [{"CHILD": "1", "CONVICTED": "0", "HEALTH_CHECK": "1"}, {"CHILD": "4"}]}),
    ),
    "182": (
        fails(
            {
                "OC2": [
                    {
                        "CHILD": "1",
                        "IMMUNISATIONS": "1",
                        "TEETH_CHECK": "1",
                        "HEALTH_ASSESSMENT": "1",
                        "SUBSTANCE_MISUSE": "0",
                        "CONVICTED": "0",
                    },
                    {"CHILD": "2", "IMMUNISATIONS": "1", "CONVICTED": "0"},
                    {"CHILD": "3", "HEALTH_CHECK": "1"},
                    {"CHILD": "4"},
                    {"CHILD": "5", "IMMUNISATIONS": "1"},
                ]
            },
            {"2", "3"},
        ),
        passes(
            {
                "OC2": [
                    {
                        "CHILD": "1",
                        "IMMUNISATIONS": "1",
                        "TEETH_CHECK": "1",
                        "HEALTH_ASSESSMENT": "1",
                        "SUBSTANCE_MISUSE": "0",
                        "CONVICTED": "0",
                    },
                    {"CHILD": "4"},
                    {"CHILD": "5", "IMMUNISATIONS": "1"},
                ]
            }
        ),
    ),
    "1000": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/05/2025", "01/06/2025", "E2"),
                    _ep("2", "01/05/2025", "01/06/2025", "E11"),
                ],
                "OC3": [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "3"}],
            },
            {"1", "3"},
            previous={"Episodes": [_ep("3", "01/05/2024", "01/06/2024", "E2")]},
        ),
        passes(
            {
                "Episodes": [
                    _ep("1", "01/05/2025", "01/06/2025", "E2"),
                    _ep("2", "01/05/2025", "01/06/2025", "E11"),
                ],
                "OC3": [{"CHILD": "2"}],
            },
            previous={"Episodes": [_ep("3", "01/05/2024", "01/06/2024", "E2")]},
        ),
    ),
    "1001": (
        fails(
            {
                "Header": [
                    {"CHILD": "A", "DOB": "01/06/2007"},
                    {"CHILD": "B", "DOB": "01/06/2007"},
                    {"CHILD": "C", "DOB": "01/06/2007"},
                    {"CHILD": "D", "DOB": "01/01/2005"},
                    {"CHILD": "G", "DOB": "01/06/2009"},
                ],
                "Episodes": [_ep("G", "01/01/2025")],
                "OC3": [{"CHILD": c, "IN_TOUCH": "YES"} for c in "ABCDEG"],
            },
            {"B", "C", "D", "E"},
            previous={
                "Episodes": [
                    _ep("A", "01/06/2022", "10/06/2024", "E8"),
                    _ep("B", "01/05/2023", "10/05/2023", "E8"),
                    _ep("C", "01/06/2022", "10/06/2024", "E11"),
                    _ep("D", "01/06/2022", "10/06/2024", "E8"),
                    _ep("G", "01/01/2025"),
                ]
            },
            note="B was in care too short a time; C was adopted; D is 20 or over and E has no "
            "episodes, which the reference counts as not looked after long enough",
        ),
        passes(
            {
                "Header": [
                    {"CHILD": "A", "DOB": "01/06/2007"},
                    {"CHILD": "B", "DOB": "01/06/2007"},
                    {"CHILD": "G", "DOB": "01/06/2009"},
                ],
                "Episodes": [_ep("G", "01/01/2025")],
                "OC3": [{"CHILD": "A", "IN_TOUCH": "YES"}, {"CHILD": "G", "IN_TOUCH": "YES"}],
            },
            previous={
                "Episodes": [
                    _ep("A", "01/06/2022", "10/06/2024", "E8"),
                    _ep("B", "01/05/2023", "10/05/2023", "E8"),
                    _ep("G", "01/01/2025"),
                ]
            },
            note="G's open episode runs to the end of the year",
        ),
    ),
    "1002": (
        fails(
            {
                "Episodes": [_ep("1", "01/05/2025")],
                "OC3": [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "3"}],
            },
            {"3"},
            previous={"Episodes": [_ep("2", "01/05/2024", "01/06/2024", "E8")]},
        ),
        passes(
            {"Episodes": [_ep("1", "01/05/2025")], "OC3": [{"CHILD": "1"}, {"CHILD": "2"}]},
            previous={"Episodes": [_ep("2", "01/05/2024", "01/06/2024", "E8")]},
        ),
    ),
    "1003": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/05/2025", RNE="S"),
                    _ep("2", "01/05/2025", RNE="S"),
                    _ep("3", "01/01/2025", "01/05/2025", "X1", RNE="S"),
                    _ep("3", "01/05/2025", RNE="S"),
                ],
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/06/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/04/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/03/2025"},
                ],
            },
            {"2"},
        ),
        passes(
            {
                "Episodes": [
                    _ep("1", "01/05/2025", RNE="S"),
                    _ep("3", "01/01/2025", "01/05/2025", "X1", RNE="S"),
                    _ep("3", "01/05/2025", RNE="S"),
                ],
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/06/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/03/2025"},
                ],
            }
        ),
    ),
    "1007": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/01/2025", "01/08/2025", "E8"),
                    _ep("2", "01/01/2025", "01/05/2025", "E8"),
                    _ep("3", "01/01/2025"),
                    _ep("4", "01/01/2025", "01/08/2025", "E8"),
                    _ep("5", "01/01/2022", "01/08/2023", "E8"),
                ],
                "OC3": [
                    {"CHILD": "1", "DOB": "01/06/2008", "IN_TOUCH": "YES"},
                    {"CHILD": "2", "DOB": "01/06/2008", "IN_TOUCH": "YES"},
                    {"CHILD": "3", "DOB": "01/06/2008", "ACCOM": "B1"},
                    {"CHILD": "4", "DOB": "01/06/2008"},
                    {"CHILD": "5", "DOB": "01/06/2005", "IN_TOUCH": "YES"},
                ],
            },
            {"1", "3"},
            note="3 is still in care (an open episode): the reference misses it",
        ),
        passes(
            {
                "Episodes": [
                    _ep("2", "01/01/2025", "01/05/2025", "E8"),
                    _ep("4", "01/01/2025", "01/08/2025", "E8"),
                    _ep("5", "01/01/2022", "01/08/2023", "E8"),
                ],
                "OC3": [
                    {"CHILD": "2", "DOB": "01/06/2008", "IN_TOUCH": "YES"},
                    {"CHILD": "4", "DOB": "01/06/2008"},
                    {"CHILD": "5", "DOB": "01/06/2005", "IN_TOUCH": "YES"},
                ],
            }
        ),
    ),
    "1010": (
        fails(
            {"Episodes": [_ep("3", "01/01/2025")], "OC3": [{"CHILD": c} for c in "123"]},
            {"1"},
            previous={
                "Episodes": [
                    _ep("1", "01/05/2024", "01/06/2024", "X1"),
                    _ep("1", "01/06/2024"),
                    _ep("2", "01/05/2024"),
                    _ep("2", "01/06/2024", "01/07/2024", "E8"),
                    _ep("3", "01/01/2025"),
                ]
            },
        ),
        passes(
            {"Episodes": [_ep("3", "01/01/2025")], "OC3": [{"CHILD": c} for c in "23"]},
            previous={
                "Episodes": [
                    _ep("1", "01/06/2024"),
                    _ep("2", "01/06/2024", "01/07/2024", "E8"),
                    _ep("3", "01/01/2025"),
                ]
            },
        ),
    ),
    "1011": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/01/2025", "01/05/2025", "X1"),
                    _ep("1", "01/05/2025", "01/06/2025", "E3"),
                    _ep("2", "01/01/2025", "01/05/2025", "E3"),
                    _ep("2", "01/06/2025", "01/07/2025", "E8"),
                    _ep("3", "01/05/2025", "01/06/2025", "E3"),
                ],
                "OC3": [
                    {"CHILD": "1", "IN_TOUCH": "YES"},
                    {"CHILD": "2", "IN_TOUCH": "YES"},
                    {"CHILD": "3"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [
                    _ep("2", "01/01/2025", "01/05/2025", "E3"),
                    _ep("2", "01/06/2025", "01/07/2025", "E8"),
                    _ep("3", "01/05/2025", "01/06/2025", "E3"),
                ],
                "OC3": [{"CHILD": "2", "IN_TOUCH": "YES"}, {"CHILD": "3"}],
            }
        ),
    ),
    "1012": (
        fails(
            {
                "Episodes": [_ep("1", "01/05/2025")],
                "OC2": [{"CHILD": "1"}, {"CHILD": "2"}],
                "Missing": [{"CHILD": "3", "MIS_START": "01/06/2025"}],
                "Reviews": [{"CHILD": "1", "REVIEW": "01/06/2025"}],
            },
            {"2", "3"},
        ),
        passes(
            {
                "Episodes": [_ep("1", "01/05/2025")],
                "OC2": [{"CHILD": "1"}],
                "Reviews": [{"CHILD": "1", "REVIEW": "01/06/2025"}],
                "OC3": [{"CHILD": "9"}],
            }
        ),
    ),
    "1014": (
        fails(
            {
                "UASC": [{"CHILD": c, "DUC": "01/01/2024"} for c in "123"],
                "Episodes": [
                    _ep("1", "01/01/2020", "01/01/2023", "E8"),
                    _ep("2", "01/01/2020"),
                    _ep("3", "01/01/2020", "01/01/2023", "E8"),
                    _ep("4", "01/01/2020", "01/01/2023", "E8"),
                ],
                "OC3": [
                    {"CHILD": "1", "IN_TOUCH": "YES"},
                    {"CHILD": "2", "IN_TOUCH": "YES"},
                    {"CHILD": "3"},
                    {"CHILD": "4", "IN_TOUCH": "YES"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "UASC": [{"CHILD": c, "DUC": "01/01/2024"} for c in "23"],
                "Episodes": [
                    _ep("2", "01/01/2020"),
                    _ep("3", "01/01/2020", "01/01/2023", "E8"),
                    _ep("4", "01/01/2020", "01/01/2023", "E8"),
                ],
                "OC3": [
                    {"CHILD": "2", "IN_TOUCH": "YES"},
                    {"CHILD": "3"},
                    {"CHILD": "4", "IN_TOUCH": "YES"},
                ],
            }
        ),
    ),
    "1016": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/01/2025", "01/08/2025", "E8"),
                    _ep("2", "01/01/2025", "01/05/2025", "E8"),
                    _ep("3", "01/01/2025", "01/07/2025", "E8"),
                    _ep("4", "01/01/2025"),
                    _ep("5", "01/01/2025", "31/03/2026", "E8"),
                    _ep("6", "01/01/2025", "01/08/2025", "E8"),
                ],
                "OC3": [
                    {"CHILD": "1", "DOB": "01/06/2008", "IN_TOUCH": "YES"},
                    {"CHILD": "2", "DOB": "01/06/2008", "IN_TOUCH": "YES"},
                    {"CHILD": "3", "DOB": "01/06/2007", "ACTIV": "F1"},
                    {"CHILD": "4", "DOB": "01/06/2007", "IN_TOUCH": "YES"},
                    {"CHILD": "5", "DOB": "31/03/2009", "IN_TOUCH": "YES"},
                    {"CHILD": "6", "DOB": "01/06/2008"},
                ],
            },
            {"1", "3", "5"},
            note="5 turns 17 on the last day of the year: the reference's mean-year age misses it",
        ),
        passes(
            {
                "Episodes": [
                    _ep("2", "01/01/2025", "01/05/2025", "E8"),
                    _ep("4", "01/01/2025"),
                    _ep("6", "01/01/2025", "01/08/2025", "E8"),
                ],
                "OC3": [
                    {"CHILD": "2", "DOB": "01/06/2008", "IN_TOUCH": "YES"},
                    {"CHILD": "4", "DOB": "01/06/2007", "IN_TOUCH": "YES"},
                    {"CHILD": "6", "DOB": "01/06/2008"},
                ],
            }
        ),
    ),
    "117": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/05/2025", "01/10/2025", "E11"),
                    _ep("2", "01/05/2025", "01/10/2025", "E11"),
                    _ep("3", "01/05/2025"),
                    _ep("4", "01/05/2025", "01/08/2025", "E4A"),
                    _ep("4", "01/08/2025", "01/09/2025", "X1"),
                ],
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/09/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/11/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/09/2025", "DATE_PLACED_CEASED": "01/04/2026"},
                    {"CHILD": "4", "DATE_PLACED": "15/08/2025"},
                ],
            },
            {"2", "3", "4"},
        ),
        passes(
            {
                "Episodes": [_ep("1", "01/05/2025", "01/10/2025", "E11"), _ep("3", "01/05/2025")],
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/09/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/09/2025", "DATE_PLACED_CEASED": "31/03/2026"},
                ],
            }
        ),
    ),
    "118": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/05/2025", LS="C2"),
                    _ep("2", "01/05/2025", LS="C2"),
                    _ep("3", "01/01/2025", LS="C2"),
                    _ep("4", "01/01/2025", "01/02/2025", "E8", LS="V3"),
                    _ep("4", "01/06/2025", LS="C2"),
                ],
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED_CEASED": "01/06/2025"},
                    {"CHILD": "2", "DATE_PLACED_CEASED": "15/04/2025"},
                    {"CHILD": "3", "DATE_PLACED_CEASED": "01/03/2025"},
                    {"CHILD": "4", "DATE_PLACED_CEASED": "01/07/2025"},
                ],
            },
            {"2", "3"},
        ),
        passes(
            {
                "Episodes": [
                    _ep("1", "01/05/2025", LS="C2"),
                    _ep("4", "01/01/2025", "01/02/2025", "E8", LS="V3"),
                    _ep("4", "01/06/2025", LS="C2"),
                ],
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED_CEASED": "01/06/2025"},
                    {"CHILD": "4", "DATE_PLACED_CEASED": "01/07/2025"},
                ],
            }
        ),
    ),
    "134": (
        fails(
            {
                "AD1": [
                    {"CHILD": "1", "DATE_INT": "01/05/2025"},
                    {"CHILD": "2", "NB_ADOPTR": "1"},
                    {"CHILD": "3"},
                ],
                "OC3": [
                    {"CHILD": "1", "IN_TOUCH": "YES"},
                    {"CHILD": "2"},
                    {"CHILD": "3", "ACCOM": "B1"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "AD1": [{"CHILD": "2", "NB_ADOPTR": "1"}, {"CHILD": "3"}],
                "OC3": [{"CHILD": "2"}, {"CHILD": "3", "ACCOM": "B1"}],
            }
        ),
    ),
    "142": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/01/2025", "01/05/2025", "X1"),
                    _ep("1", "01/05/2025"),
                    _ep("2", "01/01/2025"),
                    _ep("2", "01/05/2025"),
                    _ep("3", "01/01/2025", "01/05/2025"),
                    _ep("3", "01/05/2025", "01/06/2025", "E8"),
                    _ep("4", "01/05/2025"),
                    _ep("5", "01/05/2025"),
                    {"CHILD": "5", "RNE": "P"},
                ]
            },
            {"2", "3", "5"},
            note="5 has an episode with no start date, so its open episode counts as not its last",
        ),
        passes(
            {
                "Episodes": [
                    _ep("1", "01/01/2025", "01/05/2025", "X1"),
                    _ep("1", "01/05/2025"),
                    _ep("4", "01/05/2025"),
                ]
            }
        ),
    ),
    "157": (
        fails(
            {
                "Episodes": [_ep(c, "01/01/2024", RNE="S", LS="C2") for c in "123"]
                + [_ep("4", "01/06/2025", RNE="S", LS="C2")],
                "OC2": [
                    {"CHILD": "1", "DOB": "01/01/2015", "SDQ_REASON": "SDQ1"},
                    {"CHILD": "2", "DOB": "01/01/2015", "SDQ_REASON": "SDQ2"},
                    {"CHILD": "3", "DOB": "01/01/2023", "SDQ_REASON": "SDQ1"},
                    {"CHILD": "4", "DOB": "01/01/2015", "SDQ_REASON": "SDQ1"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [_ep(c, "01/01/2024", RNE="S", LS="C2") for c in "23"]
                + [_ep("4", "01/06/2025", RNE="S", LS="C2")],
                "OC2": [
                    {"CHILD": "2", "DOB": "01/01/2015", "SDQ_REASON": "SDQ2"},
                    {"CHILD": "3", "DOB": "01/01/2023", "SDQ_REASON": "SDQ1"},
                    {"CHILD": "4", "DOB": "01/01/2015", "SDQ_REASON": "SDQ1"},
                ],
            }
        ),
    ),
    "165": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "SEX": "F", "MOTHER": "0"},
                    {"CHILD": "2", "SEX": "F"},
                    {"CHILD": "3", "SEX": "M", "MOTHER": "1"},
                    {"CHILD": "4", "SEX": "F", "MOTHER": "2"},
                    {"CHILD": "5", "SEX": "M"},
                    {"CHILD": "6", "SEX": "F"},
                    {"CHILD": "7", "SEX": "F", "MOTHER": "1"},
                    {"CHILD": "8", "SEX": "F"},
                    {"CHILD": "9", "SEX": "2"},
                ],
                "Episodes": [_ep(c, "01/01/2025", LS="C2") for c in "123459"]
                + [
                    _ep("6", "01/06/2025", "02/06/2025", "E8", LS="V3"),
                    _ep("7", "01/01/2022", "01/01/2023", "E8", LS="C2"),
                    _ep("8", "01/01/2022", "01/01/2023", "E8", LS="C2"),
                ],
                "OC3": [{"CHILD": "7", "IN_TOUCH": "YES"}],
            },
            {"2", "3", "4", "7", "9"},
            note="the reference reads only the old SEX codes (1/2), so it misses 2 and 3 and 7",
        ),
        passes(
            {
                "Header": [
                    {"CHILD": "1", "SEX": "F", "MOTHER": "0"},
                    {"CHILD": "5", "SEX": "M"},
                    {"CHILD": "6", "SEX": "F"},
                    {"CHILD": "8", "SEX": "F"},
                ],
                "Episodes": [_ep(c, "01/01/2025", LS="C2") for c in "15"]
                + [
                    _ep("6", "01/06/2025", "02/06/2025", "E8", LS="V3"),
                    _ep("8", "01/01/2022", "01/01/2023", "E8", LS="C2"),
                ],
                "OC3": [{"CHILD": "8", "IN_TOUCH": "YES"}],
            }
        ),
    ),
    "184": (
        fails(
            {
                "Header": [{"CHILD": c, "DOB": "01/01/2020"} for c in "1234"],
                "PlacedAdoption": [
                    {"CHILD": "1", "DOB": "01/01/2020", "DATE_PLACED": "01/05/2025"},
                    {"CHILD": "2", "DOB": "01/01/2020", "DATE_PLACED": "01/01/2019"},
                    {"CHILD": "3", "DATE_PLACED": "01/05/2025"},
                    {"CHILD": "4", "DOB": "01/01/2020"},
                ],
            },
            {"2", "3"},
        ),
        passes(
            {
                "Header": [{"CHILD": c, "DOB": "01/01/2020"} for c in "14"],
                "PlacedAdoption": [
                    {"CHILD": "1", "DOB": "01/01/2020", "DATE_PLACED": "01/01/2020"},
                    {"CHILD": "4", "DOB": "01/01/2020"},
                ],
            }
        ),
    ),
    "185": (
        fails(
            {
                "Episodes": [
                    _ep("1", "01/01/2024", RNE="S", LS="C2"),
                    _ep("4", "01/06/2025", RNE="S", LS="C2"),
                    _ep("6", "01/06/2025", RNE="S", LS="C2"),
                    _ep("7", "01/01/2024", "01/06/2025", "E8", RNE="S", LS="C2"),
                    _ep("8", "01/01/2024", "01/06/2025", "X1", RNE="S", LS="C2"),
                    _ep("8", "01/06/2025", "05/06/2025", "X1", RNE="P", LS="V3"),
                    _ep("8", "05/06/2025", RNE="P", LS="C2"),
                ],
                "OC2": [{"CHILD": c, "SDQ_SCORE": "10"} for c in "14578"]
                + [{"CHILD": "6", "SDQ_REASON": "SDQ2"}],
            },
            {"4", "5", "7", "8"},
        ),
        passes(
            {
                "Episodes": [
                    _ep("1", "01/01/2024", "01/06/2025", "X1", RNE="S", LS="C2"),
                    _ep("1", "01/06/2025", RNE="P", LS="C2"),
                    _ep("6", "01/06/2025", RNE="S", LS="C2"),
                ],
                "OC2": [{"CHILD": "1", "SDQ_SCORE": "10"}, {"CHILD": "6", "SDQ_REASON": "SDQ2"}],
            }
        ),
    ),
}
