"""Simulate a local authority's children's social care over four and a half years.

Deterministic for (children, seed, as_of): one ``random.Random(seed)`` and one seeded Faker
drive everything, in a fixed order. The output is, for each child, the ordered list of actions
(one per service call) that a practitioner would have recorded. Rates follow England 2025
(CONTRACTS.md "Sizes and dates"; ``shared/reference/benchmarks``); the bench records what they
come to.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

from faker import Faker

from sightline.care.services import PlacementDetails
from sightline.core.calendar import add_months, add_working_days
from sightline.leaving_care.eligibility import birthday
from sightline.people.identifiers import make_upn, nhs_number_check_digit
from sightline.synthetic import actions as a
from sightline.synthetic import in_care, leaving, planning, roles
from sightline.synthetic.workforce import LOCALITIES, Staff

LONDON = ZoneInfo("Europe/London")

# Rates per 10,000 children a year, England 2025 (CONTRACTS.md): referrals and re-referral.
REFERRALS_PER_10K = 520
RE_REFERRAL_CHANCE = 0.42  # chance a closed episode is followed by another referral
RE_REFERRAL_AFTER_PLAN = 0.5  # higher after a child protection plan
NFA_AT_REFERRAL = 0.08
URGENT = 0.44  # strategy discussion during the assessment
URGENT_AFTER_PLAN = 0.8  # a child who had a plan before
SD_STARTS_S47 = 0.90
S47_TO_ICPC = 0.34
S47_TO_ICPC_AFTER_PLAN = 0.6
ICPC_MAKES_PLAN = 0.86
CARE_FROM_PLAN = 0.3  # a child protection plan that ends with the child coming into care
LONG_STAY_PER_CHILD = 0.0038  # in care since before the history starts, per child in the population
CARE_FROM_CIN = 0.07  # a child in need (often an adolescent) accommodated under section 20
PLAN_ENDS_AT_REVIEW = (0.28, 0.55, 0.6, 0.7, 0.85, 1.0)
ADOPTED_UNDER_4 = 0.5  # of children under 4 coming into care under a care order
# Care ends at 18 at the latest (SSDA903 rules 352 and 359): none starts in the last months.
LAST_START_BEFORE_18 = timedelta(days=120)
CEASED_AT_18 = ("E17", "E5", "E8")
ETHNICITIES = (
    ("WBRI", 78),
    ("WOTH", 4),
    ("MWBC", 2),
    ("MWAS", 1),
    ("MOTH", 2),
    ("AIND", 1),
    ("APKN", 1),
    ("AOTH", 1),
    ("BAFR", 2),
    ("BCRB", 1),
    ("BOTH", 1),
    ("CHNE", 1),
    ("OOTH", 2),
    ("WROM", 1),
    ("WIRT", 1),
    ("NOBT", 1),
)
SOURCES = (
    ("6", 29),
    ("2A", 19),
    ("3A", 3),
    ("3B", 3),
    ("3E", 3),
    ("3F", 4),
    ("1A", 6),
    ("1C", 1),
    ("1D", 1),
    ("5A", 5),
    ("5B", 3),
    ("5C", 2),
    ("5D", 5),
    ("4", 2),
    ("7", 3),
    ("8", 6),
    ("9", 1),
    ("10", 1),
)
NEEDS = (
    ("N1", 60),
    ("N2", 4),
    ("N3", 3),
    ("N4", 15),
    ("N5", 10),
    ("N6", 2),
    ("N7", 1),
    ("N8", 3),
    ("N9", 2),
)
FACTORS = (
    "3B",
    "4B",
    "2B",
    "1B",
    "16A",
    "17A",
    "4A",
    "3A",
    "14A",
    "15A",
    "11A",
    "24A",
    "10A",
    "5B",
    "6B",
    "18C",
    "19C",
    "7A",
    "13A",
    "20",
)
CATEGORIES = (("NEG", 50), ("EMO", 36), ("PHY", 7), ("SAB", 4), ("MUL", 3))
AGENCIES = ("social_care", "police", "health", "education")
CHANGE_REASONS = ("LEFTRL", "MANAGE", "ORGRST", "ABSENC", "OTHERS", "CHCHAN", "PCCHAN")
DISABILITIES = ("AUT", "LD", "COMM", "BEH", "MOB", "HEAR", "VIS", "PC", "DDA")
NOTE_TEXTS = {
    "direct_work": (
        "Three houses exercise with the child; worries at home named as shouting at night.",
        "Wishes and feelings workbook; the child drew their family and talked about school.",
        "Direct work on safety planning; the child named two trusted adults.",
    ),
    "childs_words": (
        "\u201cI like it when mum picks me up from school.\u201d",
        "\u201cI don't want to go back to the flat when he is there.\u201d",
        "\u201cMy teacher helps me when I get upset.\u201d",
    ),
    "case_note": (
        "Telephone discussion with the school's designated safeguarding lead about attendance.",
        "Home visit arranged with parent; agreed actions reviewed.",
        "Health visitor shared update following developmental check.",
    ),
}
RATIONALES = {
    "referral": (
        "Information suggests the child may be in need under section 17; "
        "threshold met for a social work assessment."
    ),
    "early_help": "Needs can be met through a coordinated early help plan with family consent.",
    "advice": "Advice given to the referrer; no further role for children's social care.",
    "nfa": "No concerns that meet the threshold; referrer informed.",
    "strategy": (
        "Reasonable cause to suspect the child is suffering, or likely to suffer, significant "
        "harm; a strategy discussion is needed."
    ),
}
# The level of need each decision records (frontdoor.Contact.Threshold; suspected significant
# harm and a strategy discussion go together, as the service requires).
THRESHOLDS = {
    "advice": "universal",
    "nfa": "universal",
    "early_help": "early_help",
    "referral": "child_in_need",
    "strategy": "significant_harm",
}


@dataclass
class SimConfig:
    children: int
    seed: int
    as_of: date

    @property
    def start(self) -> date:
        """1 April four collection years before the one in progress (one warm-up year, then
        the three complete years the returns need)."""
        year = self.as_of.year if self.as_of.month >= 4 else self.as_of.year - 1
        return date(year - 4, 4, 1)


@dataclass
class ChildPlan:
    ref: a.Ref
    locality: str
    birth_date: date | None
    expected_birth_date: date | None
    actions: list[tuple[date, int, a.Action]] = field(default_factory=list)
    early_help_until: date | None = None
    had_plan: bool = False
    care_periods: list[tuple[date, date]] = field(default_factory=list)  # (start, end)
    school_since: date | None = None  # the current school's start (EducationRecord)
    proceedings_until: date | None = None  # the last care proceedings' conclusion


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    total = sum(w for _, w in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


def load_postcodes() -> tuple[list[str], list[str]]:
    text = resources.files("sightline.synthetic").joinpath("data/postcodes.csv").read_text()
    rows = list(csv.DictReader(text.splitlines()))
    inside = [r["postcode"] for r in rows if r["in_authority"] == "1"]
    # Settings outside the county are in England: an Ofsted URN is for a provider Ofsted
    # registers (SSDA903 rule 243 refuses one for a placement in Wales).
    outside = [
        r["postcode"]
        for r in rows
        if r["in_authority"] == "0" and r["district_code"].startswith("E")
    ]
    return inside, outside


class NamePools:
    def __init__(self, fake: Faker, size: int = 4000) -> None:
        self.rng = random.Random(fake.random.random())
        self._male = [fake.first_name_male() for _ in range(size)]
        self._female = [fake.first_name_female() for _ in range(size)]
        self._last = [fake.last_name() for _ in range(size)]

    def male(self) -> str:
        return self.rng.choice(self._male)

    def female(self) -> str:
        return self.rng.choice(self._female)

    def last(self) -> str:
        return self.rng.choice(self._last)

    def pick_last(self, rng: random.Random) -> str:
        """A family name picked by another generator (leaving this one's sequence alone)."""
        return rng.choice(self._last)


class Simulation:
    def __init__(self, cfg: SimConfig, staff: Staff, la_number: str) -> None:
        self.cfg = cfg
        self.staff = staff
        self.la_number = la_number
        self.rng = random.Random(cfg.seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(cfg.seed)
        # Pools of en_GB names drawn once from Faker, then picked by the seeded generator:
        # the same names Faker gives, without its cost per call.
        self.names = NamePools(self.fake)
        self.postcodes, self.postcodes_outside = load_postcodes()
        # Life in care and leaving care draw from a stream of their own, so that adding them
        # leaves the journeys above (and their rates) as they were.
        self.xrng = random.Random(cfg.seed * 7919 + 17)
        self.settings = in_care.Settings(self.xrng, self.postcodes, self.postcodes_outside)
        # The records the timescales read (meetings, plans, contacts, private fostering, the
        # LADO, proceedings) draw from a third stream, for the same reason (planning.py).
        self.zrng = random.Random(cfg.seed * 104_729 + 31)
        # Who else works with each child (IROs, chairs, lead practitioners, family support
        # workers, transfers to the safeguarding teams): a fourth stream (roles.py).
        self.wrng = random.Random(cfg.seed * 15_485_863 + 47)
        self.next_child = 0
        self.next_nhs = 100_000 + self.rng.randrange(400_000)
        self.plans: list[ChildPlan] = []
        self.adults: list[tuple[a.RegisterAdult, a.Relate]] = []

    # --- identities ---------------------------------------------------------------------

    def nhs_number(self) -> str:
        while True:
            self.next_nhs += 1
            first = f"999{self.next_nhs:06d}"
            check = nhs_number_check_digit(first)
            if check is not None:
                return f"{first}{check}"

    def new_child(self, first_contact: date, age_years: float | None) -> ChildPlan:
        rng = self.rng
        self.next_child += 1
        la_child_id = f"C{self.next_child:09d}"
        unborn = age_years is None
        sex = "U" if unborn else ("M" if rng.random() < 0.52 else "F")
        if unborn:
            birth, expected = None, self.cfg.as_of + timedelta(days=rng.randint(14, 150))
        else:
            assert age_years is not None
            birth = first_contact - timedelta(days=int(age_years * 365.25) + rng.randint(1, 360))
            expected = None
        family = self.names.last()
        given = self.names.male() if sex == "M" else self.names.female() if sex == "F" else "Baby"
        age_now = None if birth is None else (self.cfg.as_of - birth).days / 365.25
        if age_now is not None and age_now >= 5:
            establishment = f"{rng.choice((2, 3, 4, 5))}{rng.randrange(1000):03d}"
            year = f"{(birth.year + 5) % 100:02d}"  # type: ignore[union-attr]
            upn, upn_unknown = (
                make_upn(self.la_number, establishment, year, f"{rng.randrange(1000):03d}"),
                "",
            )
        else:
            upn, upn_unknown = "", "UN1"
        # A born child's disability is recorded, NONE when there is none (CIN rule 8540: it
        # must be present once a referral leads to further action).
        disabilities: tuple[str, ...] = () if unborn else ("NONE",)
        if not unborn and rng.random() < 0.09:
            disabilities = tuple(sorted(set(rng.sample(DISABILITIES, rng.choice((1, 1, 2))))))
        ref = a.Ref()
        plan = ChildPlan(ref, rng.choice(LOCALITIES), birth, expected)
        self.add(
            plan,
            first_contact,
            a.RegisterChild(
                ref=ref,
                on=first_contact,
                la_child_id=la_child_id,
                given_name=given,
                family_name=family,
                sex=sex,
                ethnicity=_weighted(rng, ETHNICITIES),
                birth_date=birth,
                expected_birth_date=expected,
                nhs_number=self.nhs_number() if not unborn else "",
                upn=upn,
                upn_unknown=upn_unknown,
                home_postcode=rng.choice(self.postcodes),
                disabilities=disabilities,
            ),
        )
        mother = a.Ref()
        mother_birth = (birth or first_contact) - timedelta(days=rng.randint(17 * 365, 40 * 365))
        self.add(
            plan,
            first_contact,
            a.RegisterAdult(mother, self.names.female(), family, "F", mother_birth),
        )
        self.add(plan, first_contact, a.Relate(ref, mother, "mother", True, rng.random() < 0.88))
        if rng.random() < 0.6:
            father = a.Ref()
            self.add(
                plan,
                first_contact,
                a.RegisterAdult(
                    father,
                    self.names.male(),
                    family if rng.random() < 0.6 else self.names.last(),
                    "M",
                    mother_birth - timedelta(days=rng.randint(-800, 3000)),
                ),
            )
            self.add(
                plan,
                first_contact,
                a.Relate(ref, father, "father", rng.random() < 0.8, rng.random() < 0.45),
            )
        self.plans.append(plan)
        return plan

    @staticmethod
    def may_come_into_care(plan: ChildPlan, day: date) -> bool:
        """Born, and not within a few months of 18 (care would end at 18)."""
        born = plan.birth_date
        return born is not None and day < birthday(born, 18) - LAST_START_BEFORE_18

    @staticmethod
    def add(plan: ChildPlan, on: date, action: a.Action) -> None:
        plan.actions.append((on, len(plan.actions), action))

    def at(self, day: date, hour_from: int = 8, hour_to: int = 17) -> datetime:
        t = time(self.rng.randint(hour_from, hour_to), self.rng.choice((0, 10, 20, 30, 40, 50)))
        return datetime.combine(day, t, tzinfo=LONDON)

    # --- the front door -------------------------------------------------------------------

    def contact_only(self, plan: ChildPlan, day: date) -> None:
        rng = self.rng
        contact = a.Ref()
        received = self.at(day, 8, 15)
        self.add(
            plan,
            day,
            a.ReceiveContact(
                contact,
                plan.ref,
                received,
                _weighted(rng, SOURCES),
                "Concern shared by a professional.",
            ),
        )
        decision = _weighted(rng, (("advice", 45), ("nfa", 25), ("early_help", 30)))
        eh_ok = (
            decision != "early_help" or plan.early_help_until is None or plan.early_help_until < day
        )
        if not eh_ok:
            decision = "advice"
        decided_at = received + timedelta(hours=rng.randint(1, 6))
        eh = a.Ref() if decision == "early_help" else None
        self.add(
            plan,
            day,
            a.DecideContact(
                contact,
                decision,
                decided_at,
                rng.choice(self.staff.front_door),
                RATIONALES[decision],
                "obtained" if decision == "early_help" else rng.choice(("obtained", "not_needed")),
                early_help=eh,
                threshold=THRESHOLDS[decision],
            ),
        )
        if eh is not None:
            self.early_help(plan, decided_at.date(), eh, started_by_action=False)

    def early_help(self, plan: ChildPlan, start: date, ref: a.Ref, started_by_action: bool) -> None:
        rng = self.rng
        if started_by_action:
            self.add(plan, start, a.StartEarlyHelp(ref, plan.ref, start))
        end = start + timedelta(days=rng.randint(60, 270))
        plan.early_help_until = end
        self.add(
            plan,
            end,
            a.EndEarlyHelp(
                ref,
                end,
                _weighted(
                    rng,
                    (("needs_met", 70), ("disengaged", 15), ("stepped_up", 10), ("moved_away", 5)),
                ),
            ),
        )

    # --- an episode of need ---------------------------------------------------------------

    def episode(self, plan: ChildPlan, day: date, into_care: bool = False) -> date:
        """One referral from contact to closure; returns the closure date (maybe after as_of)."""
        rng, staff, add = self.rng, self.staff, self.add
        contact = a.Ref()
        received = self.at(day, 8, 16)
        source = _weighted(rng, SOURCES)
        add(
            plan,
            day,
            a.ReceiveContact(
                contact,
                plan.ref,
                received,
                source,
                "Concerns about the child's safety and wellbeing.",
            ),
        )
        decided = (
            received + timedelta(hours=rng.randint(1, 5))
            if rng.random() < 0.7
            else self.at(add_working_days(day, rng.choice((1, 1, 1, 2))), 9, 17)
        )
        rdate = decided.date()
        nfa = rng.random() < NFA_AT_REFERRAL
        referral = a.Ref()
        dispensed = rng.random() < 0.12
        decide = a.DecideContact(
            contact,
            "referral",
            decided,
            rng.choice(staff.front_door),
            RATIONALES["referral"],
            "dispensed_with" if dispensed else "obtained",
            "Informing parents would place the child at risk of significant harm."
            if dispensed
            else "",
            primary_need=_weighted(rng, NEEDS),
            referral_nfa=nfa,
            referral=referral,
            threshold=THRESHOLDS["referral"],
        )
        add(plan, rdate, decide)
        if nfa:
            return rdate

        sw = rng.choice(staff.assessment[plan.locality])
        alloc = a.Ref()
        add(plan, rdate, a.Allocate(alloc, plan.ref, sw, "social_worker", rdate, "FCONTA"))
        current: list = [alloc, sw, rdate]  # allocation, worker, since

        work = _Casework(self, plan, referral, current)
        reallocate = work.reallocate

        a_start = add_working_days(rdate, rng.choice((0, 0, 1, 1, 2, 3)))
        assessment = a.Ref()
        add(plan, a_start, a.StartAssessment(assessment, referral, a_start, sw))
        wd = max(3, min(110, int(rng.lognormvariate(math.log(27), 0.5))))
        a_end = add_working_days(a_start, wd)
        seen = min(a_end, add_working_days(a_start, rng.randint(0, 5)))
        factors = tuple(sorted(set(rng.sample(FACTORS, rng.choice((1, 2, 2, 3, 4))))))
        urgent = not into_care and rng.random() < (URGENT_AFTER_PLAN if plan.had_plan else URGENT)
        closure: date

        def authorise(outcome: str, the_factors: tuple[str, ...] = factors) -> None:
            add(plan, a_end, a.AuthoriseAssessment(assessment, a_end, outcome, the_factors, seen))

        visits = work.visits
        cin_plan = work.cin_plan
        care_reason = work.care_reason
        care_journey = work.care_journey

        if urgent:
            # The front door saw the significant harm: its decision was a referral and a
            # strategy discussion (no draw from the generator: the same data otherwise).
            decide.decision, decide.rationale = "strategy", RATIONALES["strategy"]
            decide.threshold = THRESHOLDS["strategy"]
            sd_date = add_working_days(rdate, rng.choice((0, 1, 1, 2, 3, 5, 8)))
            starts = rng.random() < SD_STARTS_S47
            sd, s47 = a.Ref(), a.Ref()
            agencies = tuple(AGENCIES[: rng.choice((2, 3, 4))])
            add(
                plan,
                sd_date,
                a.HoldStrategyDiscussion(
                    sd,
                    referral,
                    sd_date,
                    "s47" if starts else "no_s47",
                    agencies,
                    rdate,
                    section47=s47,
                ),
            )
            if not starts:
                urgent = False
            elif rng.random() < (S47_TO_ICPC_AFTER_PLAN if plan.had_plan else S47_TO_ICPC):
                icpc_wd = rng.randint(7, 15) if rng.random() < 0.8 else rng.randint(16, 30)
                icpc_date = add_working_days(sd_date, icpc_wd)
                s47_done = add_working_days(sd_date, max(1, icpc_wd - rng.randint(1, 4)))
                add(plan, s47_done, a.CompleteSection47(s47, s47_done, "icpc", False))
                made = rng.random() < ICPC_MAKES_PLAN
                conf = a.Ref()
                category = _weighted(rng, CATEGORIES)
                new_plan = a.Ref()
                add(
                    plan,
                    icpc_date,
                    a.HoldConference(
                        conf,
                        "initial",
                        icpc_date,
                        "plan" if made else "no_plan",
                        section47=s47,
                        category=category if made else "",
                        new_plan=new_plan,
                    ),
                )
                authorise("strategy")
                if made:
                    plan.had_plan = True
                    if rng.random() < 0.7:
                        reallocate(
                            add_working_days(icpc_date, rng.randint(1, 10)),
                            staff.safeguarding[plan.locality],
                            "TSPROC",
                        )
                    review = icpc_date
                    for i, chance in enumerate(PLAN_ENDS_AT_REVIEW):
                        review = add_months(review, 3 if i == 0 else 6) - timedelta(
                            days=rng.randint(0, 12)
                        )
                        ends = rng.random() < chance
                        add(
                            plan,
                            review,
                            a.HoldConference(
                                a.Ref(),
                                "review",
                                review,
                                "end" if ends else "continue",
                                plan=new_plan,
                            ),
                        )
                        if ends:
                            break
                    plan_end = review
                    visits("cp", icpc_date, plan_end, 10)
                    planning.core_groups(self, plan, new_plan, icpc_date, plan_end)
                    if rng.random() < 0.10:
                        pre = a.Ref()
                        p_start = icpc_date + timedelta(days=rng.randint(30, 90))
                        if p_start < plan_end:
                            sent = min(p_start + timedelta(days=rng.randint(3, 14)), plan_end)
                            letter = sent if sent <= self.cfg.as_of else None
                            add(
                                plan,
                                p_start,
                                a.StartPreProceedings(pre, referral, p_start, letter, None),
                            )
                            p_end = min(plan_end, p_start + timedelta(weeks=rng.randint(12, 20)))
                            add(
                                plan,
                                p_end,
                                a.EndPreProceedings(
                                    pre, p_end, "stepped_down" if rng.random() < 0.8 else "other"
                                ),
                            )
                    if rng.random() < CARE_FROM_PLAN and self.may_come_into_care(plan, plan_end):
                        cared = care_journey(plan_end, "C1")
                        closure = cared + timedelta(days=rng.randint(0, 14))
                    elif rng.random() < 0.55:
                        closure = cin_plan(plan_end, 3, 9, step_down=True)
                    else:
                        closure = plan_end + timedelta(days=rng.randint(0, 20))
                elif rng.random() < 0.5:
                    closure = cin_plan(max(icpc_date, a_end), 4, 12)
                else:
                    closure = icpc_date + timedelta(days=rng.randint(5, 30))
            else:
                s47_done = add_working_days(sd_date, rng.randint(5, 20))
                outcome = "cin" if rng.random() < 0.55 else "nfa"
                add(
                    plan,
                    s47_done,
                    a.CompleteSection47(
                        s47, s47_done, outcome, outcome == "cin" and rng.random() < 0.3
                    ),
                )
                authorise("strategy")
                if outcome == "cin":
                    closure = cin_plan(max(s47_done, a_end), 5, 16)
                else:
                    closure = max(s47_done, a_end) + timedelta(days=rng.randint(0, 15))
            if urgent:
                closure = max(closure, a_end)
        if not urgent:
            pick = rng.random()
            if not into_care and pick < 0.36:
                authorise("nfa", ("21",) if rng.random() < 0.3 else factors)
                closure, reason = a_end + timedelta(days=rng.randint(0, 10)), "RC8"
            elif not into_care and pick < 0.52:
                authorise("early_help")
                closure, reason = a_end + timedelta(days=rng.randint(0, 10)), "RC9"
            elif into_care or (
                rng.random() < CARE_FROM_CIN and self.may_come_into_care(plan, a_end)
            ):
                authorise("looked_after")
                cared = care_journey(a_end, "C2" if into_care else "V2", long_stay=into_care)
                closure, reason = cared + timedelta(days=rng.randint(0, 14)), "RC7"
            else:
                authorise("cin_plan")
                closure, reason = cin_plan(a_end, 8, 22), "RC7"
        else:
            reason = "RC7"
        if care_reason:
            reason = care_reason[0]
        since: date = current[2]
        if rng.random() < 0.25 and (closure - since).days > 120:
            mid = since + timedelta(days=rng.randint(60, (closure - since).days - 30))
            pool = staff.safeguarding[plan.locality] if urgent else staff.assessment[plan.locality]
            reallocate(mid, pool, rng.choice(CHANGE_REASONS))
        for _ in range(rng.choice((1, 2, 2, 3))):
            when = rdate + timedelta(days=rng.randint(0, max(0, (closure - rdate).days)))
            kind = rng.choice(("direct_work", "childs_words", "case_note"))
            add(
                plan,
                when,
                a.WriteCaseNote(plan.ref, current[1], when, kind, rng.choice(NOTE_TEXTS[kind])),
            )
        add(plan, closure, a.CloseReferral(referral, closure, reason))
        add(plan, closure, a.EndAllocation(current[0], closure))
        if reason == "RC9" and (plan.early_help_until is None or plan.early_help_until < closure):
            self.early_help(plan, closure, a.Ref(), started_by_action=True)
        return closure

    # --- the whole authority --------------------------------------------------------------

    def age_at_referral(self, day: date) -> float | None:
        pick = self.rng.random()
        if pick < 0.03 and (self.cfg.as_of - day).days < 120:
            return None
        if pick < 0.13:
            return 0
        if pick < 0.35:
            return self.rng.uniform(1, 5)
        if pick < 0.62:
            return self.rng.uniform(5, 10)
        return self.rng.uniform(10, 16.5)

    def random_day(self, front_loaded: bool = False) -> date:
        """A day in the simulated span; first referrals come a little more often early on, so
        that with re-referrals added the yearly volume stays about level."""
        span = (self.cfg.as_of - self.cfg.start).days
        u = self.rng.random()
        return self.cfg.start + timedelta(days=int(span * (u**1.3 if front_loaded else u)))

    def run(self) -> list[ChildPlan]:
        cfg, rng = self.cfg, self.rng
        years = (cfg.as_of - cfg.start).days / 365.25
        referrals = cfg.children * REFERRALS_PER_10K / 10_000 * years
        first_referrals = round(referrals * (1 - RE_REFERRAL_CHANCE) * 1.25)
        starts = sorted(self.random_day(front_loaded=True) for _ in range(first_referrals))
        for day in starts:
            age = self.age_at_referral(day)
            earlier = day - timedelta(days=rng.randint(40, 400))
            if rng.random() < 0.15 and age is not None and age > 1.2 and earlier >= cfg.start:
                plan = self.new_child(earlier, age - (day - earlier).days / 365.25)
                self.contact_only(plan, earlier)
            else:
                plan = self.new_child(day, age)
            current = day
            while True:
                closure = self.episode(plan, current)
                chance = RE_REFERRAL_AFTER_PLAN if plan.had_plan else RE_REFERRAL_CHANCE
                if closure >= cfg.as_of or rng.random() >= chance:
                    break
                gap = rng.randint(10, 200) if rng.random() < 0.65 else rng.randint(300, 900)
                nxt = add_working_days(closure, 1) + timedelta(days=gap)
                too_old = plan.birth_date is not None and (nxt - plan.birth_date).days > 17 * 365
                if nxt > cfg.as_of or too_old:
                    break
                current = nxt
        contact_only = round(referrals * 0.9)
        for day in sorted(self.random_day() for _ in range(contact_only)):
            age = self.age_at_referral(day)
            self.contact_only(self.new_child(day, 0 if age is None else age), day)
        # Children already in care when the history starts, so that the number looked after
        # at 31 March is near the national rate from the first year (CONTRACTS.md: 67 per
        # 10,000). Their earlier reviews and visits are not generated.
        for _ in range(round(cfg.children * LONG_STAY_PER_CHILD)):
            day = cfg.start - timedelta(days=rng.randint(60, 6 * 365))
            plan = self.new_child(day, rng.uniform(0.5, 11.5))
            self.episode(plan, day, into_care=True)
        # Then, from a stream of their own: young people who left care before the history
        # starts, homeless 16/17-year-olds, and every care leaver's journey.
        leaving.earlier_leavers(self)
        leaving.homeless(self)
        for plan in self.plans:
            leaving.care_leaver(self, plan)
        # And, from a third stream: private fostering and allegations to the LADO.
        planning.private_fostering(self)
        planning.allegations(self)
        # Then everyone else who works with the child, and where the child lives at as_of.
        roles.assign_roles(self)
        roles.settle_households(self)
        in_care.homes_apart_from_placements(self)
        for plan in self.plans:
            plan.actions.sort(key=lambda item: (item[0], item[1]))
            while plan.actions and plan.actions[-1][0] > cfg.as_of:
                plan.actions.pop()
        return self.plans


@dataclass
class _Casework:
    """The work on one referral that outlives a step: the child, the referral, the worker
    holding the case (``current``: allocation, worker, since) and, once the child has been in
    care, why the case closed. ``Simulation.episode`` runs the steps in order."""

    sim: Simulation
    plan: ChildPlan
    referral: a.Ref
    current: list
    care_reason: list[str] = field(default_factory=list)

    def reallocate(self, on: date, pool: list[int], reason: str) -> None:
        plan, current, rng, add = self.plan, self.current, self.sim.rng, self.sim.add
        choices = [w for w in pool if w != current[1]]
        worker = rng.choice(choices)
        ref = a.Ref()
        add(plan, on, a.Allocate(ref, plan.ref, worker, "social_worker", on, reason))
        current[0], current[1], current[2] = ref, worker, on

    def visits(self, purpose: str, start: date, end: date, every: int) -> None:
        sim, plan, current = self.sim, self.plan, self.current
        rng, add = sim.rng, sim.add
        day_ = add_working_days(start, rng.randint(1, every))
        while day_ <= end and day_ <= sim.cfg.as_of:
            unborn = plan.birth_date is None or day_ < plan.birth_date
            seen_ = not unborn and rng.random() < 0.94
            age = 0 if unborn or plan.birth_date is None else (day_ - plan.birth_date).days / 365.25
            alone = seen_ and age >= 5 and rng.random() < 0.6
            add(plan, day_, a.RecordVisit(plan.ref, purpose, day_, current[1], seen_, alone))
            day_ = add_working_days(day_, max(2, every + rng.randint(-3, 4)))

    def cin_plan(
        self, start: date, months_from: int, months_to: int, step_down: bool = False
    ) -> date:
        sim, plan, referral, current = self.sim, self.plan, self.referral, self.current
        rng, staff, add = sim.rng, sim.staff, sim.add
        ref = a.Ref()
        add(plan, start, a.StartCINPlan(ref, referral, start))
        locality_sws = staff.safeguarding[plan.locality]
        if current[1] not in locality_sws and start > current[2]:
            # The plan is held in the locality's family support and safeguarding team;
            # the worker is drawn from the roles stream, leaving the journey as it was.
            worker = sim.wrng.choice(locality_sws)
            moved = a.Ref()
            add(
                plan,
                start,
                a.Allocate(moved, plan.ref, worker, "social_worker", start, "TSPROC"),
            )
            current[0], current[1], current[2] = moved, worker, start
        end = add_months(start, rng.randint(months_from, months_to)) + timedelta(
            days=rng.randint(-10, 10)
        )
        end = max(end, start + timedelta(days=28))
        self.visits("cin", start, end, 20)
        planning.cin_meetings(sim, plan, ref, start, end, step_down)
        add(plan, end, a.EndCINPlan(ref, end))
        return end

    def care_journey(self, start: date, legal: str, long_stay: bool = False) -> date:
        """A period of care from ``start``; returns its end (which may be after as_of)."""
        sim, plan = self.sim, self.plan
        rng, staff, add = sim.rng, sim.staff, sim.add
        born = plan.birth_date
        assert born is not None
        age = (start - born).days / 365.25
        period = a.Ref()
        older = age >= 13

        first = self.placement_details(older)
        add(
            plan,
            start,
            a.StartCare(
                period,
                plan.ref,
                start,
                legal,
                first,
                "N1"
                if legal.startswith("C")
                else _weighted(rng, (("N4", 4), ("N5", 3), ("N6", 2), ("N8", 1))),
                rng.choice(sim.postcodes),
            ),
        )
        pick = rng.random()
        adopted = not long_stay and age < 4 and legal.startswith("C") and pick < ADOPTED_UNDER_4
        if long_stay:  # in care since before the history starts: a long-term plan
            if pick < 0.7:
                end, rec = birthday(born, 18), rng.choice(("E17", "E5", "E8"))
            else:
                end = start + timedelta(days=rng.randint(3 * 365, 8 * 365))
                rec = _weighted(rng, (("E45", 2), ("E46", 2), ("E4A", 1)))
        elif adopted:
            end, rec = start + timedelta(days=rng.randint(450, 800)), "E11"
        elif pick < 0.4:
            end, rec = start + timedelta(days=rng.randint(30, 180)), "E4A"
        elif pick < 0.8:
            end = start + timedelta(days=rng.randint(240, 900))
            rec = _weighted(rng, (("E45", 3), ("E4A", 4), ("E41", 1), ("E46", 1)))
        else:
            end = birthday(born, 18)
            rec = rng.choice(("E17", "E5", "E8"))
        if end > birthday(born, 18):  # no longer looked after from the 18th birthday
            end, rec = birthday(born, 18), CEASED_AT_18[born.toordinal() % 3]
        if end <= start + timedelta(days=2):
            end = start + timedelta(days=3)
        if rng.random() < 0.8 and len(staff.children_in_care) > 1 and not adopted:
            self.reallocate(
                min(add_working_days(start, rng.randint(1, 10)), end - timedelta(days=1)),
                staff.children_in_care,
                "TSPROC",
            )
        changes: list[tuple[date, a.Action]] = []
        if legal == "C1":
            order = start + timedelta(days=rng.randint(150, 300))
            changes.append((order, a.ChangeLegalStatus(period, order, "C2")))
        if adopted:
            placement_order = (changes[0][0] if changes else start) + timedelta(
                days=rng.randint(30, 120)
            )
            changes.append((placement_order, a.ChangeLegalStatus(period, placement_order, "E1")))
            placed = placement_order + timedelta(days=rng.randint(60, 120))
            # The adoption order: after the child has lived with the adopters at least 10
            # weeks (Adoption and Children Act 2002 s.42); from the planning stream.
            end = max(end, placed + timedelta(days=sim.zrng.randint(70, 200)))
            changes.append(
                (
                    placed,
                    a.ChangePlacement(
                        period,
                        placed,
                        PlacementDetails(
                            place="A6",
                            provider="PR1",
                            carer="Adopters",
                            urn="XXXXXXX",  # through the regional adoption agency
                            postcode=rng.choice(sim.postcodes),
                        ),
                        "CARPL",
                    ),
                )
            )
        else:
            move = start + timedelta(days=rng.randint(90, 400))
            while move < end - timedelta(days=30) and rng.random() < 0.55:
                changes.append(
                    (
                        move,
                        a.ChangePlacement(
                            period,
                            move,
                            self.placement_details(older),
                            _weighted(
                                rng,
                                (
                                    ("CARPL", 5),
                                    ("CREQB", 2),
                                    ("CREQO", 1),
                                    ("STAND", 1),
                                    ("CHILD", 1),
                                ),
                            ),
                        ),
                    )
                )
                move += timedelta(days=rng.randint(120, 500))
        days_taken = set()
        moves = []
        last_place = first.place
        for day, change in sorted(changes, key=lambda item: item[0]):
            if day < end - timedelta(days=1) and day not in days_taken:
                days_taken.add(day)
                add(plan, day, change)
                if isinstance(change, a.ChangePlacement):
                    moves.append(day)
                    last_place = change.placement.place
        review = add_working_days(start, rng.randint(10, 20))
        gap = 3
        while review < end:
            participation = (
                "PN0"
                if (review - born).days < 4 * 365
                else _weighted(rng, (("PN1", 5), ("PN3", 2), ("PN6", 2), ("PN7", 1)))
            )
            if review >= sim.cfg.start:  # earlier history is carried over summarised
                add(plan, review, a.RecordReview(period, review, participation))
            review = add_months(review, gap) - timedelta(days=rng.randint(0, 10))
            gap = 6
        self.visits("lac", max(start, sim.cfg.start), end - timedelta(days=1), 28)
        if rec in ("E45", "E46") and not last_place.startswith("U"):
            rec = "E4A"  # special guardianship is to foster carers (SSDA903 rule 516)
        add(plan, end, a.EndCare(period, end, rec))
        if adopted:
            planning.adoption(sim, plan, period, start, placement_order, placed, end)
        in_care.life_in_care(sim, plan, period, start, end, moves)
        planning.care_plans(sim, plan, period, start, end, [start, *moves])
        if legal == "C1":
            planning.care_proceedings(sim, plan, start, end, rec, adopted)
        self.care_reason.append(
            {"E11": "RC1", "E45": "RC4", "E46": "RC4", "E41": "RC3"}.get(rec, "RC7")
        )
        return end

    def placement_details(self, older: bool) -> PlacementDetails:
        sim, rng = self.sim, self.sim.rng
        # Settings carry their Ofsted URN (DOMAIN.md 9): a children's home its own, a
        # foster placement its fostering service's or agency's.
        if older and rng.random() < 0.3:
            home = sim.settings.homes[rng.randrange(60)]
            return PlacementDetails(
                place="K2",
                provider="PR4",
                carer=home.name,
                urn=home.urn,
                postcode=home.postcode,
            )
        number = rng.randrange(900)
        long_term = rng.random() < 0.3
        provider = "PR1" if rng.random() < 0.7 else "PR4"
        return PlacementDetails(
            place="U4" if long_term else "U6",
            provider=provider,
            carer=f"Foster household {number}",
            urn=sim.settings.foster_urn(provider, number),
            postcode=rng.choice(sim.postcodes),
            intended_until_18=long_term,
        )
