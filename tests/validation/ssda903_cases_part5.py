"""Cases for SSDA903 rules 624 to SW19STG2."""

from tests.validation.harness import fails, passes

CASES = {
    "624": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "MC_DOB": "01/06/2020"},
                    {"CHILD": "2", "MC_DOB": "08/09/2020"},
                    {"CHILD": "3"},
                    {"CHILD": "4", "MC_DOB": "01/02/2020"},
                ]
            },
            {"2", "3"},
            previous={
                "Header": [
                    {"CHILD": "1", "MC_DOB": "01/06/2020"},
                    {"CHILD": "2", "MC_DOB": "10/09/2020"},
                    {"CHILD": "3", "MC_DOB": "01/06/2019"},
                    {"CHILD": "4"},
                ]
            },
        ),
        passes(
            {"Header": [{"CHILD": "1", "MC_DOB": "01/06/2020"}, {"CHILD": "2"}]},
            previous={"Header": [{"CHILD": "1", "MC_DOB": "01/06/2020"}, {"CHILD": "2"}]},
        ),
    ),
    "625": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "MC_DOB": "01/05/2026"},
                    {"CHILD": "2", "MC_DOB": "19/12/2025"},
                    {"CHILD": "3", "MC_DOB": "01/01/2025"},
                    {"CHILD": "4"},
                ],
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/01/2025", "DEC": "02/12/2025"},
                    {"CHILD": "2", "DECOM": "01/01/2025", "DEC": "03/10/2025"},
                    {"CHILD": "2", "DECOM": "03/10/2025", "DEC": "11/11/2025"},
                    {"CHILD": "3", "DECOM": "01/01/2024", "DEC": "11/11/2025"},
                    {"CHILD": "4", "DECOM": "01/01/2024", "DEC": "11/11/2025"},
                ],
            },
            {"1", "2"},
        ),
        passes(
            {
                "Header": [{"CHILD": "1", "MC_DOB": "01/01/2025"}, {"CHILD": "2"}],
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/01/2024", "DEC": "11/11/2025"},
                    {"CHILD": "2", "DECOM": "01/01/2024"},
                ],
            }
        ),
    ),
    "626": (
        fails(
            {
                "Header": [
                    {"CHILD": "1", "MOTHER": "1"},
                    {"CHILD": "2", "MOTHER": "1", "MC_DOB": "04/01/2025"},
                    {"CHILD": "3", "MOTHER": "0"},
                    {"CHILD": "4", "MOTHER": "1", "MC_DOB": "01/04/2025"},
                ]
            },
            {"2"},
            previous={
                "Header": [
                    {"CHILD": "1", "MOTHER": "1"},
                    {"CHILD": "2", "MOTHER": "0"},
                    {"CHILD": "3", "MOTHER": "1"},
                    {"CHILD": "4", "MOTHER": "0"},
                ]
            },
        ),
        passes(
            {"Header": [{"CHILD": "1", "MOTHER": "1", "MC_DOB": "04/01/2025"}]},
            previous={"Header": [{"CHILD": "1", "MOTHER": "1", "MC_DOB": "04/01/2025"}]},
        ),
    ),
    "628": (
        fails(
            {
                "Header": [
                    {"CHILD": "0", "MOTHER": "1"},
                    {"CHILD": "1"},
                    {"CHILD": "2", "MOTHER": "0"},
                    {"CHILD": "3", "MOTHER": "1"},
                    {"CHILD": "6", "MOTHER": "1"},
                ],
                "Episodes": [{"CHILD": "1"}, {"CHILD": "3"}],
                "OC3": [
                    {"CHILD": "0", "IN_TOUCH": "YES", "ACCOM": "S"},
                    {"CHILD": "2"},
                    {"CHILD": "6", "IN_TOUCH": "YES"},
                    {"CHILD": "3", "IN_TOUCH": "YES"},
                ],
            },
            {"0", "6"},
        ),
        passes(
            {
                "Header": [{"CHILD": "1"}, {"CHILD": "3", "MOTHER": "1"}],
                "Episodes": [{"CHILD": "3"}],
                "OC3": [{"CHILD": "1", "IN_TOUCH": "YES"}],
            }
        ),
    ),
    "630": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "0", "DECOM": "01/04/2025", "RNE": "T"},
                    {"CHILD": "1", "DECOM": "01/04/2025", "RNE": "S"},
                    {"CHILD": "2", "DECOM": "01/04/2025", "RNE": "S"},
                    {"CHILD": "4", "DECOM": "31/03/2025", "RNE": "S"},
                    {"CHILD": "5", "DECOM": "01/04/2025", "RNE": "S"},
                    {"CHILD": "6", "DECOM": "01/04/2025", "RNE": "S"},
                    {"CHILD": "7", "DECOM": "01/04/2025", "RNE": "S"},
                    {"CHILD": "8", "DECOM": "01/04/2025", "RNE": "S"},
                ],
                "PrevPerm": [
                    {"CHILD": "2", "PREV_PERM": "Z1"},
                    {"CHILD": "4", "PREV_PERM": "P1", "LA_PERM": "352"},
                    {"CHILD": "5", "PREV_PERM": "P1", "DATE_PERM": "01/05/2000"},
                    {"CHILD": "6", "PREV_PERM": "Z1"},
                    {"CHILD": "7"},
                    {
                        "CHILD": "8",
                        "PREV_PERM": "P1",
                        "LA_PERM": "352",
                        "DATE_PERM": "05/05/2020",
                    },
                ],
            },
            {"1", "5", "7"},
        ),
        passes(
            {
                "Episodes": [
                    {"CHILD": "2", "DECOM": "01/04/2025", "RNE": "S"},
                    {"CHILD": "3", "DECOM": "01/04/2025", "RNE": "P"},
                ],
                "PrevPerm": [{"CHILD": "2", "PREV_PERM": "Z1"}],
            }
        ),
    ),
    "631": (
        fails(
            {
                "PrevPerm": [
                    {"CHILD": "1", "PREV_PERM": "P0"},
                    {"CHILD": "2", "PREV_PERM": "P1"},
                    {"CHILD": "3", "PREV_PERM": "p1"},
                    {"CHILD": "4"},
                ]
            },
            {"1", "3"},
        ),
        passes({"PrevPerm": [{"CHILD": "1", "PREV_PERM": "Z1"}, {"CHILD": "2"}]}),
    ),
    "632": (
        fails(
            {
                "PrevPerm": [
                    {"CHILD": "101", "DATE_PERM": "xx/10/2011"},
                    {"CHILD": "102", "DATE_PERM": "17/06/2001"},
                    {"CHILD": "103", "DATE_PERM": "01/05/2000"},
                    {"CHILD": "104"},
                    {"CHILD": "105", "DATE_PERM": "05/ZZ/2020"},
                    {"CHILD": "106", "DATE_PERM": "ZZ/05/2021"},
                    {"CHILD": "107", "DATE_PERM": "ZZ/ZZ/ZZZZ"},
                    {"CHILD": "108", "DATE_PERM": "ZZ/ZZ/1993"},
                    {"CHILD": "109", "DATE_PERM": "ZZ/ZZ/ZZ"},
                    {"CHILD": "110", "DATE_PERM": "01/13/2000"},
                    {"CHILD": "111", "DATE_PERM": "ZZ/06/2021"},
                ],
                "Episodes": [
                    {"CHILD": "101", "DECOM": "20/10/2011"},
                    {"CHILD": "102", "DECOM": "19/11/2021"},
                    {"CHILD": "102", "DECOM": "17/06/2001"},
                    {"CHILD": "103"},
                    {"CHILD": "104", "DECOM": "11/09/2015"},
                    {"CHILD": "105", "DECOM": "01/03/2021"},
                    {"CHILD": "106", "DECOM": "01/07/2021"},
                    {"CHILD": "107", "DECOM": "01/07/2021"},
                    {"CHILD": "108", "DECOM": "01/07/2021"},
                    {"CHILD": "109", "DECOM": "01/07/2021"},
                    {"CHILD": "110", "DECOM": "01/07/2021"},
                    {"CHILD": "111", "DECOM": "30/06/2021"},
                ],
            },
            {"101", "102", "109", "110", "111"},
            note="ZZ/06/2021 is read as 30 June 2021, the last day it could be",
        ),
        passes(
            {
                "PrevPerm": [
                    {"CHILD": "1", "DATE_PERM": "ZZ/05/2021"},
                    {"CHILD": "2", "DATE_PERM": "ZZ/ZZ/ZZZZ"},
                ],
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/06/2021"},
                    {"CHILD": "2", "DECOM": "01/07/2021"},
                ],
            }
        ),
    ),
    "633": (
        fails(
            {
                "PrevPerm": [
                    {"CHILD": "101"},
                    {"CHILD": "102", "LA_PERM": "SCO"},
                    {"CHILD": "103", "LA_PERM": "204"},
                    {"CHILD": "6", "LA_PERM": "458"},
                    {"CHILD": "7", "LA_PERM": "176"},
                ]
            },
            {"6", "7"},
        ),
        passes({"PrevPerm": [{"CHILD": "1", "LA_PERM": "212"}, {"CHILD": "2"}]}),
    ),
    "634": (
        fails(
            {
                "PrevPerm": [
                    {"CHILD": "101", "PREV_PERM": "Z1"},
                    {"CHILD": "102", "LA_PERM": "352"},
                    {"CHILD": "103", "DATE_PERM": "01/05/2000"},
                    {"CHILD": "6", "PREV_PERM": "Z1", "LA_PERM": "352"},
                ],
                "Episodes": [
                    {"CHILD": "101", "DECOM": "20/10/2011"},
                    {"CHILD": "102", "DECOM": "19/11/2025"},
                    {"CHILD": "102", "DECOM": "17/06/2001"},
                    {"CHILD": "103", "DECOM": "04/04/2002"},
                    {"CHILD": "103", "DECOM": "01/03/2025"},
                ],
            },
            {"101", "103"},
        ),
        passes(
            {
                "PrevPerm": [{"CHILD": "1", "PREV_PERM": "Z1"}, {"CHILD": "2"}],
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/04/2025"},
                    {"CHILD": "2", "DECOM": "01/04/2020"},
                ],
            }
        ),
    ),
    "635": (
        fails(
            {
                "PrevPerm": [
                    {"CHILD": "2", "PREV_PERM": "Z1"},
                    {"CHILD": "4", "LA_PERM": "352"},
                    {"CHILD": "5", "DATE_PERM": "01/05/2000"},
                    {"CHILD": "6", "PREV_PERM": "Z1", "LA_PERM": "352"},
                    {"CHILD": "7"},
                ]
            },
            {"4", "5"},
        ),
        passes(
            {
                "PrevPerm": [
                    {"CHILD": "8", "PREV_PERM": "P1", "LA_PERM": "352", "DATE_PERM": "05/05/2020"}
                ]
            }
        ),
    ),
    "700": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "01/01/2027"},
                    {"CHILD": "2"},
                    {"CHILD": "3", "DOLO_START": "2026/12/10"},
                ]
            },
            {"2", "3"},
            year=2027,
        ),
        passes({"DoLo": [{"CHILD": "1", "DOLO_START": "01/01/2027"}]}, year=2027),
    ),
    "701": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_END": "01/01/2027"},
                    {"CHILD": "2"},
                    {"CHILD": "3", "DOLO_END": "2026/12/10"},
                ]
            },
            {"3"},
            year=2027,
        ),
        passes({"DoLo": [{"CHILD": "1", "DOLO_END": "01/01/2027"}, {"CHILD": "2"}]}, year=2027),
    ),
    "702": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "01/01/2027", "DOLO_END": "01/01/2027"},
                    {"CHILD": "2", "DOLO_START": "01/01/2027"},
                    {"CHILD": "3", "DOLO_END": "2026/12/10"},
                    {"CHILD": "4", "DOLO_START": "02/01/2027", "DOLO_END": "01/01/2027"},
                    {"CHILD": "5", "DOLO_START": "01/01/2027", "DOLO_END": "02/01/2027"},
                ]
            },
            {"1", "4"},
            year=2027,
        ),
        passes(
            {"DoLo": [{"CHILD": "1", "DOLO_START": "01/01/2027", "DOLO_END": "02/01/2027"}]},
            year=2027,
        ),
    ),
    "703": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "31/03/2027"},
                    {"CHILD": "2", "DOLO_START": "01/04/2027"},
                    {"CHILD": "3"},
                ]
            },
            {"2"},
            year=2027,
        ),
        passes({"DoLo": [{"CHILD": "1", "DOLO_START": "01/01/2020"}]}, year=2027),
    ),
    "704": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_END": "01/01/2027"},
                    {"CHILD": "2"},
                    {"CHILD": "3", "DOLO_END": "31/03/2026"},
                    {"CHILD": "4", "DOLO_END": "01/04/2027"},
                    {"CHILD": "5", "DOLO_END": "01/04/2026"},
                    {"CHILD": "6", "DOLO_END": "31/03/2027"},
                ]
            },
            {"3", "4"},
            year=2027,
        ),
        passes({"DoLo": [{"CHILD": "1", "DOLO_END": "01/04/2026"}, {"CHILD": "2"}]}, year=2027),
    ),
    "705": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "01/01/2027", "DOLO_END": "02/01/2027"},
                    {"CHILD": "1", "DOLO_START": "04/01/2027", "DOLO_END": "04/01/2027"},
                    {"CHILD": "1", "DOLO_START": "03/01/2027", "DOLO_END": "06/01/2027"},
                    {"CHILD": "2", "DOLO_START": "01/01/2027"},
                    {"CHILD": "2", "DOLO_START": "02/01/2027", "DOLO_END": "02/01/2027"},
                    {"CHILD": "3", "DOLO_START": "01/01/2027", "DOLO_END": "02/01/2027"},
                    {"CHILD": "4", "DOLO_START": "01/04/2026", "DOLO_END": "o2/04/2026"},
                    {"CHILD": "4", "DOLO_START": "04/04/2026"},
                    {"CHILD": "4", "DOLO_START": "08/04/2026", "DOLO_END": "10/04/2026"},
                ]
            },
            {"1", "2", "4"},
            year=2027,
        ),
        passes(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "01/01/2027", "DOLO_END": "02/01/2027"},
                    {"CHILD": "1", "DOLO_START": "02/01/2027", "DOLO_END": "05/01/2027"},
                    {"CHILD": "1", "DOLO_START": "06/01/2027"},
                ]
            },
            year=2027,
        ),
    ),
    "706": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "01/01/2026"},
                    {"CHILD": "2", "DOLO_START": "01/01/2026"},
                    {"CHILD": "3", "DOLO_START": "01/01/2026"},
                ]
            },
            {"1"},
            year=2027,
            previous={
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "01/01/2025", "DOLO_END": "02/01/2025"},
                    {"CHILD": "1", "DOLO_START": "03/01/2025"},
                    {"CHILD": "2", "DOLO_START": "01/01/2026"},
                    {"CHILD": "3", "DOLO_START": "01/01/2025", "DOLO_END": "02/01/2025"},
                ]
            },
        ),
        passes(
            {"DoLo": [{"CHILD": "1", "DOLO_START": "01/01/2026"}]},
            year=2027,
            previous={"DoLo": [{"CHILD": "1", "DOLO_START": "01/01/2026"}]},
        ),
    ),
    "707": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "01/05/2026"},
                    {"CHILD": "2", "DOLO_START": "01/05/2026", "DOLO_END": "01/01/2027"},
                    {"CHILD": "3", "DOLO_START": "01/05/2026", "DOLO_END": "01/03/2027"},
                    {"CHILD": "4", "DOLO_START": "01/05/2026"},
                    {"CHILD": "5", "DOLO_START": "01/05/2026"},
                    {"CHILD": "6", "DOLO_START": "01/05/2026"},
                    {"CHILD": "6", "DOLO_START": "01/11/2026"},
                    {"CHILD": "7", "DOLO_START": "01/05/2026"},
                ],
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/04/2026", "DEC": "01/02/2027"},
                    {"CHILD": "2", "DECOM": "01/04/2026", "DEC": "01/02/2027"},
                    {"CHILD": "3", "DECOM": "01/04/2026", "DEC": "01/02/2027"},
                    {"CHILD": "4", "DECOM": "01/04/2026", "DEC": "01/06/2026"},
                    {"CHILD": "4", "DECOM": "01/06/2026"},
                    {"CHILD": "5", "DECOM": "01/06/2026"},
                    {"CHILD": "6", "DECOM": "01/04/2026", "DEC": "01/06/2026"},
                    {"CHILD": "6", "DECOM": "01/10/2026"},
                ],
            },
            {"1", "3", "5", "6"},
            year=2027,
            note="6: the DoLO from May falls outside both periods of care; 7 has no episodes",
        ),
        passes(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "01/05/2026", "DOLO_END": "01/01/2027"},
                    {"CHILD": "2", "DOLO_START": "01/05/2026"},
                ],
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/04/2026", "DEC": "01/02/2027"},
                    {"CHILD": "2", "DECOM": "01/04/2026", "DEC": "01/06/2026"},
                    {"CHILD": "2", "DECOM": "01/06/2026"},
                ],
            },
            year=2027,
        ),
    ),
    "708": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "01/01/2020", "DOB": "01/01/2020"},
                    {"CHILD": "2", "DOB": "01/01/2020"},
                    {"CHILD": "3", "DOLO_START": "01/01/2020"},
                    {"CHILD": "4", "DOLO_START": "01/01/2020", "DOB": "01/01/2019"},
                    {"CHILD": "5", "DOLO_START": "01/01/2019", "DOB": "01/01/2020"},
                ]
            },
            {"1", "5"},
            year=2027,
        ),
        passes(
            {"DoLo": [{"CHILD": "1", "DOLO_START": "01/01/2026", "DOB": "01/01/2019"}]},
            year=2027,
        ),
    ),
    "709": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "02/01/2027", "DOLO_END": "03/01/2027"},
                    {"CHILD": "2", "DOLO_START": "31/12/2026", "DOLO_END": "05/01/2027"},
                    {"CHILD": "3", "DOLO_START": "25/12/2026", "DOLO_END": "31/12/2026"},
                    {"CHILD": "4", "DOLO_START": "02/01/2027"},
                    {"CHILD": "5", "DOLO_START": "02/01/2027", "DOLO_END": "03/01/2027"},
                    {"CHILD": "6", "DOLO_START": "02/02/2027", "DOLO_END": "03/02/2027"},
                ],
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "P"},
                    {"CHILD": "1", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "K2"},
                    {"CHILD": "2", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "U1"},
                    {"CHILD": "3", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "U1"},
                    {"CHILD": "4", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "U1"},
                    {"CHILD": "5", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "Z12"},
                    {"CHILD": "6", "DECOM": "01/01/2027", "PLACE": "U1"},
                ],
            },
            {"1", "2", "6"},
            year=2027,
        ),
        passes(
            {
                "DoLo": [{"CHILD": "1", "DOLO_START": "02/01/2027", "DOLO_END": "03/01/2027"}],
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "K2"},
                    {"CHILD": "1", "DECOM": "04/01/2027", "PLACE": "U1"},
                ],
            },
            year=2027,
        ),
    ),
    "710": (
        fails(
            {
                "DoLo": [
                    {"CHILD": "1", "DOLO_START": "02/01/2027", "DOLO_END": "03/01/2027"},
                    {"CHILD": "2", "DOLO_START": "31/12/2026", "DOLO_END": "05/01/2027"},
                    {"CHILD": "3", "DOLO_START": "25/12/2026", "DOLO_END": "31/12/2026"},
                    {"CHILD": "4", "DOLO_START": "02/01/2027"},
                    {"CHILD": "5", "DOLO_START": "02/01/2027", "DOLO_END": "03/01/2027"},
                    {"CHILD": "6", "DOLO_START": "02/02/2027", "DOLO_END": "03/02/2027"},
                ],
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "P1"},
                    {"CHILD": "1", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "K2"},
                    {"CHILD": "2", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "K1"},
                    {"CHILD": "3", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "K1"},
                    {"CHILD": "4", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "K1"},
                    {"CHILD": "5", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "U1"},
                    {"CHILD": "6", "DECOM": "01/01/2027", "PLACE": "R5"},
                ],
            },
            {"1", "2", "6"},
            year=2027,
        ),
        passes(
            {
                "DoLo": [{"CHILD": "1", "DOLO_START": "02/01/2027", "DOLO_END": "03/01/2027"}],
                "Episodes": [
                    {"CHILD": "1", "DECOM": "01/01/2027", "DEC": "04/01/2027", "PLACE": "U1"},
                    {"CHILD": "1", "DECOM": "04/01/2027", "PLACE": "K1"},
                ],
            },
            year=2027,
        ),
    ),
}


