"""Cases for SSDA903 rules 503F to 621."""

from tests.validation.harness import fails, passes


def _ad1(*rows: tuple[str, str | None, str | None]) -> dict[str, list[dict[str, str | None]]]:
    return {"AD1": [{"CHILD": c, "LS_ADOPTR": ls, "SEX_ADOPTR": sex} for c, ls, sex in rows]}


def _place(*rows: tuple[str, str | None, str | None]) -> dict[str, list[dict[str, str | None]]]:
    return {
        "Episodes": [
            {"CHILD": c, "DECOM": "01/05/2025", "PLACE": place, "PLACE_PROVIDER": provider}
            for c, place, provider in rows
        ]
    }


def _looked_after(child: str) -> dict[str, str]:
    """An episode open since before the year: looked after continuously."""
    return {"CHILD": child, "DECOM": "01/01/2024", "RNE": "P", "LS": "C2"}


_HEALTH = {
    "IMMUNISATIONS": "1",
    "TEETH_CHECK": "1",
    "HEALTH_ASSESSMENT": "1",
    "SUBSTANCE_MISUSE": "0",
}
_CEASED = {"DATE_PLACED_CEASED": "01/06/2025", "REASON_PLACED_CEASED": "E"}

_AD1 = {
    "DATE_INT": "01/04/2025",
    "DATE_MATCH": "01/05/2025",
    "FOSTER_CARE": "0",
    "NB_ADOPTR": "2",
    "SEX_ADOPTR": "MF",
    "LS_ADOPTR": "L11",
}


