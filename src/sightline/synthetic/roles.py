"""Everyone else who works with a child, and where the child lives, as actions added to each
child's finished journey (issue 13: a county where every role has work).

- the independent reviewing officer of each period of care (Children Act 1989 s.25A), who
  chairs its looked-after reviews;
- the child protection chair of each protection plan, who chairs its conferences (an initial
  conference that makes no plan has a chair too);
- the lead practitioner of each early help episode (a family support worker of the early help
  team), recorded on the episode and as an allocation;
- a family support worker beside the social worker on about half the child in need plans, from
  the locality's family support and safeguarding team.

Each is one allocation of its kind, open exactly while the thing it belongs to is, so whoever
is allocated sees the child (access.policy) and their work. This is one pass over every
journey, after the simulation, so no way into care, conference or early help can forget it.

``settle_households`` then says who the child lives with at ``as_of``: not with a parent while
looked after, nor once adopted (the birth parents' parental responsibility ends with the
adoption order) or under special guardianship, and a care leaver's household is their own.

Everything here draws from a stream of its own (``Simulation.wrng``), so the journeys and their
rates stay exactly as they were.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sightline.leaving_care.eligibility import CarePeriod, Eligibility, eligibility
from sightline.synthetic import actions as a

if TYPE_CHECKING:
    from sightline.synthetic.simulate import ChildPlan, Simulation

FAMILY_SUPPORT_ON_CIN = 0.5  # child in need plans with a family support worker beside the SW
ADOPTED = frozenset({"E11", "E12"})
SPECIAL_GUARDIANSHIP = frozenset({"E45", "E46"})
PARENTS = frozenset({"mother", "father"})
CARE_LEAVER = frozenset({Eligibility.RELEVANT, Eligibility.FORMER_RELEVANT})


def assign_roles(sim: Simulation) -> None:
    for plan in sim.plans:
        _assign(sim, plan)


def _assign(sim: Simulation, plan: ChildPlan) -> None:
    rng, staff, child = sim.wrng, sim.staff, plan.ref
    opened: dict[int, a.Ref] = {}  # id() of the period / plan / episode ref -> its allocation
    chairs: dict[int, int] = {}  # id() of a period or protection plan ref -> its chair / IRO

    def allocate(key: a.Ref, worker: int, kind: str, on: date) -> None:
        ref = a.Ref()
        sim.add(plan, on, a.Allocate(ref, child, worker, kind, on, ""))
        opened[id(key)] = ref

    def end(key: a.Ref, on: date) -> None:
        ref = opened.pop(id(key), None)
        if ref is not None:
            sim.add(plan, on, a.EndAllocation(ref, on))

    for _, _, x in sorted(plan.actions, key=lambda item: (item[0], item[1])):
        match x:
            case a.StartCare():
                chairs[id(x.ref)] = iro = rng.choice(staff.reviewing)
                allocate(x.ref, iro, "reviewing_officer", x.started_on)
            case a.RecordReview():
                x.chaired_by = chairs.get(id(x.period))
            case a.EndCare():
                end(x.period, x.ended_on)
            case a.HoldConference() if x.kind == "review":
                assert x.plan is not None
                x.chair = chairs.get(id(x.plan))
                if x.outcome == "end":
                    end(x.plan, x.held_on)
            case a.HoldConference():
                x.chair = rng.choice(staff.reviewing)
                if x.outcome == "plan":
                    chairs[id(x.new_plan)] = x.chair
                    allocate(x.new_plan, x.chair, "cp_chair", x.held_on)
            case a.DecideContact(early_help=a.Ref() as episode):
                x.lead_worker = rng.choice(staff.early_help)
                allocate(episode, x.lead_worker, "lead_practitioner", x.decided_at.date())
            case a.StartEarlyHelp():
                x.lead_worker = rng.choice(staff.early_help)
                allocate(x.ref, x.lead_worker, "lead_practitioner", x.started_on)
            case a.EndEarlyHelp():
                end(x.episode, x.ended_on)
            case a.StartCINPlan() if rng.random() < FAMILY_SUPPORT_ON_CIN:
                worker = rng.choice(staff.family_support[plan.locality])
                allocate(x.ref, worker, "family_support_worker", x.started_on)
            case a.EndCINPlan():
                end(x.plan, x.ended_on)


def settle_households(sim: Simulation) -> None:
    """Who each child lives with at ``as_of``, from where their journey has taken them."""
    as_of = sim.cfg.as_of
    for plan in sim.plans:
        born = plan.birth_date
        ended: dict[int, tuple[date, str]] = {}
        started: list[tuple[date, a.Ref]] = []
        relatives: list[a.Relate] = []
        for day, _, x in plan.actions:
            if day > as_of:
                continue
            match x:
                case a.StartCare():
                    started.append((x.started_on, x.ref))
                case a.EndCare():
                    ended[id(x.period)] = (x.ended_on, x.reason_ceased)
                case a.Relate() if x.kind in PARENTS:
                    relatives.append(x)
        if not started or born is None:
            continue
        _, last = max(started, key=lambda item: item[0])
        reason = ended.get(id(last), (None, ""))[1]
        in_care = id(last) not in ended
        periods = [CarePeriod(start, ended.get(id(ref), (None, ""))[0]) for start, ref in started]
        care_leaver = eligibility(born, periods, as_of) in CARE_LEAVER
        away = in_care or care_leaver or reason in ADOPTED or reason in SPECIAL_GUARDIANSHIP
        for relate in relatives:
            if away:
                relate.lives_with_child = False
            if reason in ADOPTED:
                relate.has_parental_responsibility = False