def _not_in_header(table: str) -> tuple:
    return (
        fails(
            {
                "Header": [{"CHILD": "1"}, {"CHILD": "2"}],
                table: [{"CHILD": "1"}, {"CHILD": "3"}, {"CHILD": "3"}],
            },
            {"3"},
        ),
        passes({"Header": [{"CHILD": "1"}, {"CHILD": "2"}], table: [{"CHILD": "1"}]}),
    )


def _differs_from_header(table: str, column: str, same: str, other: str) -> tuple:
    return (
        fails(
            {
                "Header": [
                    {"CHILD": "1", column: same},
                    {"CHILD": "2", column: same},
                    {"CHILD": "3"},
                ],
                table: [
                    {"CHILD": "1", column: same},
                    {"CHILD": "2", column: other},
                    {"CHILD": "3", column: other},
                    {"CHILD": "4", column: other},
                ],
            },
            {"2"},
        ),
        passes(
            {
                "Header": [{"CHILD": "1", column: same}, {"CHILD": "2", column: same}],
                table: [{"CHILD": "1", column: same}, {"CHILD": "2"}],
            }
        ),
    )


def _more_than_once(table: str) -> tuple:
    return (
        fails({table: [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "1"}, {}, {}]}, {"1"}),
        passes({table: [{"CHILD": "1"}, {"CHILD": "2"}]}),
    )