CASES = {
    "503F": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/06/2024", "URN": "SC1"},
                    {"CHILD": "1", "DECOM": "05/06/2025", "URN": "SC2"},
                    {"CHILD": "2", "DECOM": "01/06/2024", "URN": "SC1"},
                    {"CHILD": "3", "DECOM": "01/06/2024"},
                    {"CHILD": "4", "DECOM": "01/06/2024", "URN": "SC9"},
                ]
            },
            {"2", "3"},
            previous={
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/05/2024", "DEC": "01/06/2024", "URN": "X"},
                    {"CHILD": "1", "DECOM": "01/06/2024", "URN": "SC1"},
                    {"CHILD": "2", "DECOM": "01/06/2024", "URN": "SC7"},
                    {"CHILD": "3", "DECOM": "01/06/2024", "URN": "SC1"},
                    {"CHILD": "4", "DECOM": "01/06/2024", "DEC": "01/03/2025", "URN": "SC1"},
                ]
            },
        ),
        passes(
            {"Episodes": [{"CHILD": "1", "DECOM": "01/06/2024", "URN": "SC1"}]},
            previous={"Episodes": [{"CHILD": "1", "DECOM": "01/06/2024", "URN": "SC1"}]},
        ),
    ),
    "504": (
        fails(
            {
                "Episodes": [
                    {
                        "CHILD": "1",
                        "DECOM": "01/06/2025",
                        "DEC": "04/06/2025",
                        "REC": "X1",
                        "CIN": "N1",
                    },
                    {"CHILD": "1", "DECOM": "04/06/2025", "REC": "X1", "CIN": "N2"},
                    {
                        "CHILD": "2",
                        "DECOM": "01/06/2025",
                        "DEC": "04/06/2025",
                        "REC": "X1",
                        "CIN": "N1",
                    },
                    {"CHILD": "2", "DECOM": "04/06/2025", "CIN": "N1"},
                    {
                        "CHILD": "3",
                        "DECOM": "01/06/2025",
                        "DEC": "04/06/2025",
                        "REC": "E4A",
                        "CIN": "N1",
                    },
                    {"CHILD": "3", "DECOM": "04/06/2025", "CIN": "N2"},
                ]
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [
                    {
                        "CHILD": "1",
                        "DECOM": "01/06/2025",
                        "DEC": "04/06/2025",
                        "REC": "X1",
                        "CIN": "N1",
                    },
                    {"CHILD": "1", "DECOM": "04/06/2025", "CIN": "N1"},
                ]
            }
        ),
    ),
    "511": (
        fails(
            {
                "AD1": [
                    {"CHILD": "1", "NB_ADOPTR": "2", "SEX_ADOPTR": "M1"},
                    {"CHILD": "2", "NB_ADOPTR": "2", "SEX_ADOPTR": "MF"},
                    {"CHILD": "3", "NB_ADOPTR": "1", "SEX_ADOPTR": "F1"},
                ]
            },
            {"1"},
        ),
        passes({"AD1": [{"CHILD": "1", "NB_ADOPTR": "2", "SEX_ADOPTR": "FF"}]}),
    ),
    "514": (
        fails(_ad1(("1", "L0", "MF"), ("2", "L0", None), ("3", "L0", "F1")), {"1", "2"}),
        passes(_ad1(("1", "L0", "M1"), ("2", "L2", "MF"))),
    ),
    "516": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "REC": "E45", "PLACE": "U1"},
                    {"CHILD": "2", "REC": "E46", "PLACE": "S1"},
                    {"CHILD": "3", "REC": "E2", "PLACE": "K2"},
                ]
            },
            {"2"},
        ),
        passes({"Episodes": [{"CHILD": "1", "REC": "E46", "PLACE": "U6"}]}),
    ),
    "517": (
        fails(_ad1(("1", "L3", "MF"), ("2", "L3", "FF"), ("3", "L3", None)), {"2", "3"}),
        passes(_ad1(("1", "L3", "MF"), ("2", "L4", "FF"))),
    ),
    "518": (
        fails(_ad1(("1", "L4", "MM"), ("2", "L4", "MF"), ("3", "L4", "FF")), {"2"}),
        passes(_ad1(("1", "L4", "MM"), ("2", "L3", "MF"))),
    ),
    "519": (
        fails(_ad1(("1", "L2", "MM"), ("2", "L2", "M1"), ("3", "L2", None)), {"2", "3"}),
        passes(_ad1(("1", "L2", "MF"), ("2", "L0", "M1"))),
    ),
    "520": (
        fails(_ad1(("1", "L11", "MM"), ("2", "L11", "MF")), {"1"}),
        passes(_ad1(("1", "L11", "MF"), ("2", "L12", "MM"))),
    ),
    "521": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/06/2025", "PLACE": "A3"},
                    {"CHILD": "2", "DECOM": "01/06/2025", "PLACE": "A5"},
                    {"CHILD": "3", "DECOM": "01/06/2025", "PLACE": "U1"},
                ],
                "AD1": [
                    {"CHILD": "1", "DATE_INT": "02/06/2025"},
                    {"CHILD": "2", "DATE_INT": "01/06/2025"},
                    {"CHILD": "3", "DATE_INT": "02/06/2025"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DECOM": "01/06/2025", "PLACE": "A6"}],
                "AD1": [{"CHILD": "1", "DATE_INT": "01/05/2025"}],
            }
        ),
    ),
    "522": (
        fails(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/06/2025", "DATE_PLACED_CEASED": "31/05/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/06/2025", "DATE_PLACED_CEASED": "01/06/2025"},
                ]
            },
            {"1"},
        ),
        passes(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/06/2025", "DATE_PLACED_CEASED": "02/06/2025"},
                    {"CHILD": "2", "DATE_PLACED_CEASED": "02/06/2025"},
                ]
            }
        ),
    ),
    "523": (
        fails(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/06/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/06/2025"},
                    {"CHILD": "3"},
                ],
                "AD1": [
                    {"CHILD": "1", "DATE_INT": "02/06/2025"},
                    {"CHILD": "2", "DATE_INT": "01/06/2025"},
                    {"CHILD": "3", "DATE_INT": "01/06/2025"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/06/2025"}],
                "AD1": [{"CHILD": "1", "DATE_INT": "01/06/2025"}],
            }
        ),
    ),
    "524": (
        fails(_ad1(("1", "L12", "MM"), ("2", "L12", "MF"), ("3", "L12", None)), {"2", "3"}),
        passes(_ad1(("1", "L12", "FF"), ("2", "L11", "MF"))),
    ),
    "525": (
        fails(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED_CEASED": "01/06/2025"},
                    {"CHILD": "2", "DATE_PLACED_CEASED": "01/06/2025"},
                    {"CHILD": "3"},
                ],
                "AD1": [
                    {"CHILD": "1", "LS_ADOPTR": "L0"},
                    {"CHILD": "2"},
                    {"CHILD": "3", "DATE_MATCH": "01/06/2025"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "PlacedAdoption": [{"CHILD": "1", "DATE_PLACED_CEASED": "01/06/2025"}],
                "AD1": [{"CHILD": "2", "DATE_INT": "01/06/2025"}],
            }
        ),
    ),
    "526": (
        fails(_place(("1", "U1", None), ("2", "T1", None), ("3", "U1", "PR1")), {"1"}),
        passes(_place(("1", "Z14", None), ("2", "P1", "PR0"))),
    ),
    "527": (
        fails(_place(("1", "R2", "PR1"), ("2", "U1", "PR1")), {"1"}),
        passes(_place(("1", "U1", "PR1"), ("2", "P1", "PR0"))),
    ),
    "528": (
        fails(_place(("1", "R5", "PR2"), ("2", "U1", "PR2")), {"1"}),
        passes(_place(("1", "U1", "PR2"), ("2", "P1", "PR0"))),
    ),
    "529": (
        fails(_place(("1", "K2", "PR3"), ("2", "R1", "PR3")), {"1"}),
        passes(_place(("1", "R1", "PR3"), ("2", "K2", "PR1"))),
    ),
    "530": (
        fails(_place(("1", "P1", "PR4"), ("2", "U1", "PR4")), {"1"}),
        passes(_place(("1", "U1", "PR4"), ("2", "P1", "PR0"))),
    ),
    "531": (
        fails(_place(("1", "P1", "PR5"), ("2", "U1", "PR5")), {"1"}),
        passes(_place(("1", "U1", "PR5"), ("2", "P1", "PR0"))),
    ),
    "542": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "DOB": "01/06/2016", "CONVICTED": "0"},
                    {"CHILD": "2", "DOB": "01/06/2010", "CONVICTED": "0"},
                    {"CHILD": "3", "DOB": "01/06/2017"},
                ]
            },
            {"1"},
        ),
        passes({"OC2": [{"CHILD": "1", "DOB": "31/03/2016", "CONVICTED": "1"}]}),
    ),
    "543": (
        fails(
            {
                "Episodes": [
                    _looked_after("1"),
                    _looked_after("2"),
                    _looked_after("3"),
                    {**_looked_after("4"), "DEC": "01/06/2025", "REC": "E4A"},
                ],
                "OC2": [
                    {"CHILD": "1", "DOB": "01/01/2010"},
                    {"CHILD": "2", "DOB": "01/01/2010", "CONVICTED": "0"},
                    {"CHILD": "3", "DOB": "01/01/2017"},
                    {"CHILD": "4", "DOB": "01/01/2010"},
                    {"CHILD": "5", "DOB": "01/01/2010"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [_looked_after("1")],
                "OC2": [{"CHILD": "1", "DOB": "01/01/2010", "CONVICTED": "1"}],
            }
        ),
    ),
    "544": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "CONVICTED": "1", **_HEALTH, "TEETH_CHECK": None},
                    {"CHILD": "2", "CONVICTED": "1", **_HEALTH},
                    {"CHILD": "3", "CONVICTED": "0"},
                ]
            },
            {"1"},
        ),
        passes({"OC2": [{"CHILD": "1", "CONVICTED": "1", **_HEALTH}]}),
    ),
    "545": (
        fails(
            {
                "Episodes": [_looked_after("1"), _looked_after("2"), _looked_after("3")],
                "OC2": [
                    {"CHILD": "1", "DOB": "01/01/2023"},
                    {"CHILD": "2", "DOB": "01/01/2023", "HEALTH_CHECK": "1"},
                    {"CHILD": "3", "DOB": "01/01/2019"},
                    {"CHILD": "4", "DOB": "01/01/2023"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [_looked_after("1")],
                "OC2": [{"CHILD": "1", "DOB": "01/01/2023", "HEALTH_CHECK": "0"}],
            }
        ),
    ),
    "546": (
        fails(
            {
                "Episodes": [_looked_after("1"), _looked_after("2"), _looked_after("3")],
                "OC2": [
                    {"CHILD": "1", "DOB": "31/03/2021", "HEALTH_CHECK": "1"},
                    {"CHILD": "2", "DOB": "01/04/2021", "HEALTH_CHECK": "1"},
                    {"CHILD": "3", "DOB": "01/01/2015"},
                    {"CHILD": "4", "DOB": "01/01/2015", "HEALTH_CHECK": "1"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [_looked_after("1")],
                "OC2": [{"CHILD": "1", "DOB": "01/01/2015"}],
            }
        ),
    ),
    "547": (
        fails(
            {
                "OC2": [
                    {"CHILD": "1", "HEALTH_CHECK": "1", **_HEALTH, "IMMUNISATIONS": None},
                    {"CHILD": "2", "HEALTH_CHECK": "1", **_HEALTH},
                    {"CHILD": "3", "HEALTH_CHECK": "0"},
                ]
            },
            {"1"},
        ),
        passes({"OC2": [{"CHILD": "1", "HEALTH_CHECK": "1", **_HEALTH}]}),
    ),
    "550": (
        fails(_place(("1", "U1", "PR0"), ("2", "P1", "PR0"), ("3", None, "PR0")), {"1", "3"}),
        passes(_place(("1", "P1", "PR0"), ("2", "U1", "PR1"))),
    ),
    "551": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "PLACE": "A3"},
                    {"CHILD": "2", "PLACE": "A4"},
                    {"CHILD": "3", "PLACE": "A5"},
                    {"CHILD": "4", "PLACE": "U1"},
                ],
                "PlacedAdoption": [
                    {"CHILD": "1"},
                    {"CHILD": "3", "DATE_PLACED": "01/05/2025"},
                ],
            },
            {"1", "2"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "PLACE": "A6"}],
                "PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/05/2025"}],
            }
        ),
    ),
    "552": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/06/2025", "PLACE": "A3"},
                    {"CHILD": "1", "DECOM": "01/08/2025", "PLACE": "A4"},
                    {"CHILD": "2", "DECOM": "01/06/2025", "PLACE": "A3"},
                    {"CHILD": "3", "DECOM": "01/06/2025", "PLACE": "U1"},
                ],
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/05/2025"},
                    {"CHILD": "1", "DATE_PLACED": "01/07/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/06/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/07/2025"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DECOM": "01/06/2025", "PLACE": "A5"}],
                "PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/05/2025"}],
            }
        ),
    ),
    "553": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "LS": "E1", "DEC": "01/06/2025"},
                    {"CHILD": "2", "LS": "E1"},
                    {"CHILD": "3", "LS": "E1"},
                    {"CHILD": "4", "LS": "C2"},
                ],
                "PlacedAdoption": [
                    {"CHILD": "2", "DATE_PLACED": "01/05/2025", "REASON_PLACED_CEASED": "E"},
                    {"CHILD": "3", "DATE_PLACED": "01/05/2025"},
                ],
            },
            {"1", "2"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "LS": "E1"}],
                "PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/05/2025"}],
            }
        ),
    ),
    "554": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/06/2025", "LS": "E1"},
                    {"CHILD": "1", "DECOM": "01/09/2025", "LS": "E1"},
                    {"CHILD": "2", "DECOM": "01/06/2025", "LS": "E1"},
                    {"CHILD": "3", "DECOM": "01/06/2025", "LS": "C2"},
                ],
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/07/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/06/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/07/2025"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DECOM": "01/06/2025", "LS": "E1"}],
                "PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/05/2025"}],
            }
        ),
    ),
    "557": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "PLACE": "A3", "REC": "E13"},
                    {"CHILD": "2", "LS": "E1", "REC": "E13"},
                    {"CHILD": "3", "PLACE": "A4", "REC": "E11"},
                    {"CHILD": "4", "PLACE": "A4", "REC": "E13"},
                    {"CHILD": "5", "PLACE": "A4", "REC": "X1"},
                ],
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED_CEASED": "01/06/2025"},
                    {"CHILD": "4", **_CEASED},
                ],
            },
            {"1", "2"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "LS": "E1", "REC": "E13"}],
                "PlacedAdoption": [{"CHILD": "1", **_CEASED}],
            }
        ),
    ),
    "558": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "REC": "E11"},
                    {"CHILD": "2", "REC": "E12"},
                    {"CHILD": "3", "REC": "E11"},
                    {"CHILD": "4", "REC": "E11"},
                ],
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED_CEASED": "01/06/2025"},
                    {"CHILD": "1", "DATE_PLACED_CEASED": "01/07/2025"},
                    {"CHILD": "2", "DATE_PLACED_CEASED": "01/06/2025"},
                    {"CHILD": "3", "DATE_PLACED_CEASED": "01/06/2025"},
                    {"CHILD": "3"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "REC": "E11"}],
                "PlacedAdoption": [{"CHILD": "1", "DATE_PLACED_CEASED": "01/06/2025"}],
            }
        ),
    ),
    "559": (
        fails(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/03/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/03/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/03/2025"},
                    {"CHILD": "4", "DATE_PLACED": "01/05/2025"},
                ]
            },
            {"1", "3"},
            previous={
                "PlacedAdoption": [
                    {"CHILD": "1"},
                    {"CHILD": "2", "DATE_PLACED": "01/03/2025"},
                ]
            },
        ),
        passes(
            {"PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/03/2025"}]},
            previous={"PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/03/2025"}]},
        ),
    ),
    "560": (
        fails(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "02/03/2025"},
                    {"CHILD": "2", "DATE_PLACED": "02/03/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/03/2025"},
                ]
            },
            {"1"},
            previous={
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/03/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/03/2025", "DATE_PLACED_CEASED": "01/03/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/03/2025"},
                ]
            },
        ),
        passes(
            {"PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/03/2025"}]},
            previous={"PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/03/2025"}]},
        ),
    ),
    "561": (
        fails(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/03/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/03/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/06/2025"},
                ]
            },
            {"1"},
            previous={
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/03/2025", "REASON_PLACED_CEASED": "E"},
                    {"CHILD": "2", "DATE_PLACED": "01/03/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/03/2025", **_CEASED},
                ]
            },
        ),
        passes(
            {"PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/03/2025"}]},
            previous={"PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/03/2025"}]},
        ),
    ),
    "562": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DECOM": "15/03/2025"},
                    {"CHILD": "1", "DECOM": "05/06/2025"},
                    {"CHILD": "2", "DECOM": "13/03/2025"},
                    {"CHILD": "3", "DECOM": "01/01/2025"},
                    {"CHILD": "4", "DECOM": "01/05/2025"},
                ]
            },
            {"2", "3"},
            previous={
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/06/2024", "DEC": "15/03/2025"},
                    {"CHILD": "1", "DECOM": "15/03/2025"},
                    {"CHILD": "2", "DECOM": "01/02/2025", "DEC": "11/03/2025"},
                    {"CHILD": "2", "DECOM": "11/03/2025"},
                ]
            },
        ),
        passes(
            {"Episodes": [{"CHILD": "1", "DECOM": "15/03/2025"}]},
            previous={"Episodes": [{"CHILD": "1", "DECOM": "15/03/2025"}]},
        ),
    ),
    "563": (
        fails(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", **_CEASED},
                    {"CHILD": "2", "DATE_PLACED": "01/03/2025", **_CEASED},
                    {"CHILD": "3", "REASON_PLACED_CEASED": "E"},
                ]
            },
            {"1"},
        ),
        passes({"PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/03/2025", **_CEASED}]}),
    ),
    "564": (
        fails(
            {
                "Missing": [
                    {"CHILD": "1", "MISSING": "M"},
                    {"CHILD": "2", "MISSING": "A", "MIS_START": "01/05/2025"},
                    {"CHILD": "3", "MISSING": "a", "MIS_START": "bad"},
                ]
            },
            {"1"},
        ),
        passes({"Missing": [{"CHILD": "1", "MISSING": "M", "MIS_START": "01/05/2025"}]}),
    ),
    "565": (
        fails(
            {
                "Missing": [
                    {"CHILD": "1", "MIS_START": "01/05/2025"},
                    {"CHILD": "2", "MISSING": "A", "MIS_START": "01/05/2025"},
                ]
            },
            {"1"},
        ),
        passes({"Missing": [{"CHILD": "1", "MISSING": "M", "MIS_START": "01/05/2025"}]}),
    ),
    "566": (
        fails(
            {
                "Missing": [
                    {"CHILD": "1", "MIS_END": "01/05/2025"},
                    {"CHILD": "2", "MISSING": "A", "MIS_END": "01/05/2025"},
                ]
            },
            {"1"},
        ),
        passes({"Missing": [{"CHILD": "1", "MISSING": "M", "MIS_END": "01/05/2025"}]}),
    ),
    "567": (
        fails(
            {
                "Missing": [
                    {"CHILD": "1", "MIS_START": "02/05/2025", "MIS_END": "01/05/2025"},
                    {"CHILD": "2", "MIS_START": "01/05/2025", "MIS_END": "01/05/2025"},
                ]
            },
            {"1"},
        ),
        passes({"Missing": [{"CHILD": "1", "MIS_START": "01/05/2025"}]}),
    ),
    "570": (
        fails(
            {
                "Missing": [
                    {"CHILD": "1", "MIS_START": "01/04/2026"},
                    {"CHILD": "2", "MIS_START": "31/03/2026"},
                ]
            },
            {"1"},
        ),
        passes({"Missing": [{"CHILD": "1", "MIS_START": "31/03/2026"}]}),
    ),
    "571": (
        fails(
            {
                "Missing": [
                    {"CHILD": "1", "MIS_END": "31/03/2025"},
                    {"CHILD": "2", "MIS_END": "01/04/2026"},
                    {"CHILD": "3", "MIS_END": "01/04/2025"},
                ]
            },
            {"1", "2"},
        ),
        passes({"Missing": [{"CHILD": "1", "MIS_END": "31/03/2026"}]}),
    ),
    "574": (
        fails(
            {
                "Missing": [
                    {"CHILD": "1", "MIS_START": "01/05/2025", "MIS_END": "10/05/2025"},
                    {"CHILD": "1", "MIS_START": "05/05/2025", "MIS_END": "12/05/2025"},
                    {"CHILD": "2", "MIS_START": "01/05/2025"},
                    {"CHILD": "2", "MIS_START": "05/06/2025", "MIS_END": "12/06/2025"},
                    {"CHILD": "3", "MIS_START": "01/05/2025", "MIS_END": "10/05/2025"},
                    {"CHILD": "3", "MIS_START": "10/05/2025", "MIS_END": "12/05/2025"},
                ]
            },
            {"1", "2"},
        ),
        passes(
            {
                "Missing": [
                    {"CHILD": "1", "MIS_START": "01/05/2025", "MIS_END": "10/05/2025"},
                    {"CHILD": "1", "MIS_START": "11/05/2025"},
                ]
            }
        ),
    ),
    "575": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/04/2025", "DEC": "01/06/2025"},
                    {"CHILD": "2", "DECOM": "01/04/2025", "DEC": "01/06/2025"},
                    {"CHILD": "3", "DECOM": "01/04/2025"},
                ],
                "Missing": [
                    {"CHILD": "1", "MIS_START": "01/05/2025"},
                    {"CHILD": "2", "MIS_START": "01/05/2025", "MIS_END": "03/05/2025"},
                    {"CHILD": "3", "MIS_START": "01/05/2025"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DECOM": "01/04/2025", "DEC": "01/06/2025"}],
                "Missing": [{"CHILD": "1", "MIS_START": "01/07/2025"}],
            }
        ),
    ),
    "576": (
        fails(
            {
                "Missing": [
                    {"CHILD": "1", "MIS_START": "01/05/2025"},
                    {"CHILD": "2", "MIS_START": "01/03/2025", "MIS_END": "05/04/2025"},
                    {"CHILD": "2", "MIS_START": "01/05/2025"},
                    {"CHILD": "3", "MIS_START": "01/05/2025"},
                    {"CHILD": "4"},
                ]
            },
            {"1", "4"},
            previous={
                "Missing": [
                    {"CHILD": "1", "MIS_START": "01/03/2025"},
                    {"CHILD": "2", "MIS_START": "01/03/2025"},
                    {"CHILD": "3", "MIS_START": "01/03/2025", "MIS_END": "02/03/2025"},
                    {"CHILD": "4", "MIS_START": "01/03/2025"},
                ]
            },
        ),
        passes(
            {"Missing": [{"CHILD": "1", "MIS_START": "01/03/2025", "MIS_END": "05/04/2025"}]},
            previous={"Missing": [{"CHILD": "1", "MIS_START": "01/03/2025"}]},
        ),
    ),
    "577": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/04/2025", "DEC": "01/06/2025"},
                    {"CHILD": "2", "DECOM": "01/04/2025", "DEC": "01/06/2025"},
                    {"CHILD": "2", "DECOM": "01/06/2025"},
                    {"CHILD": "3", "DECOM": "01/04/2025", "DEC": "01/06/2025"},
                    {"CHILD": "4", "DECOM": "01/04/2025", "DEC": "01/06/2025"},
                    {"CHILD": "4", "DECOM": "01/08/2025"},
                    {"CHILD": "5", "DECOM": "01/04/2025", "DEC": "01/06/2025"},
                ],
                "Missing": [
                    {"CHILD": "1", "MIS_START": "01/05/2025"},
                    {"CHILD": "2", "MIS_START": "01/05/2025"},
                    {"CHILD": "3", "MIS_START": "01/05/2025", "MIS_END": "02/07/2025"},
                    {"CHILD": "4", "MIS_START": "01/09/2025"},
                    {"CHILD": "5", "MIS_START": "01/05/2025", "MIS_END": "02/05/2025"},
                    {"CHILD": "6", "MIS_START": "01/05/2025"},
                ],
            },
            {"1", "3"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DECOM": "01/04/2025"}],
                "Missing": [{"CHILD": "1", "MIS_START": "01/05/2025"}],
            }
        ),
    ),
    "578": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/04/2025", "DEC": "01/06/2025"},
                    {"CHILD": "2", "DECOM": "01/04/2025", "DEC": "01/06/2025"},
                    {"CHILD": "2", "DECOM": "01/08/2025"},
                    {"CHILD": "3", "DECOM": "01/04/2025", "DEC": "01/06/2025"},
                    {"CHILD": "3", "DECOM": "01/06/2025", "DEC": "01/09/2025"},
                    {"CHILD": "4", "DECOM": "01/04/2025"},
                ],
                "Missing": [
                    {"CHILD": "1", "MIS_START": "02/06/2025"},
                    {"CHILD": "2", "MIS_START": "01/09/2025"},
                    {"CHILD": "3", "MIS_START": "01/08/2025"},
                    {"CHILD": "4", "MIS_START": "01/03/2025"},
                    {"CHILD": "5", "MIS_START": "01/03/2025"},
                ],
            },
            {"1", "4"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DECOM": "01/04/2025", "DEC": "01/06/2025"}],
                "Missing": [{"CHILD": "1", "MIS_START": "01/06/2025"}],
            }
        ),
    ),
    "579": (
        fails(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/05/2025"},
                    {"CHILD": "1", "DATE_PLACED": "01/08/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/05/2025", "DATE_PLACED_CEASED": "01/09/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/08/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/05/2025", "DATE_PLACED_CEASED": "01/07/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/08/2025"},
                ]
            },
            {"1", "2"},
        ),
        passes(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/08/2025"},
                    {"CHILD": "1", "DATE_PLACED": "01/05/2025", "DATE_PLACED_CEASED": "01/08/2025"},
                ]
            }
        ),
    ),
    "580": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DEC": "01/06/2025", "REC": "E4A"},
                    {"CHILD": "2", "DEC": "01/06/2025", "REC": "E8"},
                    {"CHILD": "3", "DEC": "02/06/2025", "REC": "E4A"},
                ],
                "Missing": [
                    {"CHILD": "1", "DOB": "01/06/2007", "MIS_END": "01/06/2025"},
                    {"CHILD": "2", "DOB": "01/06/2007", "MIS_END": "01/06/2025"},
                    {"CHILD": "3", "DOB": "01/06/2007", "MIS_END": "01/06/2025"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DEC": "01/06/2025", "REC": "E8"}],
                "Missing": [{"CHILD": "1", "DOB": "01/06/2007", "MIS_END": "01/06/2025"}],
            }
        ),
    ),
    "581": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/05/2025", "DEC": "01/06/2025"},
                    {"CHILD": "1", "DECOM": "01/08/2025"},
                    {"CHILD": "2", "DECOM": "01/05/2025", "DEC": "01/06/2025"},
                    {"CHILD": "2", "DECOM": "01/08/2025"},
                    {"CHILD": "3", "DECOM": "01/05/2025"},
                ],
                "Missing": [
                    {"CHILD": "1", "MIS_START": "01/07/2025"},
                    {"CHILD": "2", "MIS_START": "01/09/2025"},
                    {"CHILD": "3", "MIS_START": "01/04/2025"},
                    {"CHILD": "4", "MIS_START": "01/04/2025"},
                ],
            },
            {"1", "3"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DECOM": "01/05/2025", "DEC": "01/06/2025"}],
                "Missing": [{"CHILD": "1", "MIS_START": "01/06/2025"}],
            }
        ),
    ),
    "582": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DEC": "01/06/2025", "REC": "E11"},
                    {"CHILD": "2", "DEC": "01/06/2025", "REC": "E12"},
                    {"CHILD": "3", "DEC": "01/06/2025", "REC": "E13"},
                ],
                "AD1": [
                    {"CHILD": "1", "DATE_MATCH": "01/06/2025"},
                    {"CHILD": "2", "DATE_MATCH": "01/05/2025"},
                    {"CHILD": "3", "DATE_MATCH": "01/06/2025"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DEC": "01/06/2025", "REC": "E11"}],
                "AD1": [{"CHILD": "1", "DATE_MATCH": "01/05/2025"}],
            }
        ),
    ),
    "583": (
        fails(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/02/2025"},
                    {"CHILD": "1", "DATE_PLACED": "02/02/2025"},
                    {"CHILD": "2", "DATE_PLACED": "01/02/2025", "DATE_PLACED_CEASED": "02/02/2025"},
                    {"CHILD": "2", "DATE_PLACED": "03/02/2025"},
                    {"CHILD": "3", "DATE_PLACED": "01/02/2025"},
                ]
            },
            {"1"},
        ),
        passes(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/06/2025"},
                    {"CHILD": "1", "DATE_PLACED": "15/01/2025", "DATE_PLACED_CEASED": "01/03/2025"},
                ]
            },
            note="ordered by date, not as text: the validators would take 15/01 as the latest",
        ),
    ),
    "584": (
        fails(
            {
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/02/2024"},
                    {"CHILD": "2", "DATE_PLACED": "01/02/2025"},
                    {"CHILD": "3"},
                    {"CHILD": "4", "DATE_PLACED": "01/02/2024"},
                ]
            },
            {"1", "3"},
            previous={
                "PlacedAdoption": [
                    {"CHILD": "1", "DATE_PLACED": "01/02/2024", "REASON_PLACED_CEASED": "E"},
                    {"CHILD": "2", "DATE_PLACED": "01/02/2024", **_CEASED},
                    {"CHILD": "3", "DATE_PLACED": "01/02/2024", **_CEASED},
                    {"CHILD": "4", "DATE_PLACED": "01/02/2024"},
                ]
            },
        ),
        passes(
            {"PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/02/2025"}]},
            previous={"PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": "01/02/2024", **_CEASED}]},
        ),
    ),
    "586": (
        fails(
            {
                "Missing": [
                    {"CHILD": "1", "DOB": "01/05/2015", "MIS_START": "01/05/2015"},
                    {"CHILD": "2", "DOB": "01/05/2015", "MIS_START": "02/05/2015"},
                    {"CHILD": "3", "MIS_START": "02/05/2015"},
                ]
            },
            {"1"},
        ),
        passes({"Missing": [{"CHILD": "1", "DOB": "01/05/2015", "MIS_START": "01/05/2025"}]}),
    ),
    "601": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DEC": "01/06/2025", "REC": "E11"},
                    {"CHILD": "2", "DEC": "01/06/2025", "REC": "E12"},
                    {"CHILD": "3", "DEC": "01/06/2024", "REC": "E12"},
                ],
                "AD1": [
                    {"CHILD": "1", **_AD1, "FOSTER_CARE": None},
                    {"CHILD": "2", **_AD1},
                    {"CHILD": "3"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DEC": "01/06/2025", "REC": "E11"}],
                "AD1": [{"CHILD": "1", **_AD1}],
            }
        ),
    ),
    "602": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DEC": "01/06/2024", "REC": "E11"},
                    {"CHILD": "2", "DEC": "01/06/2025", "REC": "E12"},
                    {"CHILD": "3", "DEC": "01/06/2025", "REC": "E13"},
                ],
                "AD1": [
                    {"CHILD": "1", "DATE_MATCH": "01/05/2024"},
                    {"CHILD": "2", **_AD1},
                    {"CHILD": "3"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DEC": "01/06/2025", "REC": "E11"}],
                "AD1": [{"CHILD": "1", **_AD1}],
            }
        ),
    ),
    "607": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "1", "DEC": "01/06/2025", "REC": "E4A", "LS": "C2"},
                    {"CHILD": "2", "DEC": "01/06/2025", "REC": "E4A", "LS": "C2"},
                    {"CHILD": "3", "DEC": "01/06/2025", "REC": "E4A", "LS": "V3"},
                    {"CHILD": "4", "DEC": "01/06/2025", "REC": "X1", "LS": "C2"},
                    {"CHILD": "5", "DEC": "01/06/2025", "REC": "E4A", "LS": "C2"},
                ],
                "Header": [
                    {"CHILD": "1", "SEX": "F"},
                    {"CHILD": "2", "SEX": "F", "MOTHER": "0"},
                    {"CHILD": "3", "SEX": "F"},
                    {"CHILD": "4", "SEX": "F"},
                    {"CHILD": "5", "SEX": "M"},
                ],
            },
            {"1"},
        ),
        passes(
            {
                "Episodes": [{"CHILD": "1", "DEC": "01/06/2025", "REC": "E4A", "LS": "C2"}],
                "Header": [{"CHILD": "1", "SEX": "F", "MOTHER": "1"}],
            }
        ),
    ),
    "611": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "MOTHER": "1"},
                    {"CHILD": "2", "MOTHER": "1", "MC_DOB": "01/06/2025"},
                    {"CHILD": "3", "MOTHER": "0"},
                ]
            },
            {"1"},
        ),
        passes({"Header": [{"CHILD": "1", "MOTHER": "1", "MC_DOB": "01/06/2025"}]}),
    ),
    "612": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "SEX": "F", "MOTHER": "0", "MC_DOB": "01/06/2025"},
                    {"CHILD": "2", "SEX": "F", "MC_DOB": "01/06/2025"},
                    {"CHILD": "3", "SEX": "F", "MOTHER": "1", "MC_DOB": "01/06/2025"},
                    {"CHILD": "4", "SEX": "F", "MOTHER": "0"},
                ]
            },
            {"1", "2"},
        ),
        passes({"Header": [{"CHILD": "1", "SEX": "F", "MOTHER": "1", "MC_DOB": "01/06/2025"}]}),
    ),
    "620": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "DOB": "02/04/2014", "MOTHER": "1"},
                    {"CHILD": "2", "DOB": "01/04/2014", "MOTHER": "1"},
                    {"CHILD": "3", "DOB": "02/04/2014", "MOTHER": "0"},
                ]
            },
            {"1"},
        ),
        passes({"Header": [{"CHILD": "1", "DOB": "01/01/2008", "MOTHER": "1"}]}),
    ),
    "621": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "DOB": "01/01/2010", "MC_DOB": "01/01/2010"},
                    {"CHILD": "2", "DOB": "01/01/2008", "MC_DOB": "01/01/2025"},
                    {"CHILD": "3", "DOB": "01/01/2008"},
                ]
            },
            {"1"},
        ),
        passes({"Header": [{"CHILD": "1", "DOB": "01/01/2008", "MC_DOB": "01/01/2025"}]}),
    ),
}
