"""Cases for CIN census rules 100 to 8610."""

from tests.validation.harness import fails, passes

CASES = {
    "100": (
        fails({"Header": [{"Year": "2026", "ReferenceDate": "2025-03-31"}]}, "-"),
        passes({"Header": [{"Year": "2026", "ReferenceDate": "2026-03-31"}]}),
    ),
    "1510": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "UPN": "X000000000000"},
                    {"LAchildID": "B", "UPN": "A000000000000"},
                    {"LAchildID": "C", "UPN": "Y201000000001"},
                    {"LAchildID": "D", "UPN": "A20100000001"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "B", "UPN": "A000000000000"},
                    {"LAchildID": "C", "UPN": "Y201000000001"},
                    {"LAchildID": "E", "UPN": "A2010000000X1"},
                ]
            }
        ),
    ),
    "1520": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "UPN": "A123456789012"},
                    {"LAchildID": "B", "UPN": "A123456789012"},
                    {"LAchildID": "C", "UPN": "B123456789012"},
                    {"LAchildID": "D"},
                    {"LAchildID": "E"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "UPN": "A123456789012"},
                    {"LAchildID": "D"},
                    {"LAchildID": "E"},
                ]
            }
        ),
    ),
    "1530": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "UPN": "A999456789012"},
                    {"LAchildID": "B", "UPN": "A201456789012"},
                    {"LAchildID": "C", "UPN": "A003456789012"},
                    {"LAchildID": "D", "UPN": "A99945678901"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "B", "UPN": "A201456789012"},
                    {"LAchildID": "C", "UPN": "A943456789012"},
                ]
            }
        ),
    ),
    "1540": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "UPN": "A2014X6789012"},
                    {"LAchildID": "B", "UPN": "A201456789012"},
                    {"LAchildID": "C", "UPN": "A201"},
                    {"LAchildID": "D"},
                ]
            },
            {"A", "C"},
        ),
        passes({"ChildIdentifiers": [{"LAchildID": "B", "UPN": "A201456789012"}]}),
    ),
    "1550": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "UPN": "A20145678901I"},
                    {"LAchildID": "B", "UPN": "A20145678901A"},
                    {"LAchildID": "C", "UPN": "A201456789015"},
                ]
            },
            {"A"},
        ),
        passes({"ChildIdentifiers": [{"LAchildID": "B", "UPN": "A20145678901A"}]}),
    ),
    "1560Q": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "FormerUPN": "A12345678901"},
                    {"LAchildID": "B", "FormerUPN": "1123456789012"},
                    {"LAchildID": "C", "FormerUPN": "A12345678901X"},
                    {"LAchildID": "D", "FormerUPN": "A123456789012"},
                    {"LAchildID": "E"},
                ]
            },
            {"A", "B", "C"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "D", "FormerUPN": "A123456789012"},
                    {"LAchildID": "E"},
                ]
            }
        ),
    ),
    "1570": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A123456789012345678901"},
                    {"LAchildID": "B1234567890123456789"},
                ]
            },
            {"A123456789012345678901"},
        ),
        passes({"ChildIdentifiers": [{"LAchildID": "B1234567890123456789"}]}),
    ),
    "1580": (
        fails(
            {"ChildIdentifiers": [{"LAchildID": "A-1"}, {"LAchildID": "B 2"}, {"LAchildID": "C3"}]},
            {"A-1", "B 2"},
        ),
        passes({"ChildIdentifiers": [{"LAchildID": "C3"}, {"LAchildID": "d4E"}]}),
    ),
    "1103": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                    {"LAchildID": "C", "CINdetailsID": 1},
                ],
                "Assessments": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-06-30",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-07-01",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-06-30",
                    },
                ],
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                    {"LAchildID": "B", "CINdetailsID": 2, "CINreferralDate": "2025-09-01"},
                ],
                "Assessments": [
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-08-01",
                    },
                    {"LAchildID": "B", "CINdetailsID": 2, "AssessmentID": 1},
                ],
            }
        ),
    ),
    "1104": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-07-01",
                        "DateOfInitialCPC": "2025-06-01",
                    },
                ],
                "Section47": [
                    {"LAchildID": "A", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-30"},
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-07-10"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"}
                ],
                "Section47": [
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-07-01"},
                    {"LAchildID": "B", "CINdetailsID": 1},
                ],
            }
        ),
    ),
    "1105": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                    {"LAchildID": "A", "CINdetailsID": 2, "CINreferralDate": "2025-05-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                ],
                "ChildProtectionPlans": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-07-02"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"}
                ],
                "ChildProtectionPlans": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-07-01"},
                ],
            }
        ),
    ),
    "2883": (
        fails(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-07-02"},
                ],
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-03-01"},
                ],
            },
            "-",
        ),
        passes(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-07-02"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2024-07-02"},
                ],
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                ],
                "Section47": [
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-07-02"},
                ],
            }
        ),
    ),
    "2884": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1},
                ],
                "Section47": [
                    {"LAchildID": "A", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-07-01"},
                    {"LAchildID": "C", "CINdetailsID": 1},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1},
                ],
                "Section47": [
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-07-01"},
                    {"LAchildID": "C", "CINdetailsID": 1},
                ],
            }
        ),
    ),
    "2885": (
        fails(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "E", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "F", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-03-01"},
                ],
                "Section47": [
                    {"LAchildID": "A", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-02"},
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-02"},
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                    {"LAchildID": "D", "CINdetailsID": 1, "ICPCnotRequired": "1"},
                ],
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                    {"LAchildID": "D", "CINdetailsID": 1},
                    {"LAchildID": "E", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                    {"LAchildID": "F", "CINdetailsID": 1},
                ],
            },
            {"A", "D"},
        ),
        passes(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                ],
                "Section47": [
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-02"},
                    {"LAchildID": "B", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                ],
                "CINdetails": [
                    {"LAchildID": "C", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                ],
            }
        ),
    ),
    "2886Q": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "Sex": "U"},
                    {"LAchildID": "B", "Sex": "M"},
                    {"LAchildID": "C", "ExpectedPersonBirthDate": "2026-05-01"},
                ]
            },
            "-",
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "B", "Sex": "M"},
                    {"LAchildID": "C", "ExpectedPersonBirthDate": "2026-05-01"},
                ]
            }
        ),
    ),
    "2887Q": (
        fails(
            {
                "Disabilities": [
                    {"LAchildID": "A", "Disability": code}
                    for code in ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "NONE")
                ]
            },
            "-",
        ),
        passes(
            {
                "Disabilities": [
                    {"LAchildID": "A", "Disability": code}
                    for code in ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS")
                ]
            },
            note="the reference counts NONE rows: see the rule's docstring",
        ),
    ),
    "2888Q": (
        fails(
            {
                "Disabilities": [
                    {"LAchildID": "A", "Disability": "MOB"},
                    {"LAchildID": "A", "Disability": "NONE"},
                    {"LAchildID": "B", "Disability": "HAND"},
                ]
            },
            "-",
        ),
        passes(
            {
                "Disabilities": [
                    {"LAchildID": "A", "Disability": "MOB"},
                    {"LAchildID": "A", "Disability": "HAND"},
                    {"LAchildID": "B", "Disability": "NONE"},
                ]
            }
        ),
    ),
    "2889": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                ],
                "Section47": [
                    {"LAchildID": "A", "CINdetailsID": 1, "S47ActualStartDate": "2025-06-30"},
                    {"LAchildID": "B", "CINdetailsID": 1, "S47ActualStartDate": "2025-07-01"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"}
                ],
                "Section47": [
                    {"LAchildID": "B", "CINdetailsID": 1, "S47ActualStartDate": "2025-07-01"},
                ],
            }
        ),
    ),
    "2990": (
        fails(
            {
                "CINdetails": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "ReasonForClosure": "RC8",
                        "DateOfInitialCPC": "2025-06-01",
                    },
                    {"LAchildID": "B", "CINdetailsID": 1, "ReasonForClosure": "RC9"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ReasonForClosure": "RC8"},
                    {"LAchildID": "D", "CINdetailsID": 1, "ReasonForClosure": "RC1"},
                    {"LAchildID": "E", "CINdetailsID": 1, "ReasonForClosure": "RC9"},
                    {"LAchildID": "E", "CINdetailsID": 2, "ReasonForClosure": "RC1"},
                ],
                "CINplanDates": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                    {"LAchildID": "E", "CINdetailsID": 2, "CINPlanStartDate": "2025-06-01"},
                ],
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "C", "CINdetailsID": 1, "ReasonForClosure": "RC8"},
                    {"LAchildID": "D", "CINdetailsID": 1, "ReasonForClosure": "RC1"},
                ],
                "CINplanDates": [
                    {"LAchildID": "D", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                ],
                "Section47": [{"LAchildID": "D", "CINdetailsID": 1}],
            }
        ),
    ),
    "2991Q": (
        fails(
            {
                "Section47": [
                    {"LAchildID": "A", "CINdetailsID": 1},
                    {"LAchildID": "B", "CINdetailsID": 1},
                ],
                "Assessments": [
                    {"LAchildID": "A", "CINdetailsID": 2, "AssessmentID": 1},
                    {"LAchildID": "B", "CINdetailsID": 1, "AssessmentID": 1},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "Section47": [{"LAchildID": "B", "CINdetailsID": 1}],
                "Assessments": [
                    {"LAchildID": "B", "CINdetailsID": 1, "AssessmentID": 1},
                    {"LAchildID": "C", "CINdetailsID": 1, "AssessmentID": 1},
                ],
            }
        ),
    ),
    "4000": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReferralNFA": "1"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReferralNFA": "true"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "D", "CINdetailsID": 1, "ReferralNFA": "1"},
                ],
                "CINplanDates": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                    {"LAchildID": "D", "CINdetailsID": 2, "CINPlanStartDate": "2025-06-01"},
                ],
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "C", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "D", "CINdetailsID": 1, "ReferralNFA": "1"},
                ],
                "CINplanDates": [
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                ],
            }
        ),
    ),
    "4001": (
        fails(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-06-01",
                        "CPPendDate": "2025-08-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                ],
                "CINplanDates": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINPlanStartDate": "2025-05-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-09-01"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-04-01",
                        "CINPlanEndDate": "2025-05-01",
                    },
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildProtectionPlans": [
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-06-01",
                        "CPPendDate": "2025-08-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                ],
                "CINplanDates": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-09-01"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-04-01",
                        "CINPlanEndDate": "2025-05-01",
                    },
                ],
            }
        ),
    ),
    "4003": (
        fails(
            {
                "ChildProtectionPlans": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-05-01",
                        "CPPendDate": "2025-12-01",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-05-01",
                        "CPPendDate": "2025-07-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-05-01"},
                ],
                "Reviews": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPreviewDate": "2025-08-01",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPreviewDate": "2025-07-01",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPreviewDate": "2025-08-01",
                    },
                ],
                "CINplanDates": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-07-01",
                        "CINPlanEndDate": "2025-09-01",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-06-01",
                        "CINPlanEndDate": "2025-09-01",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-07-01",
                        "CINPlanEndDate": "2025-09-01",
                    },
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildProtectionPlans": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-05-01",
                        "CPPendDate": "2025-12-01",
                    },
                ],
                "Reviews": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPreviewDate": "2025-09-01",
                    },
                ],
                "CINplanDates": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-07-01",
                        "CINPlanEndDate": "2025-09-01",
                    },
                ],
            }
        ),
    ),
    "4004": (
        fails(
            {
                "CINplanDates": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINPlanStartDate": "2025-05-01"},
                    {"LAchildID": "A", "CINdetailsID": 1, "CINPlanStartDate": "2025-07-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-05-01"},
                    {"LAchildID": "B", "CINdetailsID": 2, "CINPlanStartDate": "2025-07-01"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "CINplanDates": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-01",
                        "CINPlanEndDate": "2025-06-01",
                    },
                    {"LAchildID": "A", "CINdetailsID": 1, "CINPlanStartDate": "2025-07-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-05-01"},
                    {"LAchildID": "B", "CINdetailsID": 2, "CINPlanStartDate": "2025-07-01"},
                ]
            }
        ),
    ),
    "4008": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "C"},
                ],
                "CINplanDates": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-02"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-02"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "C"},
                ],
                "CINplanDates": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-02"},
                ],
            }
        ),
    ),
    "4009Q": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "C"},
                ],
                "CINplanDates": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-02",
                        "CINPlanEndDate": "2025-06-02",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-02",
                        "CINPlanEndDate": "2025-06-01",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-02",
                        "CINPlanEndDate": "2025-06-02",
                    },
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "C"},
                ],
                "CINplanDates": [
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-02",
                        "CINPlanEndDate": "2025-06-01",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-02",
                        "CINPlanEndDate": "2025-06-02",
                    },
                ],
            }
        ),
    ),
    "4010": (
        fails(
            {
                "CINplanDates": [
                    {"LAchildID": "A", "CINdetailsID": 1},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2026-04-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2026-03-31"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINplanDates": [
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2026-03-31"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CINPlanStartDate": "2020-03-31"},
                ]
            }
        ),
    ),
    "4011": (
        fails(
            {
                "CINplanDates": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-06-01",
                        "CINPlanEndDate": "2025-05-31",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-06-01",
                        "CINPlanEndDate": "2025-06-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "CINplanDates": [
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-06-01",
                        "CINPlanEndDate": "2025-06-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                ]
            }
        ),
    ),
    "4012Q": (
        fails(
            {
                "CINplanDates": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-06-01",
                        "CINPlanEndDate": "2025-06-01",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-06-01",
                        "CINPlanEndDate": "2025-06-02",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "CINplanDates": [
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-06-01",
                        "CINPlanEndDate": "2025-06-02",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1},
                ]
            }
        ),
    ),
    "4013": (
        fails(
            {
                "CINplanDates": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-01-01",
                        "CINPlanEndDate": "2025-03-31",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-06-01",
                        "CINPlanEndDate": "2026-04-01",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-01-01",
                        "CINPlanEndDate": "2025-04-01",
                    },
                    {"LAchildID": "D", "CINdetailsID": 1, "CINPlanStartDate": "2025-01-01"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINplanDates": [
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-01-01",
                        "CINPlanEndDate": "2025-04-01",
                    },
                    {"LAchildID": "D", "CINdetailsID": 1, "CINPlanStartDate": "2025-01-01"},
                    {
                        "LAchildID": "E",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-01-01",
                        "CINPlanEndDate": "2026-03-31",
                    },
                ]
            }
        ),
    ),
    "4014": (
        fails(
            {
                "CINplanDates": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-01",
                        "CINPlanEndDate": "2025-07-01",
                    },
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-06-01",
                        "CINPlanEndDate": "2025-08-01",
                    },
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-05-01"},
                    {"LAchildID": "B", "CINdetailsID": 2, "CINPlanStartDate": "2025-09-01"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-01",
                        "CINPlanEndDate": "2025-06-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-02"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINplanDates": [
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-01",
                        "CINPlanEndDate": "2025-06-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-02"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-02"},
                ]
            }
        ),
    ),
    "4015": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                ],
                "CINplanDates": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-30"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-07-01"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"}
                ],
                "CINplanDates": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-07-01"},
                    {"LAchildID": "B", "CINdetailsID": 1},
                ],
            }
        ),
    ),
    "4016": (
        fails(
            {
                "CINplanDates": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                ],
                "ChildProtectionPlans": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-05-01",
                        "CPPendDate": "2025-06-02",
                    },
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-05-01"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-05-01",
                        "CPPendDate": "2025-06-01",
                    },
                ],
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINplanDates": [
                    {"LAchildID": "C", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CINPlanStartDate": "2025-06-01"},
                ],
                "ChildProtectionPlans": [
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-05-01",
                        "CPPendDate": "2025-06-01",
                    },
                    {"LAchildID": "D", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-02"},
                ],
            }
        ),
    ),
    "4017": (
        fails(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                ],
                "CINplanDates": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-01",
                        "CINPlanEndDate": "2025-06-02",
                    },
                    {"LAchildID": "B", "CINdetailsID": 1, "CINPlanStartDate": "2025-05-01"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-01",
                        "CINPlanEndDate": "2025-06-01",
                    },
                ],
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-04-01"},
                ],
                "CINplanDates": [
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-01",
                        "CINPlanEndDate": "2025-06-01",
                    },
                    {"LAchildID": "D", "CINdetailsID": 1, "CINPlanStartDate": "2025-05-01"},
                ],
            }
        ),
    ),
    "4180": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "Sex": "X"},
                    {"LAchildID": "B"},
                    {"LAchildID": "C", "Sex": "F"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "C", "Sex": "F"},
                    {"LAchildID": "D", "Sex": "U"},
                    {"LAchildID": "E", "Sex": "M"},
                ]
            }
        ),
    ),
    "4220": (
        fails(
            {
                "ChildCharacteristics": [
                    {"LAchildID": "A", "Ethnicity": "WXYZ"},
                    {"LAchildID": "B"},
                    {"LAchildID": "C", "Ethnicity": "WBRI"},
                ]
            },
            {"A", "B"},
        ),
        passes({"ChildCharacteristics": [{"LAchildID": "C", "Ethnicity": "WBRI"}]}),
    ),
    "8500": (
        fails({"ChildIdentifiers": [{"UPN": "A123456789012"}, {"LAchildID": "B"}]}, {"-"}),
        passes({"ChildIdentifiers": [{"LAchildID": "B"}]}),
    ),
    "8510": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A"},
                    {"LAchildID": "A"},
                    {"LAchildID": "B"},
                ]
            },
            {"A"},
        ),
        passes({"ChildIdentifiers": [{"LAchildID": "A"}, {"LAchildID": "B"}]}),
    ),
    "8520": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonBirthDate": "2026-04-01"},
                    {"LAchildID": "B", "PersonBirthDate": "2026-03-31"},
                    {"LAchildID": "C"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "B", "PersonBirthDate": "2026-03-31"},
                    {"LAchildID": "C"},
                ]
            }
        ),
    ),
    "8525Q": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A"},
                    {
                        "LAchildID": "B",
                        "PersonBirthDate": "2020-01-01",
                        "ExpectedPersonBirthDate": "2020-01-01",
                    },
                    {"LAchildID": "C", "PersonBirthDate": "2020-01-01"},
                    {"LAchildID": "D", "ExpectedPersonBirthDate": "2026-05-01"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "C", "PersonBirthDate": "2020-01-01"},
                    {"LAchildID": "D", "ExpectedPersonBirthDate": "2026-05-01"},
                ]
            }
        ),
    ),
    "8530Q": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "ExpectedPersonBirthDate": "2026-03-01"},
                    {"LAchildID": "B", "ExpectedPersonBirthDate": "2026-12-31"},
                    {"LAchildID": "C", "ExpectedPersonBirthDate": "2026-03-02"},
                    {"LAchildID": "D", "ExpectedPersonBirthDate": "2026-12-30"},
                    {"LAchildID": "E", "PersonBirthDate": "2020-01-01"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "C", "ExpectedPersonBirthDate": "2026-03-02"},
                    {"LAchildID": "D", "ExpectedPersonBirthDate": "2026-12-30"},
                    {"LAchildID": "E", "PersonBirthDate": "2020-01-01"},
                ]
            }
        ),
    ),
    "8535Q": (
        fails(
            {
                "ChildIdentifiers": [
                    {
                        "LAchildID": "A",
                        "PersonBirthDate": "2025-06-02",
                        "PersonDeathDate": "2025-06-01",
                    },
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {
                        "LAchildID": "C",
                        "PersonBirthDate": "2025-06-01",
                        "PersonDeathDate": "2025-06-01",
                    },
                    {"LAchildID": "D", "PersonBirthDate": "2025-06-01"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {
                        "LAchildID": "C",
                        "PersonBirthDate": "2025-06-01",
                        "PersonDeathDate": "2025-06-01",
                    },
                    {"LAchildID": "D", "PersonBirthDate": "2025-06-01"},
                ]
            }
        ),
    ),
    "8540": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonBirthDate": "2020-01-01"},
                    {"LAchildID": "B", "PersonBirthDate": "2020-01-01"},
                    {"LAchildID": "C", "PersonBirthDate": "2020-01-01"},
                    {"LAchildID": "D", "PersonBirthDate": "2020-01-01"},
                    {"LAchildID": "E", "ExpectedPersonBirthDate": "2026-05-01"},
                ],
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReferralNFA": "false"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "D", "CINdetailsID": 1, "ReferralNFA": "1"},
                    {"LAchildID": "E", "CINdetailsID": 1, "ReferralNFA": "0"},
                ],
                "Disabilities": [
                    {"LAchildID": "A", "Disability": "XYZ"},
                    {"LAchildID": "C", "Disability": "NONE"},
                ],
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "C", "PersonBirthDate": "2020-01-01"},
                    {"LAchildID": "D", "PersonBirthDate": "2020-01-01"},
                ],
                "CINdetails": [
                    {"LAchildID": "C", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "D", "CINdetailsID": 1, "ReferralNFA": "1"},
                ],
                "Disabilities": [
                    {"LAchildID": "C", "Disability": "MOB"},
                    {"LAchildID": "C", "Disability": "AUT"},
                ],
            }
        ),
    ),
    "8545Q": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonDeathDate": "2025-03-31"},
                    {"LAchildID": "B", "PersonDeathDate": "2026-04-01"},
                    {"LAchildID": "C", "PersonDeathDate": "2025-04-01"},
                    {"LAchildID": "D"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "C", "PersonDeathDate": "2025-04-01"},
                    {"LAchildID": "D"},
                    {"LAchildID": "E", "PersonDeathDate": "2026-03-31"},
                ]
            }
        ),
    ),
    "8555Q": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "C"},
                ],
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINreferralDate": "2025-06-02"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINreferralDate": "2025-06-02"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "C"},
                ],
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINreferralDate": "2025-06-02"},
                ],
            }
        ),
    ),
    "8565": (
        fails(
            {
                "CINdetails": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINclosureDate": "2025-06-01",
                        "DateOfInitialCPC": "2025-06-02",
                    },
                    {"LAchildID": "B", "CINdetailsID": 1, "CINclosureDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINclosureDate": "2025-06-01"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CINclosureDate": "2025-06-01"},
                    {"LAchildID": "E", "CINdetailsID": 1},
                    {"LAchildID": "F", "CINdetailsID": 1, "CINclosureDate": "2025-06-01"},
                    {"LAchildID": "G", "CINdetailsID": 1, "CINclosureDate": "2025-06-01"},
                ],
                "ChildProtectionPlans": [
                    {
                        "LAchildID": "F",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-05-01",
                        "CPPendDate": "2025-06-02",
                    },
                ],
                "Assessments": [
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-05-01",
                        "AssessmentAuthorisationDate": "2025-06-05",
                    },
                    {
                        "LAchildID": "E",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-05-01",
                    },
                ],
                "Section47": [
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "S47ActualStartDate": "2025-06-01",
                        "DateOfInitialCPC": "2025-06-03",
                    },
                ],
                "CINplanDates": [
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-01",
                        "CINPlanEndDate": "2025-06-01",
                    },
                    {
                        "LAchildID": "G",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-01",
                        "CINPlanEndDate": "2025-06-02",
                    },
                ],
            },
            {"A", "B", "C", "F", "G"},
            note="F departs from the reference, which reads a hard-coded frame for CPPs",
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "D", "CINdetailsID": 1, "CINclosureDate": "2025-06-01"},
                    {"LAchildID": "E", "CINdetailsID": 1},
                ],
                "CINplanDates": [
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "CINPlanStartDate": "2025-05-01",
                        "CINPlanEndDate": "2025-06-01",
                    },
                ],
                "Assessments": [
                    {
                        "LAchildID": "E",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-05-01",
                    },
                ],
            }
        ),
    ),
    "8568": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReferralNFA": "yes"},
                    {"LAchildID": "B", "CINdetailsID": 1},
                    {"LAchildID": "C", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "D", "CINdetailsID": 1, "ReferralNFA": "True"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "C", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "D", "CINdetailsID": 1, "ReferralNFA": "True"},
                    {"LAchildID": "E", "CINdetailsID": 1, "ReferralNFA": "1"},
                ]
            }
        ),
    ),
    "8569Q": (
        fails(
            {
                "CINdetails": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-03-31",
                        "ReferralNFA": "1",
                    },
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-03-31"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-03-31",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-04-01",
                        "ReferralNFA": "1",
                    },
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINdetails": [
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-03-31",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-04-01",
                        "ReferralNFA": "1",
                    },
                ]
            }
        ),
    ),
    "8585Q": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A"},
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "C"},
                ],
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReasonForClosure": "RC2"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReasonForClosure": "RC2"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ReasonForClosure": "RC1"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "C"},
                ],
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "ReasonForClosure": "RC2"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ReasonForClosure": "RC1"},
                ],
            }
        ),
    ),
    "8590": (
        fails(
            {
                "ChildIdentifiers": [{"LAchildID": "A"}, {"LAchildID": "B"}],
                "CINdetails": [{"LAchildID": "B", "CINdetailsID": 1}],
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [{"LAchildID": "B"}],
                "CINdetails": [{"LAchildID": "B", "CINdetailsID": 1}],
            }
        ),
    ),
    "8600": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2026-04-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINreferralDate": "2026-03-31"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "C", "CINdetailsID": 1, "CINreferralDate": "2026-03-31"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CINreferralDate": "2019-03-31"},
                ]
            }
        ),
    ),
    "8606": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonBirthDate": "2025-10-08"},
                    {"LAchildID": "B", "ExpectedPersonBirthDate": "2026-05-01"},
                    {"LAchildID": "C", "PersonBirthDate": "2025-10-07"},
                ],
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINreferralDate": "2024-12-31"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINreferralDate": "2025-07-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINreferralDate": "2024-12-31"},
                ],
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "C", "PersonBirthDate": "2025-10-07"},
                    {"LAchildID": "D", "ExpectedPersonBirthDate": "2026-05-01"},
                ],
                "CINdetails": [
                    {"LAchildID": "C", "CINdetailsID": 1, "CINreferralDate": "2024-12-31"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CINreferralDate": "2025-07-26"},
                ],
            }
        ),
    ),
    "8608": (
        fails(
            {
                "Assessments": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-06-02",
                        "AssessmentAuthorisationDate": "2025-06-01",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-06-01",
                        "AssessmentAuthorisationDate": "2025-06-01",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-06-01",
                    },
                ]
            },
            {"A"},
        ),
        passes(
            {
                "Assessments": [
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-06-01",
                        "AssessmentAuthorisationDate": "2025-06-01",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-06-01",
                    },
                ]
            }
        ),
    ),
    "8610": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReferralNFA": "false"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ReferralNFA": "1"},
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "ReferralNFA": "0",
                        "PrimaryNeedCode": "N1",
                    },
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "C", "CINdetailsID": 1, "ReferralNFA": "1"},
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "ReferralNFA": "0",
                        "PrimaryNeedCode": "N1",
                    },
                ]
            }
        ),
    ),
}
