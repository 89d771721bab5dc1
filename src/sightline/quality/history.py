"""The improvement journey of the seeds (``/work/shared/seeds``) as Sightline records: the
2017, 2022 and 2025 inspections with their judgements, the five 2022 recommendations and the
two 2025 areas to improve, with their links to KPIs (by the insight catalogue's codes) and
audit themes; then SYNTHETIC actions, milestones and improvement board meetings answering them
(the seeds give the plan's existence and the board's six-week cycle, not its contents).

What the seeds say, and where:
- 2017: "inspected by Ofsted in 2017, when services were judged to be inadequate overall"
  (cabinet report, 004, para 1.0); "almost exactly 5 years" before February 2022 (para 5.0):
  dated February 2017. Only the overall grade is given, so only it is recorded.
- 2022: "Full inspection finally took place in February 2022 ... report published on 1st April
  2022"; three judgements and the overall, all "Requires improvement to be good"; five
  recommendations (004, paras 5.0-6.0).
- 2025: the ILACS report (001) and the letter to children (000, dated 29 July 2025, "In June
  2025, Ofsted inspectors visited"): four judgements and the overall; "What needs to improve":
  the response to homeless 16- and 17-year-olds; support for care leavers not in employment,
  education or training.
"""

from __future__ import annotations

from datetime import date, timedelta

from sightline.quality import services
from sightline.quality.models import ImprovementAction, Inspection, Recommendation, Theme

RI = "Requires improvement to be good"
S = ImprovementAction.Status
REC = Recommendation.Kind.RECOMMENDATION
AREA = Recommendation.Kind.AREA_TO_IMPROVE

INSPECTIONS = (
    {
        "framework": "Single inspection framework (SIF)",
        "inspected_on": date(2017, 2, 1),
        "published_on": None,
        "overall": "Inadequate",
        "judgements": [("Overall effectiveness", "Inadequate")],
        "recommendations": [],
    },
    {
        "framework": "Inspection of local authority children's services (ILACS)",
        "inspected_on": date(2022, 2, 1),
        "published_on": date(2022, 4, 1),
        "overall": RI,
        "judgements": [
            ("The impact of leaders on social work practice with children and families", RI),
            ("The experiences and progress of children who need help and protection", RI),
            ("The experiences and progress of children in care and care leavers", RI),
            ("Overall effectiveness", RI),
        ],
        "recommendations": [
            services.RecommendationSpec(
                REC,
                1,
                "The timeliness and application of consistent thresholds for child protection "
                "strategy meetings.",
                ("TIMELY_STRATEGY_DISCUSSION", "STRATEGY_TO_S47", "ICPC_15WD"),
                (Theme.MULTI_AGENCY, Theme.TIMELINESS),
            ),
            services.RecommendationSpec(
                REC,
                2,
                "The suitability of accommodation for care leavers to meet their needs, "
                "including to feel safe.",
                ("LEAVERS_SUITABLE_17_18", "LEAVERS_SUITABLE_19_21"),
                (Theme.ACCOMMODATION,),
            ),
            services.RecommendationSpec(
                REC,
                3,
                "The quality of case supervision and management.",
                ("TIMELY_OVERSIGHT_AFTER_ASSESSMENT", "CASELOAD"),
                (Theme.OVERSIGHT,),
            ),
            services.RecommendationSpec(
                REC,
                4,
                "The timeliness with which personal advisers are allocated to children, to "
                "best support their transition and adulthood.",
                ("TIMELY_PA_ALLOCATION",),
                (Theme.TIMELINESS,),
            ),
            services.RecommendationSpec(
                REC,
                5,
                "How well IT systems support social workers to do their jobs.",
                (),
                (Theme.RECORDING,),
            ),
        ],
    },
    {
        "framework": "Inspection of local authority children's services (ILACS)",
        "inspected_on": date(2025, 6, 1),
        "published_on": date(2025, 7, 29),
        "overall": "Good",
        "judgements": [
            (
                "The impact of leaders on social work practice with children and families",
                "Outstanding",
            ),
            ("The experiences and progress of children who need help and protection", "Good"),
            ("The experiences and progress of children in care", "Outstanding"),
            ("The experiences and progress of care leavers", "Good"),
            ("Overall effectiveness", "Good"),
        ],
        "recommendations": [
            services.RecommendationSpec(
                AREA,
                1,
                "The response to homeless 16- and 17-year-olds (outcome 1: national framework).",
                ("HOMELESS_16_17_S20",),
                (Theme.ACCOMMODATION,),
            ),
            services.RecommendationSpec(
                AREA,
                2,
                "Support for care leavers not in employment, education or training (outcome 4, "
                "national framework).",
                ("LEAVERS_EET_17_18", "LEAVERS_EET_19_21"),
                (Theme.EDUCATION,),
            ),
        ],
    },
)