CASES |= {
    "EPI": (
        fails(
            {
                "Header": [{"CHILD": "101"}, {"CHILD": "102"}, {"CHILD": "103"}, {"CHILD": "104"}],
                "Episodes": [{"CHILD": "101"}, {"CHILD": "101"}],
                "OC3": [{"CHILD": "103"}],
            },
            {"102", "104"},
        ),
        passes(
            {
                "Header": [{"CHILD": "101"}, {"CHILD": "103"}],
                "Episodes": [{"CHILD": "101"}],
                "OC3": [{"CHILD": "103"}],
            }
        ),
    ),
    "INT01": _not_in_header("AD1"),
    "INT02": _not_in_header("PlacedAdoption"),
    "INT03": _not_in_header("Episodes"),
    "INT04": _not_in_header("Missing"),
    "INT05": _not_in_header("OC2"),
    "INT06": _not_in_header("OC3"),
    "INT07": _not_in_header("PrevPerm"),
    "INT08": _not_in_header("Reviews"),
    "INT09": _not_in_header("UASC"),
    "INT11": _differs_from_header("AD1", "DOB", "01/04/2020", "04/01/2020"),
    "INT12": _differs_from_header("PlacedAdoption", "DOB", "01/04/2020", "04/01/2020"),
    "INT13": _differs_from_header("Missing", "DOB", "01/04/2020", "04/01/2020"),
    "INT14": _differs_from_header("OC2", "DOB", "01/04/2020", "04/01/2020"),
    "INT15": _differs_from_header("OC3", "DOB", "01/04/2020", "04/01/2020"),
    "INT16": _differs_from_header("PrevPerm", "DOB", "01/04/2020", "04/01/2020"),
    "INT17": _differs_from_header("Reviews", "DOB", "01/04/2020", "04/01/2020"),
    "INT18": _differs_from_header("UASC", "DOB", "01/04/2020", "04/01/2020"),
    "INT21": _differs_from_header("UASC", "SEX", "1", "2"),
    "INT31": _more_than_once("AD1"),
    "INT32": _more_than_once("Header"),
    "INT33": _more_than_once("OC2"),
    "INT34": _more_than_once("OC3"),
    "INT35": _more_than_once("PrevPerm"),
    "INT36": _more_than_once("UASC"),
    "NoE": (
        fails(
            {
                "Episodes": [
                    {"CHILD": "101", "DECOM": "14/03/2025"},
                    {"CHILD": "102", "DECOM": "08/09/2025"},
                    {"CHILD": "103", "DECOM": "03/10/2024"},
                ]
            },
            {"103"},
            previous={
                "Episodes": [
                    {"CHILD": "101", "DECOM": "14/03/2025"},
                    {"CHILD": "102", "DECOM": "16/06/2023"},
                ]
            },
        ),
        passes(
            {"Episodes": [{"CHILD": "101", "DECOM": "14/03/2025"}]},
            previous={"Episodes": [{"CHILD": "101", "DECOM": "14/03/2025"}]},
        ),
    ),
}


