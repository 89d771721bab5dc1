"""Cases for CIN census rules 8614 to 8950Q (src/sightline/validation/cin/rules_part2.py)."""

from tests.validation.harness import fails, passes

CASES = {
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
}
