"""Cases for CIN census rules 8614 to 8950Q."""

from tests.validation.harness import fails, passes

ASS = {"LAchildID": "A", "CINdetailsID": 1, "AssessmentID": 1}
CLEAN_ASS = {"LAchildID": "B", "CINdetailsID": 1, "AssessmentID": 1}
PLAN_A = {"LAchildID": "A", "CINdetailsID": 1, "CPPID": 1}
PLAN_B = {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1}

CASES = {
    "8614": (
        fails(
            {
                "Assessments": [
                    {**ASS, "AssessmentActualStartDate": "2025-05-01"},
                    {**CLEAN_ASS, "AssessmentAuthorisationDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "AssessmentID": 1},
                ],
                "AssessmentFactorsList": [
                    {**ASS, "AssessmentFactor": "2A"},
                    {**CLEAN_ASS, "AssessmentFactor": "2A"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "Assessments": [{**CLEAN_ASS, "AssessmentAuthorisationDate": "2025-06-01"}],
                "AssessmentFactorsList": [{**CLEAN_ASS, "AssessmentFactor": "2A"}],
            }
        ),
    ),
    "8615": (
        fails(
            {
                "Section47": [
                    {
                        "LAchildID": "A",
                        "S47ActualStartDate": "2025-06-02",
                        "DateOfInitialCPC": "2025-06-01",
                    },
                    {"LAchildID": "B", "DateOfInitialCPC": "2025-06-01"},
                    {
                        "LAchildID": "C",
                        "S47ActualStartDate": "2025-06-01",
                        "DateOfInitialCPC": "2025-06-01",
                    },
                    {"LAchildID": "D", "S47ActualStartDate": "2025-06-01"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "Section47": [
                    {
                        "LAchildID": "C",
                        "S47ActualStartDate": "2025-05-01",
                        "DateOfInitialCPC": "2025-06-01",
                    }
                ]
            }
        ),
    ),
    "8620": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINclosureDate": "2025-03-31"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINclosureDate": "2026-04-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CINclosureDate": "2025-04-01"},
                    {"LAchildID": "D", "CINdetailsID": 1},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {"CINdetails": [{"LAchildID": "C", "CINdetailsID": 1, "CINclosureDate": "2026-03-31"}]}
        ),
    ),
    "8630": (
        fails(
            {
                "CINdetails": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-06-01",
                        "CINclosureDate": "2025-05-31",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-06-01",
                        "CINclosureDate": "2025-06-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "CINclosureDate": "2025-06-01"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-06-01",
                        "CINclosureDate": "2025-07-01",
                    }
                ]
            }
        ),
    ),
    "8640": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReasonForClosure": "RC10"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReasonForClosure": "RC9"},
                    {"LAchildID": "C", "CINdetailsID": 1},
                ]
            },
            {"A"},
        ),
        passes({"CINdetails": [{"LAchildID": "B", "CINdetailsID": 1, "ReasonForClosure": "RC1"}]}),
    ),
    "8650": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "PrimaryNeedCode": "N10"},
                    {"LAchildID": "B", "CINdetailsID": 1, "PrimaryNeedCode": "N9"},
                    {"LAchildID": "C", "CINdetailsID": 1},
                ]
            },
            {"A"},
        ),
        passes({"CINdetails": [{"LAchildID": "B", "CINdetailsID": 1, "PrimaryNeedCode": "N0"}]}),
    ),
    "8670Q": (
        # 44 working days before 31 March 2026 is 28 January 2026.
        fails(
            {
                "Assessments": [
                    {**ASS, "AssessmentActualStartDate": "2026-01-27"},
                    {**CLEAN_ASS, "AssessmentActualStartDate": "2026-01-28"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-06-01",
                        "AssessmentAuthorisationDate": "2025-07-01",
                    },
                ]
            },
            {"A"},
        ),
        passes({"Assessments": [{**CLEAN_ASS, "AssessmentActualStartDate": "2026-02-01"}]}),
    ),
    "8675Q": (
        # 14 working days before 31 March 2026 is 11 March 2026.
        fails(
            {
                "Section47": [
                    {
                        "LAchildID": "A",
                        "S47ActualStartDate": "2026-03-10",
                        "ICPCnotRequired": "0",
                    },
                    {
                        "LAchildID": "B",
                        "S47ActualStartDate": "2026-03-11",
                        "ICPCnotRequired": "0",
                    },
                    {
                        "LAchildID": "C",
                        "S47ActualStartDate": "2026-01-10",
                        "ICPCnotRequired": "1",
                    },
                    {
                        "LAchildID": "D",
                        "S47ActualStartDate": "2026-01-10",
                        "DateOfInitialCPC": "2026-01-20",
                        "ICPCnotRequired": "0",
                    },
                ]
            },
            {"A"},
        ),
        passes(
            {
                "Section47": [
                    {
                        "LAchildID": "B",
                        "S47ActualStartDate": "2026-03-20",
                        "ICPCnotRequired": "false",
                    }
                ]
            }
        ),
    ),
    "8696": (
        fails(
            {
                "Assessments": [
                    {**ASS, "AssessmentAuthorisationDate": "2026-04-01"},
                    {**CLEAN_ASS, "AssessmentAuthorisationDate": "2025-04-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "AssessmentID": 1},
                ]
            },
            {"A"},
        ),
        passes({"Assessments": [{**CLEAN_ASS, "AssessmentAuthorisationDate": "2026-03-31"}]}),
    ),
    "8715": (
        fails(
            {
                "Section47": [
                    {"LAchildID": "A", "DateOfInitialCPC": "2025-03-31"},
                    {"LAchildID": "B", "DateOfInitialCPC": "2025-04-01"},
                    {"LAchildID": "C"},
                ]
            },
            {"A"},
        ),
        passes({"Section47": [{"LAchildID": "B", "DateOfInitialCPC": "2026-03-31"}]}),
    ),
    "8720": (
        fails(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CPPID": 1},
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2026-04-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2024-04-01"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2026-03-31"}
                ]
            }
        ),
    ),
    "8730": (
        fails(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CPPID": 1},
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1, "NumberOfPreviousCPP": "-1"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "NumberOfPreviousCPP": "0"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "NumberOfPreviousCPP": "2"}
                ]
            }
        ),
    ),
    "8736": (
        fails(
            {
                "Assessments": [
                    {**ASS, "AssessmentActualStartDate": "2025-03-31"},
                    {"LAchildID": "B", "CINdetailsID": 1, "AssessmentID": 1},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-03-01",
                        "AssessmentAuthorisationDate": "2025-04-10",
                    },
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-04-01",
                    },
                ]
            },
            {"A", "B"},
        ),
        passes({"Assessments": [{**CLEAN_ASS, "AssessmentActualStartDate": "2026-03-31"}]}),
    ),
    "8740": (
        fails(
            {
                "Section47": [
                    {
                        "LAchildID": "A",
                        "S47ActualStartDate": "2025-03-31",
                        "ICPCnotRequired": "0",
                    },
                    {
                        "LAchildID": "B",
                        "S47ActualStartDate": "2025-03-31",
                        "ICPCnotRequired": "1",
                    },
                    {
                        "LAchildID": "C",
                        "S47ActualStartDate": "2025-03-31",
                        "DateOfInitialCPC": "2025-04-02",
                        "ICPCnotRequired": "0",
                    },
                    {
                        "LAchildID": "D",
                        "S47ActualStartDate": "2025-04-01",
                        "ICPCnotRequired": "0",
                    },
                ]
            },
            {"A"},
        ),
        passes(
            {
                "Section47": [
                    {
                        "LAchildID": "D",
                        "S47ActualStartDate": "2026-03-31",
                        "ICPCnotRequired": "0",
                    }
                ]
            }
        ),
    ),
    "8750": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "ExpectedPersonBirthDate": "2026-05-01", "Sex": "F"},
                    {"LAchildID": "B", "ExpectedPersonBirthDate": "2026-05-01", "Sex": "U"},
                    {"LAchildID": "C", "PersonBirthDate": "2020-05-01", "Sex": "M"},
                    {"LAchildID": "D", "ExpectedPersonBirthDate": "2026-05-01"},
                ]
            },
            {"A", "D"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "B", "ExpectedPersonBirthDate": "2026-05-01", "Sex": "U"},
                    {"LAchildID": "C", "PersonBirthDate": "2020-05-01", "Sex": "M"},
                ]
            }
        ),
    ),
    "8770Q": (
        # Born on or before 31 August 2020: of school age in the 2025-26 census.
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonBirthDate": "2020-08-31"},
                    {"LAchildID": "B", "PersonBirthDate": "2015-01-01", "UPNunknown": "UN1"},
                    {"LAchildID": "C", "PersonBirthDate": "2020-09-01"},
                    {"LAchildID": "D", "PersonBirthDate": "2015-01-01", "UPNunknown": "UN3"},
                    {"LAchildID": "E", "PersonBirthDate": "2015-01-01", "UPN": "A12345678901B"},
                    {"LAchildID": "F", "PersonBirthDate": "2015-01-01"},
                ],
                "CINdetails": [
                    {"LAchildID": c, "CINdetailsID": 1, "ReferralNFA": "0"} for c in "ABCDE"
                ]
                + [{"LAchildID": "F", "CINdetailsID": 1, "ReferralNFA": "1"}],
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "D", "PersonBirthDate": "2015-01-01", "UPNunknown": "UN3"},
                    {"LAchildID": "E", "PersonBirthDate": "2015-01-01", "UPN": "A12345678901B"},
                ],
                "CINdetails": [
                    {"LAchildID": "D", "CINdetailsID": 1, "ReferralNFA": "false"},
                    {"LAchildID": "E", "CINdetailsID": 1, "ReferralNFA": "0"},
                ],
            }
        ),
    ),
    "8772": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "UPNunknown": "UN7"},
                    {"LAchildID": "B", "UPNunknown": "UN7"},
                    {"LAchildID": "C", "UPNunknown": "UN1"},
                ],
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReferralNFA": "1"},
                    {"LAchildID": "A", "CINdetailsID": 2, "ReferralNFA": "0"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReferralNFA": "true"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ReferralNFA": "0"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [{"LAchildID": "B", "UPNunknown": "UN7"}],
                "CINdetails": [{"LAchildID": "B", "CINdetailsID": 1, "ReferralNFA": "1"}],
            }
        ),
    ),
    "8775Q": (
        # 25 years before 31 March 2026 is 31 March 2001.
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonBirthDate": "2001-03-30"},
                    {"LAchildID": "B", "PersonBirthDate": "2001-03-30"},
                    {"LAchildID": "C", "PersonBirthDate": "2001-03-31"},
                ],
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINclosureDate": "2026-03-31"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINclosureDate": "2026-03-30"},
                    {"LAchildID": "C", "CINdetailsID": 1},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [{"LAchildID": "B", "PersonBirthDate": "2001-03-30"}],
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINclosureDate": "2026-03-29"}
                ],
            }
        ),
    ),
    "8790": (
        fails(
            {
                "Disabilities": [
                    {"LAchildID": "A", "Disability": "NONE"},
                    {"LAchildID": "A", "Disability": "HAND"},
                    {"LAchildID": "B", "Disability": "NONE"},
                    {"LAchildID": "C", "Disability": "HAND"},
                    {"LAchildID": "C", "Disability": "VIS"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "Disabilities": [
                    {"LAchildID": "B", "Disability": "NONE"},
                    {"LAchildID": "C", "Disability": "HAND"},
                    {"LAchildID": "C", "Disability": "VIS"},
                ]
            }
        ),
    ),
    "8794": (
        fails(
            {
                "Disabilities": [
                    {"LAchildID": "A", "Disability": "HAND"},
                    {"LAchildID": "A", "Disability": "HAND"},
                    {"LAchildID": "B", "Disability": "HAND"},
                    {"LAchildID": "C", "Disability": "HAND"},
                    {"LAchildID": "C", "Disability": "VIS"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "Disabilities": [
                    {"LAchildID": "B", "Disability": "HAND"},
                    {"LAchildID": "C", "Disability": "HAND"},
                    {"LAchildID": "C", "Disability": "VIS"},
                ]
            }
        ),
    ),
    "8805": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINclosureDate": "2025-06-01"},
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINclosureDate": "2025-06-01",
                        "ReasonForClosure": "RC1",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1},
                ]
            },
            {"A"},
        ),
        passes({"CINdetails": [{"LAchildID": "C", "CINdetailsID": 1}]}),
    ),
    "8810": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReasonForClosure": "RC1"},
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINclosureDate": "2025-06-01",
                        "ReasonForClosure": "RC1",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1},
                ]
            },
            {"A"},
        ),
        passes({"CINdetails": [{"LAchildID": "C", "CINdetailsID": 1}]}),
    ),
    "8815": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "A", "CINdetailsID": 2, "ReferralNFA": "false"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "B", "CINdetailsID": 2, "ReferralNFA": "1"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "ReferralNFA": "0",
                        "CINclosureDate": "2025-06-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 2, "ReferralNFA": "0"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "B", "CINdetailsID": 2, "ReferralNFA": "1"},
                ]
            }
        ),
    ),
    "8816": (
        fails(
            {
                "CINdetails": [
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-05-01",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 2,
                        "CINreferralDate": "2025-06-01",
                        "CINclosureDate": "2025-07-01",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-05-01",
                        "CINclosureDate": "2025-05-20",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 2,
                        "CINreferralDate": "2025-06-01",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-05-01",
                        "ReferralNFA": "1",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 2,
                        "CINreferralDate": "2025-06-01",
                        "ReferralNFA": "0",
                    },
                ]
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-05-01",
                        "CINclosureDate": "2025-05-20",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 2,
                        "CINreferralDate": "2025-06-01",
                        "ReferralNFA": "0",
                    },
                ]
            }
        ),
    ),
    "8820": (
        fails(
            {
                "CINdetails": [
                    # A: the second referral falls inside the first (closed) episode.
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-05-01",
                        "CINclosureDate": "2025-07-01",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 2,
                        "CINreferralDate": "2025-06-01",
                        "CINclosureDate": "2025-08-01",
                        "ReferralNFA": "0",
                    },
                    # B: the second referral falls inside the first, still open, episode.
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-05-01",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 2,
                        "CINreferralDate": "2025-06-01",
                        "ReferralNFA": "1",
                    },
                    # C: one episode ends the day the next begins.
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-05-01",
                        "CINclosureDate": "2025-06-01",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 2,
                        "CINreferralDate": "2025-06-01",
                        "ReferralNFA": "0",
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
                        "CINreferralDate": "2025-05-01",
                        "CINclosureDate": "2025-06-01",
                        "ReferralNFA": "0",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 2,
                        "CINreferralDate": "2025-06-01",
                        "ReferralNFA": "0",
                    },
                ]
            }
        ),
    ),
    "8825Q": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReasonForClosure": "RC8"},
                    {"LAchildID": "A", "CINdetailsID": 2, "ReasonForClosure": "RC1"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReasonForClosure": "RC9"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ReasonForClosure": "RC1"},
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
                "CINdetails": [{"LAchildID": "B", "CINdetailsID": 1, "ReasonForClosure": "RC9"}],
                "Assessments": [{"LAchildID": "B", "CINdetailsID": 1, "AssessmentID": 1}],
            }
        ),
    ),
    "8831": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReferralNFA": "1"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReferralNFA": "true"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "ReferralNFA": "1",
                        "DateOfInitialCPC": "2025-06-01",
                    },
                    {"LAchildID": "D", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "E", "CINdetailsID": 1, "ReferralNFA": "1"},
                ],
                "Assessments": [
                    {**ASS, "AssessmentActualStartDate": "2025-06-01"},
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-06-01",
                    },
                ],
                "Section47": [
                    {"LAchildID": "B", "CINdetailsID": 1, "S47ActualStartDate": "2025-06-01"},
                    {"LAchildID": "D", "CINdetailsID": 1, "S47ActualStartDate": "2025-06-01"},
                ],
            },
            {"A", "B", "C"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "D", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "E", "CINdetailsID": 1, "ReferralNFA": "1"},
                ],
                "Section47": [
                    {"LAchildID": "D", "CINdetailsID": 1, "S47ActualStartDate": "2025-06-01"}
                ],
            }
        ),
    ),
    "8832": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReferralNFA": "true"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "B", "CINdetailsID": 2, "ReferralNFA": "1"},
                ],
                "ChildProtectionPlans": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CPPID": 1},
                    {"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "ReferralNFA": "0"},
                    {"LAchildID": "B", "CINdetailsID": 2, "ReferralNFA": "1"},
                ],
                "ChildProtectionPlans": [{"LAchildID": "B", "CINdetailsID": 1, "CPPID": 1}],
            }
        ),
    ),
    "8839": (
        fails(
            {
                "Section47": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ICPCnotRequired": "0"},
                    {"LAchildID": "A", "CINdetailsID": 1},
                    {"LAchildID": "B", "CINdetailsID": 1, "ICPCnotRequired": "0"},
                    {"LAchildID": "B", "CINdetailsID": 2, "ICPCnotRequired": "0"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ICPCnotRequired": "0"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ICPCnotRequired": "1"},
                    {"LAchildID": "C", "CINdetailsID": 1, "DateOfInitialCPC": "2025-06-01"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "Section47": [
                    {"LAchildID": "C", "CINdetailsID": 1, "ICPCnotRequired": "0"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ICPCnotRequired": "true"},
                ]
            }
        ),
    ),
    "8840": (
        fails(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "A", "CPPstartDate": "2025-05-01", "CPPendDate": "2025-05-01"},
                    {"LAchildID": "B", "CPPstartDate": "2025-05-01", "CPPendDate": "2025-05-02"},
                    {"LAchildID": "C", "CPPstartDate": "2025-05-01"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "ChildProtectionPlans": [
                    {"LAchildID": "B", "CPPstartDate": "2025-05-01", "CPPendDate": "2025-05-02"}
                ]
            }
        ),
    ),
    "8841": (
        fails(
            {
                "ChildProtectionPlans": [
                    {**PLAN_A, "CPPstartDate": "2025-06-01"},
                    {**PLAN_B, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-01"},
                ],
                "Reviews": [
                    {**PLAN_A, "CPPreviewDate": "2025-07-01"},
                    {**PLAN_A, "CPPreviewDate": "2025-06-01"},
                    {**PLAN_B, "CPPreviewDate": "2025-06-02"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 2,
                        "CPPID": 1,
                        "CPPreviewDate": "2025-05-01",
                    },
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildProtectionPlans": [{**PLAN_B, "CPPstartDate": "2025-06-01"}],
                "Reviews": [{**PLAN_B, "CPPreviewDate": "2025-06-02"}],
            }
        ),
    ),
    "8842Q": (
        fails(
            {
                "Reviews": [
                    {**PLAN_A, "CPPreviewDate": "2025-13-01"},
                    {**PLAN_B, "CPPreviewDate": "2025-06-02"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1},
                ]
            },
            {"A", "C"},
        ),
        passes({"Reviews": [{**PLAN_B, "CPPreviewDate": "2025-06-02"}]}),
    ),
    "8863Q": (
        fails(
            {
                "Assessments": [
                    # A: the second starts on the day the first is authorised.
                    {
                        **ASS,
                        "AssessmentActualStartDate": "2025-05-01",
                        "AssessmentAuthorisationDate": "2025-06-01",
                    },
                    {
                        **ASS,
                        "AssessmentID": 2,
                        "AssessmentActualStartDate": "2025-06-01",
                        "AssessmentAuthorisationDate": "2025-07-01",
                    },
                    # B: the second starts while the first is still open.
                    {**CLEAN_ASS, "AssessmentActualStartDate": "2025-05-01"},
                    {
                        **CLEAN_ASS,
                        "AssessmentID": 2,
                        "AssessmentActualStartDate": "2025-08-01",
                        "AssessmentAuthorisationDate": "2025-09-01",
                    },
                    # C: one after the other, and one in another CIN details.
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-05-01",
                        "AssessmentAuthorisationDate": "2025-06-01",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 2,
                        "AssessmentActualStartDate": "2025-06-02",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 2,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-05-10",
                    },
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "Assessments": [
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-05-01",
                        "AssessmentAuthorisationDate": "2025-06-01",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 2,
                        "AssessmentActualStartDate": "2025-06-02",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 2,
                        "AssessmentID": 1,
                        "AssessmentActualStartDate": "2025-05-10",
                    },
                ]
            }
        ),
    ),
    "8866": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINreferralDate": "2025-06-01"},
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-06-01",
                        "ReferralSource": "1E",
                    },
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CINreferralDate": "2025-06-01",
                        "ReferralSource": "10",
                    },
                    {"LAchildID": "D", "CINdetailsID": 1, "CINreferralDate": "2013-03-31"},
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
                        "CINreferralDate": "2025-06-01",
                        "ReferralSource": "5D",
                    },
                ]
            }
        ),
    ),
    "8867": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "CINclosureDate": "2025-08-01"},
                    {"LAchildID": "B", "CINdetailsID": 1, "CINclosureDate": "2025-08-01"},
                    {"LAchildID": "C", "CINdetailsID": 1},
                ],
                "Assessments": [
                    {**ASS, "AssessmentActualStartDate": "2025-06-01"},
                    {**CLEAN_ASS, "AssessmentAuthorisationDate": "2025-07-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "AssessmentID": 1},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "B", "CINdetailsID": 1, "CINclosureDate": "2025-08-01"}
                ],
                "Assessments": [{**CLEAN_ASS, "AssessmentAuthorisationDate": "2025-07-01"}],
            }
        ),
    ),
    "8868": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": c, "CINdetailsID": 1, "CINclosureDate": "2025-08-01"}
                    for c in "ABCD"
                ]
                + [{"LAchildID": "E", "CINdetailsID": 1}],
                "Section47": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ICPCnotRequired": "0"},
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "ICPCnotRequired": "1",
                        "DateOfInitialCPC": "2025-06-02",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "ICPCnotRequired": "1"},
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "ICPCnotRequired": "0",
                        "DateOfInitialCPC": "2025-06-02",
                    },
                    {"LAchildID": "E", "CINdetailsID": 1, "ICPCnotRequired": "0"},
                ],
            },
            {"A", "B"},
        ),
        passes(
            {
                "CINdetails": [
                    {"LAchildID": "C", "CINdetailsID": 1, "CINclosureDate": "2025-08-01"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CINclosureDate": "2025-08-01"},
                ],
                "Section47": [
                    {"LAchildID": "C", "CINdetailsID": 1, "ICPCnotRequired": "true"},
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "ICPCnotRequired": "0",
                        "DateOfInitialCPC": "2025-06-02",
                    },
                ],
            }
        ),
    ),
    "8869": (
        fails(
            {
                "AssessmentFactorsList": [
                    {**ASS, "AssessmentFactor": "21"},
                    {**ASS, "AssessmentFactor": "2A"},
                    {**CLEAN_ASS, "AssessmentFactor": "21"},
                    {**CLEAN_ASS, "AssessmentID": 2, "AssessmentFactor": "2A"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "AssessmentFactorsList": [
                    {**CLEAN_ASS, "AssessmentFactor": "21"},
                    {**CLEAN_ASS, "AssessmentID": 2, "AssessmentFactor": "2A"},
                ]
            }
        ),
    ),
    "8870Q": (
        # 7 June 2025 is a Saturday, 8 June a Sunday.
        fails(
            {
                "Section47": [
                    {"LAchildID": "A", "InitialCPCtarget": "2025-06-07"},
                    {"LAchildID": "B", "InitialCPCtarget": "2025-06-08"},
                    {"LAchildID": "C", "InitialCPCtarget": "2025-06-09"},
                    {"LAchildID": "D"},
                ]
            },
            {"A", "B"},
        ),
        passes({"Section47": [{"LAchildID": "C", "InitialCPCtarget": "2025-06-06"}]}),
    ),
    "8873Q": (
        fails(
            {
                "CINdetails": [
                    {"LAchildID": "A", "CINdetailsID": 1, "ReasonForClosure": "RC1"},
                    {"LAchildID": "B", "CINdetailsID": 1, "ReasonForClosure": "RC8"},
                    {"LAchildID": "C", "CINdetailsID": 1, "ReasonForClosure": "RC1"},
                    {"LAchildID": "D", "CINdetailsID": 1},
                ],
                "Assessments": [
                    ASS,
                    CLEAN_ASS,
                    {"LAchildID": "C", "CINdetailsID": 1, "AssessmentID": 1},
                    {"LAchildID": "C", "CINdetailsID": 1, "AssessmentID": 2},
                    {"LAchildID": "D", "CINdetailsID": 1, "AssessmentID": 1},
                ],
                "AssessmentFactorsList": [
                    {**ASS, "AssessmentFactor": "21"},
                    {**CLEAN_ASS, "AssessmentFactor": "21"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentFactor": "21",
                    },
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentFactor": "2A",
                    },
                ],
            },
            {"A"},
        ),
        passes(
            {
                "CINdetails": [{"LAchildID": "B", "CINdetailsID": 1, "ReasonForClosure": "RC9"}],
                "Assessments": [CLEAN_ASS],
                "AssessmentFactorsList": [{**CLEAN_ASS, "AssessmentFactor": "21"}],
            }
        ),
    ),
    "8875": (
        fails(
            {
                "Section47": [
                    {"LAchildID": "A", "DateOfInitialCPC": "2025-06-07"},
                    {"LAchildID": "B", "DateOfInitialCPC": "2025-06-08"},
                    {"LAchildID": "C", "DateOfInitialCPC": "2025-06-09"},
                    {"LAchildID": "D"},
                ]
            },
            {"A", "B"},
        ),
        passes({"Section47": [{"LAchildID": "C", "DateOfInitialCPC": "2025-06-06"}]}),
    ),
    "8890": (
        fails(
            {
                "Section47": [
                    # A: the second starts on the day of the first's conference.
                    {
                        "LAchildID": "A",
                        "CINdetailsID": 1,
                        "S47ActualStartDate": "2025-05-01",
                        "DateOfInitialCPC": "2025-06-02",
                    },
                    {"LAchildID": "A", "CINdetailsID": 1, "S47ActualStartDate": "2025-06-02"},
                    # B: the second starts while the first awaits its conference.
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "S47ActualStartDate": "2025-05-01",
                        "ICPCnotRequired": "0",
                    },
                    {
                        "LAchildID": "B",
                        "CINdetailsID": 1,
                        "S47ActualStartDate": "2025-06-02",
                        "DateOfInitialCPC": "2025-06-20",
                    },
                    # C: the first needed no conference; D: in different CIN details.
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "S47ActualStartDate": "2025-05-01",
                        "ICPCnotRequired": "1",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "S47ActualStartDate": "2025-06-02"},
                    {"LAchildID": "D", "CINdetailsID": 1, "S47ActualStartDate": "2025-05-01"},
                    {"LAchildID": "D", "CINdetailsID": 2, "S47ActualStartDate": "2025-06-02"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "Section47": [
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "S47ActualStartDate": "2025-05-01",
                        "ICPCnotRequired": "true",
                    },
                    {"LAchildID": "C", "CINdetailsID": 1, "S47ActualStartDate": "2025-06-02"},
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "S47ActualStartDate": "2025-05-01",
                        "DateOfInitialCPC": "2025-05-20",
                    },
                    {"LAchildID": "D", "CINdetailsID": 1, "S47ActualStartDate": "2025-06-02"},
                ]
            }
        ),
    ),
    "8896": (
        fails(
            {
                "Assessments": [
                    ASS,
                    {**ASS, "AssessmentID": 2},
                    CLEAN_ASS,
                    {**CLEAN_ASS, "AssessmentID": 2, "AssessmentAuthorisationDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "AssessmentID": 1},
                    {"LAchildID": "C", "CINdetailsID": 2, "AssessmentID": 1},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "Assessments": [
                    CLEAN_ASS,
                    {**CLEAN_ASS, "AssessmentID": 2, "AssessmentAuthorisationDate": "2025-06-01"},
                ]
            }
        ),
    ),
    "8897Q": (
        fails(
            {
                "Assessments": [
                    {**ASS, "AssessmentAuthorisationDate": "2025-06-01"},
                    {**CLEAN_ASS, "AssessmentAuthorisationDate": "2025-06-01"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentAuthorisationDate": "2025-06-01",
                    },
                    {
                        "LAchildID": "D",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentAuthorisationDate": "2025-03-31",
                    },
                    {"LAchildID": "E", "CINdetailsID": 1, "AssessmentID": 1},
                ],
                "AssessmentFactorsList": [
                    {**CLEAN_ASS, "AssessmentFactor": "2A"},
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "AssessmentID": 1,
                        "AssessmentFactor": "99Z",
                    },
                ],
            },
            {"A", "C"},
        ),
        passes(
            {
                "Assessments": [{**CLEAN_ASS, "AssessmentAuthorisationDate": "2025-06-01"}],
                "AssessmentFactorsList": [
                    {**CLEAN_ASS, "AssessmentFactor": "2A"},
                    {**CLEAN_ASS, "AssessmentFactor": "24A"},
                ],
            }
        ),
    ),
    "8898": (
        fails(
            {
                "Assessments": [ASS, CLEAN_ASS, {**CLEAN_ASS, "AssessmentID": 2}],
                "AssessmentFactorsList": [
                    {**ASS, "AssessmentFactor": "2A"},
                    {**ASS, "AssessmentFactor": "2A"},
                    {**CLEAN_ASS, "AssessmentFactor": "2A"},
                    {**CLEAN_ASS, "AssessmentID": 2, "AssessmentFactor": "2A"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "Assessments": [CLEAN_ASS, {**CLEAN_ASS, "AssessmentID": 2}],
                "AssessmentFactorsList": [
                    {**CLEAN_ASS, "AssessmentFactor": "2A"},
                    {**CLEAN_ASS, "AssessmentFactor": "2B"},
                    {**CLEAN_ASS, "AssessmentID": 2, "AssessmentFactor": "2A"},
                ],
            }
        ),
    ),
    "8905": (
        fails(
            {
                "ChildProtectionPlans": [
                    {**PLAN_A, "InitialCategoryOfAbuse": "ABC"},
                    {**PLAN_B, "InitialCategoryOfAbuse": "NEG"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1},
                ]
            },
            {"A", "C"},
        ),
        passes({"ChildProtectionPlans": [{**PLAN_B, "InitialCategoryOfAbuse": "MUL"}]}),
    ),
    "8910": (
        fails(
            {
                "ChildProtectionPlans": [
                    {**PLAN_A, "LatestCategoryOfAbuse": "ABC"},
                    {**PLAN_B, "LatestCategoryOfAbuse": "NEG"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1},
                ]
            },
            {"A", "C"},
        ),
        passes({"ChildProtectionPlans": [{**PLAN_B, "LatestCategoryOfAbuse": "EMO"}]}),
    ),
    "8915": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "C"},
                ],
                "ChildProtectionPlans": [
                    {**PLAN_A, "CPPstartDate": "2025-06-02"},
                    {**PLAN_B, "CPPstartDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-02"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [{"LAchildID": "B", "PersonDeathDate": "2025-06-01"}],
                "ChildProtectionPlans": [{**PLAN_B, "CPPstartDate": "2025-05-01"}],
            }
        ),
    ),
    "8920": (
        fails(
            {
                "ChildIdentifiers": [
                    {"LAchildID": "A", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "B", "PersonDeathDate": "2025-06-01"},
                    {"LAchildID": "C"},
                ],
                "ChildProtectionPlans": [
                    {**PLAN_A, "CPPendDate": "2025-06-02"},
                    {**PLAN_B, "CPPendDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPendDate": "2025-06-02"},
                ],
            },
            {"A"},
        ),
        passes(
            {
                "ChildIdentifiers": [{"LAchildID": "B", "PersonDeathDate": "2025-06-01"}],
                "ChildProtectionPlans": [{**PLAN_B, "CPPendDate": "2025-06-01"}],
            }
        ),
    ),
    "8925": (
        fails(
            {
                "ChildProtectionPlans": [
                    {**PLAN_A, "CPPstartDate": "2025-06-02", "CPPendDate": "2025-06-01"},
                    {**PLAN_B, "CPPstartDate": "2025-06-01", "CPPendDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPstartDate": "2025-06-02"},
                ]
            },
            {"A"},
        ),
        passes(
            {
                "ChildProtectionPlans": [
                    {**PLAN_B, "CPPstartDate": "2025-06-01", "CPPendDate": "2025-07-01"}
                ]
            }
        ),
    ),
    "8930": (
        fails(
            {
                "ChildProtectionPlans": [
                    {**PLAN_A, "CPPendDate": "2025-03-31"},
                    {**PLAN_B, "CPPendDate": "2025-04-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1, "CPPendDate": "2026-04-01"},
                    {"LAchildID": "D", "CINdetailsID": 1, "CPPID": 1},
                ]
            },
            {"A", "C"},
        ),
        passes({"ChildProtectionPlans": [{**PLAN_B, "CPPendDate": "2026-03-31"}]}),
    ),
    "8935": (
        fails(
            {
                "ChildProtectionPlans": [
                    PLAN_A,
                    {**PLAN_A, "CPPID": 2},
                    PLAN_B,
                    {**PLAN_B, "CPPID": 2, "CPPendDate": "2025-06-01"},
                    {"LAchildID": "C", "CINdetailsID": 1, "CPPID": 1},
                    {"LAchildID": "C", "CINdetailsID": 2, "CPPID": 1},
                ]
            },
            {"A", "C"},
            note="two open plans in one CIN details count too (the reference missed them)",
        ),
        passes(
            {"ChildProtectionPlans": [PLAN_B, {**PLAN_B, "CPPID": 2, "CPPendDate": "2025-06-01"}]}
        ),
    ),
    "8940": (
        fails(
            {
                "ChildProtectionPlans": [
                    # A: plans in different CIN details, the second starting before the first
                    # ends (the reference missed this: both are plan 1 of their CIN details).
                    {**PLAN_A, "CPPstartDate": "2025-05-01", "CPPendDate": "2025-07-01"},
                    {**PLAN_A, "CINdetailsID": 2, "CPPstartDate": "2025-06-01"},
                    # B: the second starts while the first is still open.
                    {**PLAN_B, "CPPstartDate": "2025-05-01"},
                    {
                        **PLAN_B,
                        "CPPID": 2,
                        "CPPstartDate": "2025-06-01",
                        "CPPendDate": "2025-07-01",
                    },
                    # C: one after the other.
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-05-01",
                        "CPPendDate": "2025-06-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 2, "CPPID": 1, "CPPstartDate": "2025-06-02"},
                ]
            },
            {"A", "B"},
        ),
        passes(
            {
                "ChildProtectionPlans": [
                    {
                        "LAchildID": "C",
                        "CINdetailsID": 1,
                        "CPPID": 1,
                        "CPPstartDate": "2025-05-01",
                        "CPPendDate": "2025-06-01",
                    },
                    {"LAchildID": "C", "CINdetailsID": 2, "CPPID": 1, "CPPstartDate": "2025-06-02"},
                ]
            }
        ),
    ),
    "8945Q": (
        fails(
            {
                "AssessmentFactorsList": [
                    {**ASS, "AssessmentFactor": "18a"},
                    {**CLEAN_ASS, "AssessmentFactor": "18B"},
                ]
            },
            {"A"},
        ),
        passes({"AssessmentFactorsList": [{**CLEAN_ASS, "AssessmentFactor": "18C"}]}),
    ),
    "8950Q": (
        fails(
            {
                "AssessmentFactorsList": [
                    {**ASS, "AssessmentFactor": "19A"},
                    {**CLEAN_ASS, "AssessmentFactor": "19B"},
                ]
            },
            {"A"},
        ),
        passes({"AssessmentFactorsList": [{**CLEAN_ASS, "AssessmentFactor": "19C"}]}),
    ),
}