def _sw(child: str, decom: str | None, dec: str | None = None, reason: str | None = None) -> dict:
    row = {"CHILD": child, "SW_ID": "SW123", "SW_DECOM": decom, "SW_DEC": dec}
    return row | ({"SW_REASON": reason} if reason else {})


CASES |= {
    "SW02STG1": (
        fails(
            {
                "SWEpisodes": [
                    {"CHILD": "1", "SW_ID": "SW000"},
                    {"CHILD": "2", "SW_ID": "XX000"},
                    {"CHILD": "3", "SW_ID": "aa00"},
                    {"CHILD": "4", "SW_ID": "xx000"},
                    {"CHILD": "5", "SW_ID": "SW"},
                    {"CHILD": "6"},
                ]
            },
            {"3", "4", "5", "6"},
        ),
        passes({"SWEpisodes": [{"CHILD": "1", "SW_ID": "SW000"}, {"CHILD": "2", "SW_ID": "XX00"}]}),
    ),
    "SW04STG1": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "ZZ/ZZ/ZZZZ"),
                    _sw("2", "01/01/2026"),
                    _sw("3", "1999/12/01"),
                    _sw("4", None),
                ]
            },
            {"1", "3"},
        ),
        passes({"SWEpisodes": [_sw("1", "01/01/2026"), _sw("2", None)]}),
    ),
    "SW05STG1": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "01/01/2026", "ZZ/ZZ/ZZZZ"),
                    _sw("2", "01/01/2026", "02/02/2026"),
                    _sw("3", "01/01/2026", "zz"),
                    _sw("4", "01/01/2026"),
                ]
            },
            {"1", "3"},
        ),
        passes({"SWEpisodes": [_sw("1", "01/01/2026", "02/02/2026"), _sw("2", "01/01/2026")]}),
    ),
    "SW06STG2": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "01/04/2026"),
                    _sw("2", "31/03/2026"),
                    _sw("3", "01/01/2020"),
                    _sw("4", None),
                ]
            },
            {"1"},
        ),
        passes({"SWEpisodes": [_sw("1", "31/03/2026")]}),
    ),
    "SW07STG2": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "01/01/2026", "01/04/2026"),
                    _sw("2", "01/01/2024", "31/03/2024"),
                    _sw("3", "01/01/2024", "01/04/2024"),
                    _sw("4", "01/01/2026"),
                    _sw("5", "01/01/2026", "31/03/2026"),
                ]
            },
            {"1", "2"},
        ),
        passes({"SWEpisodes": [_sw("1", "01/01/2024", "01/04/2024"), _sw("2", "01/01/2026")]}),
    ),
    "SW08STG2": (
        fails(
            {
                "SWEpisodes": [
                    _sw("111", "01/06/2025", "04/06/2025"),
                    _sw("111", "05/06/2025", "06/06/2025"),
                    _sw("333", "06/06/2025"),
                    _sw("333", "07/06/2025", "08/06/2025"),
                    _sw("444", "08/06/2025", "09/06/2025"),
                    _sw("444", "15/06/2025"),
                    _sw("666", "14/06/2025"),
                    _sw("666", None),
                    _sw("999", "31/06/2025"),
                    _sw("123", None),
                ]
            },
            {"333", "666"},
        ),
        passes({"SWEpisodes": [_sw("1", "01/06/2025", "04/06/2025"), _sw("1", "05/06/2025")]}),
    ),
    "SW09STG2": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "02/01/2026", "01/01/2026"),
                    _sw("2", "01/01/2026", "04/01/2026"),
                    _sw("3", "01/01/2026", "03/01/2026"),
                    _sw("4", None, "01/01/2026"),
                    _sw("5", "01/01/2026"),
                ]
            },
            {"1", "3"},
        ),
        passes({"SWEpisodes": [_sw("1", "01/01/2026", "04/01/2026"), _sw("2", "01/01/2026")]}),
    ),
}

