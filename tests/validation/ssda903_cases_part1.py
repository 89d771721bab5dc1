"""Cases for SSDA903 rules 1000 to 185 (src/sightline/validation/ssda903/rules_part1.py)."""

from tests.validation.harness import fails, passes

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
}