# SYNTHETIC: actions answering each recommendation, keyed by (inspection year, kind, number):
# (title, owner, due, status, evidence, milestones [(title, due, done)]).
ACTIONS: dict[tuple[int, str, int], list[tuple[str, str, date, str, str, list]]] = {
    (2022, REC, 1): [
        (
            "Strategy meeting threshold guidance agreed with police and health",
            "Head of service, MASH",
            date(2022, 10, 31),
            S.COMPLETE,
            "Guidance signed off by the safeguarding partnership (synthetic).",
            [("Draft guidance", date(2022, 8, 31), date(2022, 8, 25))],
        ),
        (
            "Daily multi-agency strategy meeting slots",
            "MASH team manager",
            date(2023, 1, 31),
            S.COMPLETE,
            "Timeliness of conferences reported monthly to the board (synthetic).",
            [("Pilot in one locality", date(2022, 11, 30), date(2022, 11, 28))],
        ),
    ],
    (2022, REC, 2): [
        (
            "Joint housing protocol for care leavers with the district councils",
            "Head of service, care leavers",
            date(2023, 3, 31),
            S.COMPLETE,
            "Protocol in place across six districts (synthetic).",
            [("Protocol drafted", date(2022, 12, 15), date(2022, 12, 12))],
        ),
        (
            "Review of every care leaver in unsuitable accommodation",
            "Personal adviser team managers",
            date(2023, 6, 30),
            S.ON_TRACK,
            "",
            [("First review round", date(2023, 2, 28), None)],
        ),
    ],
    (2022, REC, 3): [
        (
            "Supervision policy with a frequency standard by experience",
            "Principal social worker",
            date(2022, 9, 30),
            S.COMPLETE,
            "Policy launched; supervision recorded in Sightline against the standard (synthetic).",
            [("Policy drafted", date(2022, 7, 29), date(2022, 7, 20))],
        ),
        (
            "Monthly case audits with moderation and practitioner's response",
            "Head of quality assurance",
            date(2022, 12, 31),
            S.COMPLETE,
            "Audit programme running; findings by theme to the board (synthetic).",
            [("Audit template agreed", date(2022, 10, 31), date(2022, 10, 14))],
        ),
        (
            "Management oversight recorded at every key decision",
            "Service managers",
            date(2023, 3, 31),
            S.ON_TRACK,
            "",
            [("Oversight standard in configuration", date(2023, 1, 31), None)],
        ),
    ],
    (2022, REC, 4): [
        (
            "Personal adviser allocated at 16 (or on becoming eligible)",
            "Head of service, care leavers",
            date(2022, 12, 31),
            S.COMPLETE,
            "Allocation timeliness reported from Sightline's obligations (synthetic).",
            [("Eligibility list reviewed monthly", date(2022, 9, 30), date(2022, 9, 30))],
        ),
    ],
    (2022, REC, 5): [
        (
            "Case recording system replacement: requirements with practitioners",
            "Assistant director, performance and improvement",
            date(2023, 9, 30),
            S.AT_RISK,
            "",
            [("Practitioner workshops", date(2023, 3, 31), date(2023, 3, 20))],
        ),
    ],
    (2025, AREA, 1): [
        (
            "Joint assessment of every homeless 16/17-year-old within 10 working days",
            "Head of service, adolescents",
            date(2026, 3, 31),
            S.ON_TRACK,
            "",
            [("Protocol refreshed with housing", date(2025, 12, 19), date(2025, 12, 10))],
        ),
    ],
    (2025, AREA, 2): [
        (
            "Education, employment and training offer for every care leaver who is NEET",
            "Virtual school head",
            date(2026, 6, 30),
            S.ON_TRACK,
            "",
            [("Barriers recorded for each NEET care leaver", date(2026, 1, 30), None)],
        ),
    ],
}

ATTENDEES = [
    "Independent chair",
    "Director of children's services",
    "Cabinet member for children's safeguarding",
    "DfE adviser",
    "Gloucestershire Constabulary",
    "Integrated care board",
]


def board_dates() -> list[date]:
    """SYNTHETIC: the board on its six-week cycle from the plan's approval (June 2022) to the
    end of support and supervision a year on, and after the 2025 inspection."""
    first = [date(2022, 6, 29) + timedelta(weeks=6 * n) for n in range(9)]
    after = [date(2025, 9, 10) + timedelta(weeks=6 * n) for n in range(3)]
    return first + after


def load(today: date) -> int:
    """Load the history once; an authority that has it already is left as it is. Returns the
    number of inspections recorded (0 when they were there)."""
    if Inspection.objects.exists():
        return 0
    recorded: dict[tuple[int, str, int], Recommendation] = {}
    for spec in INSPECTIONS:
        inspection = services.record_inspection(
            framework=str(spec["framework"]),
            inspected_on=spec["inspected_on"],  # type: ignore[arg-type]
            published_on=spec["published_on"],  # type: ignore[arg-type]
            overall=str(spec["overall"]),
            judgements=spec["judgements"],  # type: ignore[arg-type]
            recommendations=spec["recommendations"],  # type: ignore[arg-type]
        )
        for rec in inspection.recommendations.all():
            recorded[(inspection.inspected_on.year, rec.kind, rec.number)] = rec
    for key, actions in ACTIONS.items():
        for title, owner, due, status, evidence, milestones in actions:
            services.add_improvement_action(
                recommendation=recorded[key],
                title=title,
                owner=owner,
                due_on=due,
                status=status,
                evidence=evidence,
                milestones=milestones,
            )
    plan_2022 = [r for k, r in sorted(recorded.items()) if k[0] == 2022]
    plan_2025 = [r for k, r in sorted(recorded.items()) if k[0] == 2025]
    for n, held_on in enumerate(d for d in board_dates() if d <= today):
        recs = plan_2022 if held_on.year < 2025 else plan_2025
        rec = recs[n % len(recs)]
        services.record_board_meeting(
            held_on=held_on,
            chair="Independent chair",
            attendees=ATTENDEES,
            decisions=[
                (None, "Progress against the improvement plan noted (synthetic minute)."),
                (
                    rec,
                    f"Deep dive on {rec}: actions reviewed, next report in six weeks "
                    "(synthetic minute).",
                ),
            ],
            today=today,
        )
    return len(INSPECTIONS)