_SW10_ROWS = [
    _sw("1", "01/01/2026", "09/01/2026", "MANAGE"),
    _sw("1", "02/01/2026", "03/01/2026", "MANAGE"),
    _sw("2", "01/01/2025", "09/01/2026", "MANAGE"),
    _sw("2", "01/01/2026", "10/01/2026", "MANAGE"),
    _sw("3", "10/01/2026", "20/01/2026", "MANAGE"),
    _sw("3", "10/01/2026", "11/01/2026", "MANAGE"),
    _sw("3", "18/01/2026", "20/01/2026", "MANAGE"),
    _sw("3", "30/01/2026", "31/01/2026", "MANAGE"),
    _sw("6", "01/01/2025", "09/01/2026", "MANAGE"),
    _sw("6", "01/01/2026", "10/01/2026", "FCONTA"),
    _sw("7", "01/01/2026"),
    _sw("7", "02/01/2026", "03/01/2026"),
]
_SW10_CLEAN = [
    _sw("1", "01/01/2026", "09/01/2026", "MANAGE"),
    _sw("1", "05/01/2026", "03/02/2026", "MANAGE"),
    _sw("1", "10/02/2026", None, "FCONTA"),
]

CASES |= {
    "SW10STG2": (
        fails({"SWEpisodes": _SW10_ROWS}, {"2", "3", "7"}),
        passes({"SWEpisodes": _SW10_CLEAN}),
    ),
    "SW10aSTG2": (
        fails({"SWEpisodes": _SW10_ROWS}, {"2", "3", "7"}),
        passes({"SWEpisodes": _SW10_CLEAN}),
    ),
    "SW10bSTG2": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "01/01/2026", "09/01/2026", "MANAGE"),
                    _sw("1", "02/01/2026", "03/01/2026", "MANAGE"),
                    _sw("3", "10/01/2026", "20/01/2026", "MANAGE"),
                    _sw("3", "18/01/2026", "20/01/2026", "MANAGE"),
                    _sw("3", "19/01/2026", "21/01/2026", "FCONTA"),
                    _sw("6", "01/01/2025", "02/01/2026", "MANAGE"),
                    _sw("6", "01/01/2026", "08/01/2026", "FCONTA"),
                    _sw("7", "01/01/2025", "02/01/2026", "MANAGE"),
                    _sw("7", "03/01/2026", "08/01/2026", "FCONTA"),
                ]
            },
            {"3", "6"},
        ),
        passes({"SWEpisodes": _SW10_CLEAN}),
    ),
    "SW11bSTG2": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "01/04/2025", "26/03/2026"),
                    _sw("1", "01/05/2025"),
                    _sw("2", "01/04/2025", "25/03/2026"),
                    _sw("2", "02/04/2025", "03/04/2025"),
                    _sw("4", "01/04/2025", "30/03/2026"),
                    _sw("4", "30/03/2026", "03/04/2026"),
                    _sw("5", "01/04/2025", "30/03/2026"),
                    _sw("6", "01/04/2025", "26/03/2026"),
                    _sw("6", None),
                    _sw("7", "01/04/2025", "25/03/2026"),
                    _sw("7", None),
                    _sw("8", "01/04/2025", "26/03/2026"),
                    _sw("8", "27/03/2026", "28/03/2026"),
                    _sw("8", None),
                    _sw("9", "01/03/2026", "25/03/2026"),
                    _sw("9", "26/03/2026", "27/03/2026"),
                ]
            },
            {"5", "6", "8", "9"},
        ),
        passes(
            {
                "SWEpisodes": [
                    _sw("1", "01/04/2025", "27/03/2026"),
                    _sw("1", "28/03/2026"),
                    _sw("2", "01/04/2025"),
                ]
            }
        ),
    ),
    "SW12STG2": (
        fails(
            {
                "Episodes": [
                    # in care all year; social worker reported only from June: fails
                    {"CHILD": "1", "DECOM": "01/01/2020", "RNE": "S", "LS": "C2"},
                    # in care all year, no social worker episode at all: fails
                    {"CHILD": "2", "DECOM": "01/01/2020", "RNE": "S", "LS": "C2"},
                    # in care all year, social worker since before care: passes
                    {"CHILD": "3", "DECOM": "01/01/2020", "RNE": "S", "LS": "C2"},
                    # came into care in August, social worker from then: passes
                    {"CHILD": "4", "DECOM": "01/08/2025", "RNE": "S", "LS": "C2"},
                    # left care in January: not looked after on 31 March, not checked
                    {"CHILD": "5", "DECOM": "01/01/2020", "DEC": "10/01/2026", "RNE": "S"}
                    | {"REC": "E11", "LS": "C2"},
                    # a short break only: not checked
                    {"CHILD": "6", "DECOM": "01/01/2020", "RNE": "S", "LS": "V4"},
                ],
                "SWEpisodes": [
                    _sw("1", "01/06/2025"),
                    _sw("3", "01/06/2019"),
                    _sw("4", "01/08/2025"),
                ],
            },
            {"1", "2"},
        ),
        passes(
            {
                "Episodes": [
                    {"CHILD": "3", "DECOM": "01/01/2020", "RNE": "S", "LS": "C2"},
                    {"CHILD": "4", "DECOM": "01/08/2025", "RNE": "S", "LS": "C2"},
                ],
                "SWEpisodes": [_sw("3", "01/06/2019"), _sw("4", "01/07/2025")],
            }
        ),
    ),
    "SW13STG1": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "01/01/2020", None, "LAZINESS"),
                    _sw("2", "01/01/2020", None, "SWDIED"),
                    _sw("3", "01/01/2020"),
                    _sw("4", "01/04/2023"),
                ]
            },
            {"1", "4"},
        ),
        passes({"SWEpisodes": [_sw("1", "01/01/2026", None, "CHCHAN"), _sw("2", "01/01/2020")]}),
    ),
    "SW17STG2": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "01/01/2026"),
                    _sw("2", "01/01/2025", "01/01/2026"),
                    _sw("2", "02/01/2025", "01/01/2026"),
                    _sw("1", "01/01/2025", "01/01/2026"),
                ]
            },
            {"2"},
        ),
        passes({"SWEpisodes": [_sw("1", "01/01/2025", "01/01/2026"), _sw("1", "02/01/2026")]}),
    ),
    "SW18STG2": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "01/01/2026", "01/01/2026"),
                    _sw("2", "02/01/2026", "01/01/2026"),
                    _sw("3", "01/01/2026", "02/01/2026"),
                    _sw("4", None, "02/01/2026"),
                ]
            },
            {"1", "2"},
        ),
        passes({"SWEpisodes": [_sw("1", "01/01/2026", "02/01/2026"), _sw("2", "01/01/2026")]}),
    ),
    "SW19STG2": (
        fails(
            {
                "SWEpisodes": [
                    _sw("1", "01/01/2026"),
                    _sw("2", "01/01/2026", "01/01/2026"),
                    _sw("2", "02/01/2025", "01/01/2026"),
                    _sw("1", "01/01/2026", "01/01/2026"),
                ]
            },
            {"1"},
        ),
        passes({"SWEpisodes": [_sw("1", "01/01/2026"), _sw("2", "01/01/2026")]}),
    ),
}
