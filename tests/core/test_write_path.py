"""Every change leaves its trace (issue 14 item 2, decision 0019).

The services modules are found by introspection, so a new service cannot be left out: every
public function in them is a ``@service`` (core/writes.py) or a named helper that is not a
use case. Each service is called once with valid arguments (CALLS: how to set up and call it)
and must leave an audit row, and a chronology entry where the change is significant.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date, datetime
from types import ModuleType
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

import sightline
from sightline.access import services as access
from sightline.access import services_accounts as accounts
from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import Role
from sightline.care import services as care
from sightline.care import services_in_care as in_care
from sightline.care.models import PeriodOfCare
from sightline.care.services import PlacementDetails
from sightline.chronology import services as notes
from sightline.chronology.models import ChronologyEntry
from sightline.core.codes import Ethnicity, Sex
from sightline.core.writes import UntracedWrite, is_service, service
from sightline.frontdoor import services as frontdoor
from sightline.jobs import services as jobs
from sightline.jobs.models import Job
from sightline.leaving_care import services as leaving
from sightline.people import services as people
from sightline.people.models import Person
from sightline.protection import services as protection
from sightline.protection.models import ChildProtectionPlan, StrategyDiscussion
from sightline.workforce import services as workforce
from sightline.workforce.models import Allocation, Team, Worker
from tests.factories import TeamFactory, WorkerFactory

TODAY = date(2026, 11, 23)
FOSTER = PlacementDetails(place="U6", provider="PR1", carer="Smith household", postcode="GL1 1UT")
# Unregistered provision: a children's home type that is not one Ofsted registers by definition.
UNREGISTERED = PlacementDetails(place="P3", provider="PR4", carer="Lodge Farm", postcode="GL1 1UT")


def services_modules() -> list[ModuleType]:
    """Every ``services`` / ``services_*`` module of every Sightline app."""
    found = []
    for info in pkgutil.walk_packages(sightline.__path__, "sightline."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf == "services" or leaf.startswith("services_"):
            found.append(importlib.import_module(info.name))
    return sorted(found, key=lambda m: m.__name__)


def public_functions() -> dict[str, Callable[..., Any]]:
    return {
        f"{module.__name__}.{name}": function
        for module in services_modules()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == module.__name__
    }


# Public functions of the services modules that are not use cases: pure checks and reads the
# services (and the bulk writer) share, and the episode rebuild every care service runs inside
# its own transaction.
NOT_USE_CASES = {
    "sightline.access.services.people_to_notify": "reads whom break-glass notifies",
    "sightline.access.services.mark_notices_read": "the user's own notices, not a record",
    "sightline.providers.services.import_register": (
        "reference data, not a child's record: audited by its own import row (tests/providers)"
    ),
    "sightline.care.services.check_placement": "pure check of placement details",
    "sightline.care.services.rebuild_episodes": "derived rows, inside a care service only",
    "sightline.care.services_in_care.in_registered_setting": "reads a setting's registration",
    "sightline.leaving_care.services.former_foster_carer": "reads the carer at 18",
    "sightline.people.services.check_child_details": "pure check of a child's details",
    "sightline.people.services.next_la_child_id": "reads the next free LA child ID",
    "sightline.protection.services.check_factors": "pure check of assessment factors",
    "sightline.protection.services.check_visit": "reads only: checks a visit's details",
    "sightline.protection.services.no_conference_needed": "pure rule for ICPCnotRequired",
}

# Audited, not in the chronology: not something that happened to the child (decision 0019).
NOT_SIGNIFICANT = {
    "sightline.access.services.break_glass",
    "sightline.access.services.break_glass_page_viewed",
    "sightline.access.services.break_glass_refused",
    "sightline.access.services.restrict_record",
    "sightline.chronology.services.write_case_note",
    "sightline.leaving_care.services.record_advocacy",
    "sightline.people.services.register_adult",
    "sightline.people.services.relate",
}

# Audited, about no one child: their audit rows name none (decision 0024).
ABOUT_NO_CHILD = {
    "sightline.jobs.services.start_job": "starts a background job over every record",
    # Staff accounts (decision 0031): audited with the account's username, about no child.
    "sightline.access.services_accounts.create_account": "a staff account",
    "sightline.access.services_accounts.change_role": "a staff account",
    "sightline.access.services_accounts.deactivate_account": "a staff account",
    "sightline.access.services_accounts.reactivate_account": "a staff account",
    "sightline.access.services_accounts.reset_password": "a staff account",
    "sightline.access.services_accounts.change_own_password": "the user's own password",
    "sightline.access.services_accounts.create_team": "a team of staff",
    "sightline.access.services_accounts.rename_team": "a team of staff",
    "sightline.access.services_accounts.close_team": "a team of staff",
    "sightline.access.services_accounts.move_team": "a team of staff",
    "sightline.quality.services.draw_audit_sample": "lists the month's sample in its audit row",
    "sightline.quality.services.record_inspection": "the improvement plan: no one child",
    "sightline.quality.services.add_improvement_action": "the improvement plan: no one child",
    "sightline.quality.services.update_improvement_action": "the improvement plan: no one child",
    "sightline.quality.services.record_board_meeting": "the improvement board: no one child",
    "sightline.quality.services.record_feedback": "called here for the participation group's",
}


# --- A small world the calls build on (everything through the services) ----------------------


class World:
    def __init__(self) -> None:
        self.team = TeamFactory(name="Stroud safeguarding", kind=Team.Kind.SAFEGUARDING)
        self.worker = WorkerFactory(team=self.team, given_name="Priya", family_name="Shah")
        self.other = WorkerFactory(team=self.team, given_name="Tom", family_name="Reed")

    def child(self, born: date = date(2019, 4, 12), **extra: Any) -> Person:
        return people.register_child(
            given_name="Ava",
            family_name="Morgan",
            sex=Sex.FEMALE,
            ethnicity=Ethnicity.WBRI,
            birth_date=born,
            today=TODAY,
            **extra,
        )

    def user(self, name: str, role: Role) -> Any:
        user = get_user_model().objects.create_user(name)
        WorkerFactory(team=self.team, role=role.value, user=user)
        AccessProfile.objects.create(user=user, role=role.value)
        return user

    def admin(self) -> Any:
        user = get_user_model().objects.create_user("administrator")
        AccessProfile.objects.create(user=user, role=Role.SYSTEM_ADMINISTRATOR.value)
        return user

    def referral(self, child: Person | None = None, on: date = date(2026, 9, 1)) -> Any:
        return protection.open_referral(
            child=child or self.child(), referral_date=on, source="1A", today=TODAY
        )

    def enquiry(self) -> Any:
        discussion = protection.hold_strategy_discussion(
            referral=self.referral(),
            held_on=date(2026, 9, 3),
            outcome=StrategyDiscussion.Outcome.SECTION_47,
            today=TODAY,
        )
        return discussion.section47_enquiry

    def cp_plan(self) -> ChildProtectionPlan:
        conference = protection.hold_conference(
            kind="initial",
            held_on=date(2026, 9, 20),
            outcome="plan",
            section47=self.enquiry(),
            category="NEG",
            today=TODAY,
        )
        assert conference.plan is not None
        return conference.plan

    def cin_plan(self) -> Any:
        return protection.start_cin_plan(
            referral=self.referral(), started_on=date(2026, 9, 10), today=TODAY
        )

    def period(
        self,
        child: Person | None = None,
        start: date = date(2025, 1, 6),
        end: date | None = None,
        placement: PlacementDetails = FOSTER,
    ) -> PeriodOfCare:
        period = care.start_care(
            child=child or self.child(),
            started_on=start,
            legal_status="C2",
            placement=placement,
            category_of_need="N1",
            home_postcode="GL4 6TS",
            today=TODAY,
        )
        if end is not None:
            care.end_care(period=period, ended_on=end, reason_ceased="E8", today=TODAY)
        return period

    def leaver(self, born: date = date(2009, 3, 1)) -> Person:
        """Looked after from before 16 to 17: relevant since 1 June 2026."""
        child = self.child(born=born)
        self.period(child, date(2025, 1, 6), date(2026, 6, 1))
        return child

    def former_relevant(self, born: date = date(2007, 3, 1)) -> Person:
        """In foster care from 14 until 18: former relevant after 1 March 2025."""
        child = self.child(born=born)
        self.period(child, date(2021, 1, 6), date(born.year + 18, born.month, born.day))
        return child

    def adult(self) -> Person:
        return people.register_adult(given_name="Dana", family_name="Morgan", today=TODAY)

    def presentation(self) -> Any:
        return leaving.record_homeless_presentation(
            child=self.child(born=date(2009, 3, 1)), presented_on=date(2026, 10, 1), today=TODAY
        )

    def adoption(self, up_to: str) -> PeriodOfCare:
        period = self.period(self.child(born=date(2022, 5, 1)), start=date(2024, 1, 8))
        steps = {
            "decision_on": date(2024, 6, 3),
            "placement_order_on": date(2024, 9, 2),
            "matched_on": date(2025, 1, 6),
        }
        for milestone, on in steps.items():
            in_care.record_adoption_milestone(
                period=period, milestone=milestone, on=on, today=TODAY
            )
            if milestone == up_to:
                break
        return period

    def missing(self) -> Any:
        period = self.period()
        return in_care.record_missing_start(
            period=period, kind="M", started_at=_at(date(2026, 10, 1)), today=TODAY
        )


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


Thunk = Callable[[], object]
CALLS: dict[str, Callable[[World], Thunk]] = {}


def calls(*names: str) -> Callable[[Callable[[World], Thunk]], Callable[[World], Thunk]]:
    """Register how to set up and call the named service (``sightline.<app>.services.<f>``)."""

    def register(setup: Callable[[World], Thunk]) -> Callable[[World], Thunk]:
        for name in names:
            CALLS[name] = setup
        return setup

    return register


def _early_help(w: World) -> Any:
    return frontdoor.start_early_help(child=w.child(), started_on=date(2026, 10, 1), today=TODAY)


def _contact(w: World) -> Any:
    return frontdoor.receive_contact(
        child=w.child(), received_at=_at(date(2026, 11, 2)), source="1A", today=TODAY
    )


def _contact_for_new_child(w: World) -> Any:
    return frontdoor.receive_contact_for_new_child(
        given_name="Mohamed",
        family_name="Khan",
        birth_date=date(2015, 4, 3),
        received_at=_at(date(2026, 11, 2)),
        source="1A",
        today=TODAY,
    )


def _pre(w: World) -> Any:
    return protection.start_pre_proceedings(
        referral=w.referral(), started_on=date(2026, 9, 5), today=TODAY
    )


def _allegation(w: World) -> Any:
    return protection.record_allegation(
        child=w.child(),
        subject_role="Teacher",
        came_to_attention_on=date(2026, 10, 1),
        referred_on=date(2026, 10, 2),
        today=TODAY,
    )


def _fostering(w: World) -> Any:
    return protection.notify_private_fostering(
        child=w.child(),
        notified_on=date(2026, 9, 1),
        arrangement_started_on=date(2026, 9, 1),
        carer_name="Jo Bloggs",
        today=TODAY,
    )


def _proceedings(w: World) -> Any:
    return protection.issue_care_proceedings(
        child=w.child(), issued_on=date(2026, 9, 1), today=TODAY
    )


def _neet_offer(w: World) -> Any:
    return leaving.record_neet_offer(
        child=w.leaver(), offered_on=date(2026, 10, 1), kind="college", today=TODAY
    )


def _staying_put(w: World) -> Any:
    return leaving.start_staying_put(
        child=w.former_relevant(),
        started_on=date(2025, 3, 1),
        carer="Smith household",
        today=TODAY,
    )


def _custody(w: World) -> Any:
    return leaving.record_custody(child=w.leaver(), from_date=date(2026, 9, 1), today=TODAY)


def _assessed(w: World) -> Any:
    started = leaving.start_joint_assessment(
        presentation=w.presentation(), started_on=date(2026, 10, 2), today=TODAY
    )
    return leaving.complete_joint_assessment(
        presentation=started, completed_on=date(2026, 10, 20), today=TODAY
    )


def _returned(w: World) -> Any:
    return in_care.record_return(episode=w.missing(), ended_at=_at(date(2026, 10, 2)), today=TODAY)


# The services whose setup is the call itself.
SELF_STARTING: dict[str, Callable[[World], object]] = {
    "sightline.people.services.register_child": lambda w: w.child(),
    "sightline.people.services.register_adult": lambda w: w.adult(),
    "sightline.frontdoor.services.receive_contact": _contact,
    "sightline.frontdoor.services.receive_contact_for_new_child": _contact_for_new_child,
    "sightline.frontdoor.services.start_early_help": _early_help,
    "sightline.protection.services.open_referral": lambda w: w.referral(),
    "sightline.protection.services.start_cin_plan": lambda w: w.cin_plan(),
    "sightline.protection.services.start_pre_proceedings": _pre,
    "sightline.protection.services.record_allegation": _allegation,
    "sightline.protection.services.notify_private_fostering": _fostering,
    "sightline.protection.services.issue_care_proceedings": _proceedings,
    "sightline.care.services.start_care": lambda w: w.period(),
    "sightline.care.services_in_care.record_missing_start": lambda w: w.missing(),
    "sightline.leaving_care.services.record_homeless_presentation": lambda w: w.presentation(),
    "sightline.leaving_care.services.record_neet_offer": _neet_offer,
    "sightline.leaving_care.services.start_staying_put": _staying_put,
    "sightline.leaving_care.services.record_custody": _custody,
}
for _name, _start in SELF_STARTING.items():
    CALLS[_name] = lambda w, start=_start: lambda: start(w)


@calls("sightline.jobs.services.start_job")
def start_job(w: World) -> Thunk:
    user = w.user("analyst", Role.PERFORMANCE_ANALYST)
    return lambda: jobs.start_job(kind=Job.Kind.LIVE_VALIDATION, user=user)


@calls("sightline.access.services_accounts.create_account")
def create_account(w: World) -> Thunk:
    return lambda: accounts.create_account(
        username="new.starter",
        given_name="New",
        family_name="Starter",
        email="",
        role=Role.SOCIAL_WORKER.value,
        team=w.team,
        today=TODAY,
    )


@calls("sightline.access.services_accounts.create_team")
def create_team(w: World) -> Thunk:
    return lambda: accounts.create_team(
        name="Forest early help", kind=Team.Kind.EARLY_HELP, parent=w.team
    )


@calls("sightline.access.services_accounts.rename_team")
def rename_team(w: World) -> Thunk:
    return lambda: accounts.rename_team(team=w.team, name="Stroud and Dursley safeguarding")


@calls("sightline.access.services_accounts.move_team")
def move_team(w: World) -> Thunk:
    area = TeamFactory(name="Forest area", kind=Team.Kind.SERVICE)
    return lambda: accounts.move_team(team=w.team, parent=area)


@calls("sightline.access.services_accounts.close_team")
def close_team(w: World) -> Thunk:
    empty = TeamFactory(name="Forest early help", kind=Team.Kind.EARLY_HELP)
    return lambda: accounts.close_team(team=empty, today=TODAY)


@calls("sightline.access.services_accounts.change_role")
def change_role(w: World) -> Thunk:
    user, admin = w.user("mover", Role.SOCIAL_WORKER), w.admin()
    return lambda: accounts.change_role(
        user=user, role=Role.TEAM_MANAGER.value, team=w.team, by=admin, today=TODAY
    )


@calls("sightline.access.services_accounts.deactivate_account")
def deactivate_account(w: World) -> Thunk:
    user, admin = w.user("leaver", Role.SOCIAL_WORKER), w.admin()
    return lambda: accounts.deactivate_account(user=user, by=admin)


@calls("sightline.access.services_accounts.reactivate_account")
def reactivate_account(w: World) -> Thunk:
    user, admin = w.user("returner", Role.SOCIAL_WORKER), w.admin()
    user.is_active = False
    user.save()
    return lambda: accounts.reactivate_account(user=user, by=admin)


@calls("sightline.access.services_accounts.reset_password")
def reset_password(w: World) -> Thunk:
    user, admin = w.user("forgetful", Role.SOCIAL_WORKER), w.admin()
    return lambda: accounts.reset_password(user=user, by=admin)


@calls("sightline.access.services_accounts.change_own_password")
def change_own_password(w: World) -> Thunk:
    user = w.user("chooser", Role.SOCIAL_WORKER)
    return lambda: accounts.change_own_password(user=user, password="plum kettle orbit 42")


@calls("sightline.people.services.relate")
def relate(w: World) -> Thunk:
    child, adult = w.child(), w.adult()
    return lambda: people.relate(person=child, relative=adult, kind="mother")


@calls("sightline.people.services.record_death")
def record_death(w: World) -> Thunk:
    child = w.child()
    return lambda: people.record_death(person=child, death_date=date(2026, 11, 1), today=TODAY)


@calls("sightline.access.services.break_glass")
def break_glass(w: World) -> Thunk:
    child, user = w.child(), w.user("asker", Role.SOCIAL_WORKER)
    return lambda: access.break_glass(user=user, child=child, reason="Police called out of hours")


@calls("sightline.access.services.break_glass_page_viewed")
def break_glass_page_viewed(w: World) -> Thunk:
    child = w.child()
    return lambda: access.break_glass_page_viewed(child.la_child_id)


@calls("sightline.access.services.break_glass_refused")
def break_glass_refused(w: World) -> Thunk:
    child = w.child()
    return lambda: access.break_glass_refused(child.la_child_id, "", "no reason given")


@calls("sightline.access.services.restrict_record")
def restrict_record(w: World) -> Thunk:
    child, user = w.child(), w.user("restricter", Role.TEAM_MANAGER)
    return lambda: access.restrict_record(
        child=child, reason="A staff member's child", named_users=[], by=user
    )


def _allocate(w: World, child: Person) -> Allocation:
    return workforce.allocate(
        child=child,
        worker=w.worker,
        kind=Allocation.Kind.FAMILY_SUPPORT_WORKER,
        started_on=date(2026, 10, 1),
        today=TODAY,
    )


@calls("sightline.workforce.services.allocate")
def allocate(w: World) -> Thunk:
    child = w.child()
    return lambda: _allocate(w, child)


@calls("sightline.workforce.services.end_allocation")
def end_allocation(w: World) -> Thunk:
    allocation = _allocate(w, w.child())
    return lambda: workforce.end_allocation(
        allocation=allocation, ended_on=date(2026, 11, 1), today=TODAY
    )


@calls("sightline.workforce.services.reallocate")
def reallocate(w: World) -> Thunk:
    child = w.child()
    _allocate(w, child)
    return lambda: workforce.reallocate(
        children=[child],
        from_worker=w.worker,
        to_worker=w.other,
        kind=Allocation.Kind.FAMILY_SUPPORT_WORKER,
        started_on=date(2026, 11, 2),
        reason="MANAGE",
        today=TODAY,
    )


@calls("sightline.chronology.services.write_case_note")
def write_case_note(w: World) -> Thunk:
    child = w.child()
    return lambda: notes.write_case_note(
        child=child,
        author=w.worker,
        written_on=TODAY,
        kind="case_note",
        text="Spoke to Ava at school.",
        today=TODAY,
    )


@calls("sightline.frontdoor.services.decide_contact")
def decide_contact(w: World) -> Thunk:
    contact = _contact(w)
    return lambda: frontdoor.decide_contact(
        contact=contact,
        decision="referral",
        decided_at=_at(date(2026, 11, 3)),
        decided_by=w.worker,
        rationale="Significant harm concerns",
        consent="obtained",
        today=TODAY,
    )


@calls("sightline.frontdoor.services.end_early_help")
def end_early_help(w: World) -> Thunk:
    episode = _early_help(w)
    return lambda: frontdoor.end_early_help(
        episode=episode, ended_on=date(2026, 11, 1), end_reason="needs_met", today=TODAY
    )


@calls("sightline.protection.services.close_referral")
def close_referral(w: World) -> Thunk:
    referral = w.referral()
    return lambda: protection.close_referral(
        referral=referral, closure_date=date(2026, 10, 1), reason="RC7", today=TODAY
    )


@calls("sightline.protection.services.start_assessment")
def start_assessment(w: World) -> Thunk:
    referral = w.referral()
    return lambda: protection.start_assessment(
        referral=referral, started_on=date(2026, 9, 2), today=TODAY
    )


@calls("sightline.protection.services.authorise_assessment")
def authorise_assessment(w: World) -> Thunk:
    assessment = protection.start_assessment(
        referral=w.referral(), started_on=date(2026, 9, 2), today=TODAY
    )
    return lambda: protection.authorise_assessment(
        assessment=assessment,
        authorised_on=date(2026, 10, 1),
        outcome="nfa",
        factors=["21"],
        today=TODAY,
    )


@calls("sightline.protection.services.hold_strategy_discussion")
def hold_strategy_discussion(w: World) -> Thunk:
    referral = w.referral()
    return lambda: protection.hold_strategy_discussion(
        referral=referral, held_on=date(2026, 9, 3), outcome="s47", today=TODAY
    )


@calls("sightline.protection.services.complete_section47")
def complete_section47(w: World) -> Thunk:
    enquiry = w.enquiry()
    return lambda: protection.complete_section47(
        enquiry=enquiry, completed_on=date(2026, 9, 15), outcome="cin", today=TODAY
    )


@calls("sightline.protection.services.hold_conference")
def hold_conference(w: World) -> Thunk:
    enquiry = w.enquiry()
    return lambda: protection.hold_conference(
        kind="initial",
        held_on=date(2026, 9, 20),
        outcome="plan",
        section47=enquiry,
        category="NEG",
        today=TODAY,
    )


@calls("sightline.protection.services.end_cin_plan")
def end_cin_plan(w: World) -> Thunk:
    plan = w.cin_plan()
    return lambda: protection.end_cin_plan(plan=plan, ended_on=date(2026, 11, 1), today=TODAY)


@calls("sightline.protection.services.end_pre_proceedings")
def end_pre_proceedings(w: World) -> Thunk:
    pre = _pre(w)
    return lambda: protection.end_pre_proceedings(
        pre=pre, ended_on=date(2026, 11, 1), outcome="stepped_down", today=TODAY
    )


def _note(w: World) -> Any:
    return notes.write_case_note(
        child=w.child(),
        author=w.worker,
        written_on=date(2026, 11, 2),
        kind="case_note",
        text="Spoke to Ava at scool.",
        today=TODAY,
    )


@calls("sightline.chronology.services.correct_entry")
def correct_entry(w: World) -> Thunk:
    note = _note(w)
    return lambda: notes.correct_entry(
        entry=note,
        by=w.worker,
        changes={"text": "Spoke to Ava at school."},
        reason="Spelling",
        today=TODAY,
    )


@calls("sightline.chronology.services.strike_out_entry")
def strike_out_entry(w: World) -> Thunk:
    note = _note(w)
    return lambda: notes.strike_out_entry(
        entry=note, by=w.worker, reason="Written on the wrong child's record", today=TODAY
    )


@calls("sightline.protection.services.record_visit")
def record_visit(w: World) -> Thunk:
    plan = w.cp_plan()
    return lambda: protection.record_visit(
        child=plan.child, purpose="cp", visited_on=date(2026, 10, 1), seen_alone=True, today=TODAY
    )


@calls("sightline.protection.services.hold_core_group_meeting")
def hold_core_group_meeting(w: World) -> Thunk:
    plan = w.cp_plan()
    return lambda: protection.hold_core_group_meeting(
        plan=plan, held_on=date(2026, 10, 1), today=TODAY
    )


@calls("sightline.protection.services.hold_cin_meeting")
def hold_cin_meeting(w: World) -> Thunk:
    plan = w.cin_plan()
    return lambda: protection.hold_cin_meeting(plan=plan, held_on=date(2026, 10, 1), today=TODAY)


@calls("sightline.protection.services.conclude_allegation")
def conclude_allegation(w: World) -> Thunk:
    allegation = _allegation(w)
    return lambda: protection.conclude_allegation(
        allegation=allegation, concluded_on=date(2026, 11, 1), outcome="unfounded", today=TODAY
    )


@calls("sightline.protection.services.end_private_fostering")
def end_private_fostering(w: World) -> Thunk:
    arrangement = _fostering(w)
    return lambda: protection.end_private_fostering(
        arrangement=arrangement, ended_on=date(2026, 11, 1), reason="moved_away", today=TODAY
    )


@calls("sightline.protection.services.conclude_care_proceedings")
def conclude_care_proceedings(w: World) -> Thunk:
    proceedings = _proceedings(w)
    return lambda: protection.conclude_care_proceedings(
        proceedings=proceedings, concluded_on=date(2026, 11, 1), outcome="withdrawn", today=TODAY
    )


@calls("sightline.care.services.come_into_care")
def come_into_care(w: World) -> Thunk:
    child = w.child()
    return lambda: care.come_into_care(
        child=child,
        started_on=date(2025, 1, 6),
        legal_status="C2",
        placement=FOSTER,
        category_of_need="N1",
        home_postcode="GL4 6TS",
        care_plan_agreed_on=date(2025, 1, 10),
        today=TODAY,
    )


@calls("sightline.care.services.change_legal_status")
def change_legal_status(w: World) -> Thunk:
    period = w.period()
    return lambda: care.change_legal_status(
        period=period, started_on=date(2025, 3, 3), code="C1", today=TODAY
    )


@calls("sightline.care.services.change_placement")
def change_placement(w: World) -> Thunk:
    period = w.period()
    move = PlacementDetails(place="U4", provider="PR1", carer="Jones household", postcode="GL1 1UT")
    return lambda: care.change_placement(
        period=period,
        started_on=date(2025, 6, 2),
        placement=move,
        reason_previous_ended="CARPL",
        today=TODAY,
    )


@calls("sightline.care.services.end_care")
def end_care(w: World) -> Thunk:
    period = w.period()
    return lambda: care.end_care(
        period=period, ended_on=date(2026, 6, 1), reason_ceased="E8", today=TODAY
    )


@calls("sightline.care.services.record_review")
def record_review(w: World) -> Thunk:
    period = w.period()
    return lambda: care.record_review(
        period=period,
        held_on=date(2025, 2, 3),
        participation="PN1",
        recommendations="Life story work\nContact with her brother",
        escalation="No permanence plan: raised with the team manager",
        today=TODAY,
    )


@calls("sightline.care.services.record_care_plan")
def record_care_plan(w: World) -> Thunk:
    period = w.period()
    return lambda: care.record_care_plan(period=period, agreed_on=date(2025, 1, 10), today=TODAY)


@calls("sightline.care.services.record_placement_plan")
def record_placement_plan(w: World) -> Thunk:
    placement = w.period().placements.get()
    return lambda: care.record_placement_plan(
        placement=placement, agreed_on=date(2025, 1, 8), today=TODAY
    )


@calls("sightline.care.services_in_care.record_health_check")
def record_health_check(w: World) -> Thunk:
    period = w.period()
    return lambda: in_care.record_health_check(
        period=period, kind="initial", done_on=date(2025, 2, 3), today=TODAY
    )


@calls("sightline.care.services_in_care.record_school")
def record_school(w: World) -> Thunk:
    child = w.child()
    return lambda: in_care.record_school(
        child=child, school_name="Stroud Primary", started_on=date(2023, 9, 4), today=TODAY
    )


@calls("sightline.care.services_in_care.record_pep_review")
def record_pep_review(w: World) -> Thunk:
    period = w.period()
    return lambda: in_care.record_pep_review(
        period=period, reviewed_on=date(2025, 3, 3), today=TODAY
    )


@calls("sightline.care.services_in_care.record_return")
def record_return(w: World) -> Thunk:
    episode = w.missing()
    return lambda: in_care.record_return(
        episode=episode, ended_at=_at(date(2026, 10, 2)), today=TODAY
    )


@calls("sightline.care.services_in_care.record_return_interview")
def record_return_interview(w: World) -> Thunk:
    episode = _returned(w)
    return lambda: in_care.record_return_interview(
        episode=episode, offered=True, accepted=True, held_at=_at(date(2026, 10, 3)), today=TODAY
    )


@calls("sightline.care.services_in_care.record_unaccompanied")
def record_unaccompanied(w: World) -> Thunk:
    child = w.child(born=date(2010, 5, 1))
    return lambda: in_care.record_unaccompanied(
        child=child, recorded_on=date(2026, 9, 1), today=TODAY
    )


@calls("sightline.care.services_in_care.end_unaccompanied_status")
def end_unaccompanied_status(w: World) -> Thunk:
    child = w.child(born=date(2010, 5, 1))
    in_care.record_unaccompanied(child=child, recorded_on=date(2026, 9, 1), today=TODAY)
    return lambda: in_care.end_unaccompanied_status(
        child=child, ceased_on=date(2026, 11, 1), today=TODAY
    )


@calls("sightline.care.services_in_care.record_adoption_milestone")
def record_adoption_milestone(w: World) -> Thunk:
    period = w.adoption("decision_on")
    return lambda: in_care.record_adoption_milestone(
        period=period, milestone="placement_order_on", on=date(2024, 9, 2), today=TODAY
    )


@calls("sightline.care.services_in_care.record_adopters")
def record_adopters(w: World) -> Thunk:
    period = w.adoption("matched_on")
    return lambda: in_care.record_adopters(
        period=period,
        foster_care=False,
        number_of_adopters=2,
        sex_of_adopters="MF",
        legal_status_of_adopters="L2",
        today=TODAY,
    )


@calls("sightline.care.services_in_care.record_previous_permanence")
def record_previous_permanence(w: World) -> Thunk:
    period = w.period()
    return lambda: in_care.record_previous_permanence(period=period, kind="Z1", today=TODAY)


@calls("sightline.care.services_in_care.approve_unregistered_placement")
def approve_unregistered_placement(w: World) -> Thunk:
    placement = w.period(placement=UNREGISTERED).placements.get()
    approver = WorkerFactory(team=w.team, role=Worker.Role.SERVICE_MANAGER)
    return lambda: in_care.approve_unregistered_placement(
        placement=placement,
        approved_by=approver,
        approved_on=date(2025, 1, 7),
        enhanced_visit_frequency_days=14,
        today=TODAY,
    )


@calls("sightline.care.services_in_care.record_conviction")
def record_conviction(w: World) -> Thunk:
    child = w.child(born=date(2012, 5, 1))
    w.period(child)
    return lambda: in_care.record_conviction(
        child=child, convicted_on=date(2026, 1, 12), today=TODAY
    )


@calls("sightline.care.services_in_care.record_substance_misuse")
def record_substance_misuse(w: World) -> Thunk:
    child = w.child(born=date(2010, 5, 1))
    return lambda: in_care.record_substance_misuse(
        child=child,
        identified_on=date(2026, 9, 1),
        intervention_offered=True,
        intervention_received=False,
        today=TODAY,
    )


@calls("sightline.leaving_care.services.allocate_personal_adviser")
def allocate_personal_adviser(w: World) -> Thunk:
    child = w.leaver()
    return lambda: leaving.allocate_personal_adviser(
        child=child, worker=w.worker, on=date(2026, 7, 1), today=TODAY
    )


@calls("sightline.leaving_care.services.start_pathway_plan")
def start_pathway_plan(w: World) -> Thunk:
    child = w.leaver()
    return lambda: leaving.start_pathway_plan(child=child, started_on=date(2026, 7, 1), today=TODAY)


@calls("sightline.leaving_care.services.review_pathway_plan")
def review_pathway_plan(w: World) -> Thunk:
    plan = leaving.start_pathway_plan(child=w.leaver(), started_on=date(2026, 7, 1), today=TODAY)
    return lambda: leaving.review_pathway_plan(
        plan=plan, reviewed_on=date(2026, 11, 1), today=TODAY
    )


@calls("sightline.leaving_care.services.record_in_touch")
def record_in_touch(w: World) -> Thunk:
    child = w.leaver()
    return lambda: leaving.record_in_touch(
        child=child, recorded_on=date(2026, 10, 1), in_touch="YES", today=TODAY
    )


@calls("sightline.leaving_care.services.record_activity")
def record_activity(w: World) -> Thunk:
    child = w.leaver()
    return lambda: leaving.record_activity(
        child=child, from_date=date(2026, 10, 1), code="F1", today=TODAY
    )


@calls("sightline.leaving_care.services.record_accommodation")
def record_accommodation(w: World) -> Thunk:
    child = w.leaver()
    return lambda: leaving.record_accommodation(
        child=child, from_date=date(2026, 10, 1), code="B1", today=TODAY
    )


@calls("sightline.leaving_care.services.record_advocacy")
def record_advocacy(w: World) -> Thunk:
    presentation = w.presentation()
    return lambda: leaving.record_advocacy(
        presentation=presentation, offered=True, taken_up=True, today=TODAY
    )


@calls("sightline.leaving_care.services.start_joint_assessment")
def start_joint_assessment(w: World) -> Thunk:
    presentation = w.presentation()
    return lambda: leaving.start_joint_assessment(
        presentation=presentation, started_on=date(2026, 10, 2), today=TODAY
    )


@calls("sightline.leaving_care.services.complete_joint_assessment")
def complete_joint_assessment(w: World) -> Thunk:
    started = leaving.start_joint_assessment(
        presentation=w.presentation(), started_on=date(2026, 10, 2), today=TODAY
    )
    return lambda: leaving.complete_joint_assessment(
        presentation=started, completed_on=date(2026, 10, 20), today=TODAY
    )


@calls("sightline.leaving_care.services.record_homeless_outcome")
def record_homeless_outcome(w: World) -> Thunk:
    assessed = _assessed(w)
    return lambda: leaving.record_homeless_outcome(
        presentation=assessed,
        outcome="accommodated_s20",
        outcome_on=date(2026, 10, 21),
        today=TODAY,
    )


@calls("sightline.leaving_care.services.record_neet_barrier")
def record_neet_barrier(w: World) -> Thunk:
    child = w.leaver()
    return lambda: leaving.record_neet_barrier(
        child=child, recorded_on=date(2026, 10, 1), barrier="mental_health", today=TODAY
    )


@calls("sightline.leaving_care.services.record_neet_offer_outcome")
def record_neet_offer_outcome(w: World) -> Thunk:
    offer = _neet_offer(w)
    return lambda: leaving.record_neet_offer_outcome(
        offer=offer, outcome="taken_up", outcome_on=date(2026, 10, 15), today=TODAY
    )


@calls("sightline.leaving_care.services.record_transition_plan")
def record_transition_plan(w: World) -> Thunk:
    child = w.child(born=date(2009, 3, 1), disabilities=["AUT"])
    return lambda: leaving.record_transition_plan(
        child=child, agreed_on=date(2026, 10, 1), today=TODAY
    )


@calls("sightline.leaving_care.services.end_staying_put")
def end_staying_put(w: World) -> Thunk:
    arrangement = _staying_put(w)
    return lambda: leaving.end_staying_put(
        arrangement=arrangement, ended_on=date(2026, 3, 1), today=TODAY
    )


@calls("sightline.leaving_care.services.record_release_from_custody")
def record_release_from_custody(w: World) -> Thunk:
    custody = _custody(w)
    return lambda: leaving.record_release_from_custody(
        custody=custody, to_date=date(2026, 10, 1), today=TODAY
    )


@calls("sightline.leaving_care.services.record_parenthood")
def record_parenthood(w: World) -> Thunk:
    child = w.leaver()
    return lambda: leaving.record_parenthood(
        child=child, became_parent_on=date(2026, 10, 1), today=TODAY
    )


@calls("sightline.leaving_care.services.update_essential_documents")
def update_essential_documents(w: World) -> Thunk:
    child = w.leaver()
    return lambda: leaving.update_essential_documents(
        child=child,
        updated_on=date(2026, 10, 1),
        documents={"passport": date(2026, 9, 1)},
        today=TODAY,
    )


@calls("sightline.leaving_care.services.request_support_to_25")
def request_support_to_25(w: World) -> Thunk:
    child = w.former_relevant(born=date(2004, 3, 1))
    return lambda: leaving.request_support_to_25(
        child=child, requested_on=date(2025, 3, 3), today=TODAY
    )


# --- Quality of practice (decision 0034) -----------------------------------------------------


def _manager(w: World) -> Worker:
    return WorkerFactory(team=w.team, role=Worker.Role.TEAM_MANAGER, started_on=date(2015, 1, 5))


def _allocated(w: World) -> Person:
    child = w.child()
    Allocation.objects.create(
        child=child,
        worker=w.worker,
        team=w.team,
        kind=Allocation.Kind.SOCIAL_WORKER,
        started_on=date(2026, 9, 1),
        reason="FCONTA",
    )
    return child


def _audit(w: World) -> Any:
    from sightline.quality.models import AuditQuestion, AuditTemplate, CaseAudit

    template = AuditTemplate.objects.create(name="Practice audit")
    AuditQuestion.objects.create(template=template, number=1, text="Voice?", theme="voice")
    return CaseAudit.objects.create(
        template=template,
        child=_allocated(w),
        month=date(2026, 11, 1),
        seed="2026-11",
        team=w.team,
        stage="assessment",
        practitioner=w.worker,
    )


def _audited(w: World) -> Any:
    from sightline.quality import services as quality

    case_audit = _audit(w)
    question = case_audit.template.questions.get()
    return quality.complete_audit(
        case_audit=case_audit,
        auditor=_manager(w),
        audited_on=date(2026, 11, 10),
        answers=[quality.Answer(question.pk, 2, "Ava's words are recorded.")],
        grade=2,
        summary="Good work.",
        today=TODAY,
    )


@calls("sightline.quality.services.record_oversight")
def record_oversight(w: World) -> Thunk:
    from sightline.quality import services as quality

    child, manager = w.child(), _manager(w)
    return lambda: quality.record_oversight(
        child=child,
        manager=manager,
        held_on=date(2026, 11, 2),
        point="regular",
        decision="Continue the plan.",
        rationale="Progress.",
        actions=[quality.ActionSpec("Visit", w.worker, date(2026, 11, 30))],
        today=TODAY,
    )


@calls("sightline.quality.services.complete_oversight_action")
def complete_oversight_action(w: World) -> Thunk:
    from sightline.quality import services as quality

    oversight = record_oversight(w)()
    action = oversight.actions.get()  # type: ignore[attr-defined]
    return lambda: quality.complete_oversight_action(
        action=action, done_on=date(2026, 11, 20), by=w.worker, today=TODAY
    )


@calls("sightline.quality.services.record_supervision")
def record_supervision(w: World) -> Thunk:
    from sightline.quality import services as quality

    child, manager = _allocated(w), _manager(w)
    return lambda: quality.record_supervision(
        worker=w.worker,
        supervisor=manager,
        held_on=date(2026, 11, 16),
        reflection="Worked through the impact of the work.",
        cases=[quality.CaseDiscussion(child, "Plan on track.", "Book the review")],
        today=TODAY,
    )


@calls("sightline.quality.services.draw_audit_sample")
def draw_audit_sample(w: World) -> Thunk:
    from sightline.quality import services as quality
    from sightline.quality.models import AuditTemplate

    _allocated(w)
    template = AuditTemplate.objects.create(name="Practice audit")
    leader = WorkerFactory(team=w.team, role=Worker.Role.SENIOR_LEADER)
    return lambda: quality.draw_audit_sample(
        template=template, month=date(2026, 11, 1), size=1, by=leader, today=TODAY
    )


@calls("sightline.quality.services.complete_audit")
def complete_audit(w: World) -> Thunk:
    from sightline.quality import services as quality

    case_audit = _audit(w)
    question = case_audit.template.questions.get()
    manager = _manager(w)
    return lambda: quality.complete_audit(
        case_audit=case_audit,
        auditor=manager,
        audited_on=date(2026, 11, 10),
        answers=[quality.Answer(question.pk, 3, "The plan is not specific.")],
        grade=3,
        summary="Plan needs work.",
        learning=[quality.ActionSpec("SMART plan training", w.worker, date(2026, 12, 10))],
        today=TODAY,
    )


@calls("sightline.quality.services.moderate_audit")
def moderate_audit(w: World) -> Thunk:
    from sightline.quality import services as quality

    case_audit = _audited(w)
    second = _manager(w)
    return lambda: quality.moderate_audit(
        case_audit=case_audit,
        moderator=second,
        moderated_on=date(2026, 11, 12),
        grade=3,
        note="The plan's actions have no dates.",
        today=TODAY,
    )


@calls("sightline.quality.services.respond_to_audit")
def respond_to_audit(w: World) -> Thunk:
    from sightline.quality import services as quality

    case_audit = _audited(w)
    return lambda: quality.respond_to_audit(
        case_audit=case_audit,
        by=w.worker,
        responded_on=date(2026, 11, 14),
        response="Agreed; the plan is updated.",
        today=TODAY,
    )


@calls("sightline.quality.services.record_feedback")
def record_feedback(w: World) -> Thunk:
    from sightline.quality import services as quality

    return lambda: quality.record_feedback(
        received_on=date(2026, 11, 3),
        source="participation",
        theme="voice",
        sentiment="mixed",
        summary="Young people want to know their worker's plans for them.",
        by=w.worker,
        today=TODAY,
    )


def _inspection() -> Any:
    from sightline.quality import services as quality

    return quality.record_inspection(
        framework="ILACS",
        inspected_on=date(2022, 1, 24),
        published_on=date(2022, 4, 1),
        overall="Requires improvement to be good",
        judgements=[("Overall effectiveness", "Requires improvement to be good")],
        recommendations=[quality.RecommendationSpec("recommendation", 1, "Supervision.")],
    )


@calls("sightline.quality.services.record_inspection")
def record_inspection(w: World) -> Thunk:
    return _inspection


@calls("sightline.quality.services.add_improvement_action")
def add_improvement_action(w: World) -> Thunk:
    from sightline.quality import services as quality

    recommendation = _inspection().recommendations.get()
    return lambda: quality.add_improvement_action(
        recommendation=recommendation,
        title="Supervision policy",
        owner="Head of service",
        due_on=date(2022, 9, 30),
        milestones=[("Policy drafted", date(2022, 7, 1), None)],
    )


@calls("sightline.quality.services.update_improvement_action")
def update_improvement_action(w: World) -> Thunk:
    from sightline.quality import services as quality

    action = add_improvement_action(w)()
    return lambda: quality.update_improvement_action(
        action=action, status="complete", evidence="Policy approved."
    )


@calls("sightline.quality.services.record_board_meeting")
def record_board_meeting(w: World) -> Thunk:
    from sightline.quality import services as quality

    recommendation = _inspection().recommendations.get()
    return lambda: quality.record_board_meeting(
        held_on=date(2022, 6, 1),
        chair="Independent chair",
        attendees=["Director of children's services"],
        decisions=[(recommendation, "Plan approved.")],
        today=TODAY,
    )


FUNCTIONS = public_functions()
USE_CASES = sorted(name for name in FUNCTIONS if name not in NOT_USE_CASES)


def test_every_public_function_of_the_services_is_a_traced_service_or_a_named_helper() -> None:
    assert len(services_modules()) >= 9
    not_services = sorted(name for name in USE_CASES if not is_service(FUNCTIONS[name]))
    assert not not_services, f"public service functions without @service: {not_services}"
    helpers_as_services = sorted(n for n in NOT_USE_CASES if is_service(FUNCTIONS.get(n)))
    assert not helpers_as_services, helpers_as_services
    assert set(NOT_USE_CASES) <= set(FUNCTIONS), "a helper listed here no longer exists"
    uncalled = sorted(set(USE_CASES) - set(CALLS))
    assert not uncalled, f"add to CALLS how to call each new service: {uncalled}"
    assert not set(CALLS) - set(USE_CASES), "CALLS names a function that is not a service"


def _new(model: Any, after: int) -> list[Any]:
    return list(model.objects.filter(pk__gt=after).order_by("pk"))


def _last(model: Any) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", USE_CASES)
def test_every_service_call_leaves_an_audit_row_and_a_chronology_entry_if_significant(
    name: str,
) -> None:
    call = CALLS[name](World())
    audit_before, chronology_before = _last(AuditEvent), _last(ChronologyEntry)
    call()
    audited = _new(AuditEvent, audit_before)
    assert audited, f"{name} left no audit row"
    if name in ABOUT_NO_CHILD:
        assert all(row.child_id is None for row in audited), [a.what for a in audited]
    else:
        assert all(row.child_id is not None for row in audited), [a.what for a in audited]
    entries = _new(ChronologyEntry, chronology_before)
    if name in NOT_SIGNIFICANT or name in ABOUT_NO_CHILD:
        assert not entries, f"{name} is audited only, yet wrote {[e.summary for e in entries]}"
    else:
        assert entries, f"{name} changed the record significantly but left no chronology entry"


# --- The guard itself ------------------------------------------------------------------------


@service
def _writes_without_an_event(child: Person) -> None:
    Person.objects.filter(pk=child.pk).update(home_postcode="GL5 1HE")


@service
def _reads_only(child: Person) -> str:
    return Person.objects.get(pk=child.pk).family_name


@pytest.mark.django_db(transaction=True)
def test_a_service_that_writes_without_an_event_is_refused_and_writes_nothing() -> None:
    child = World().child()
    with pytest.raises(UntracedWrite, match="_writes_without_an_event wrote without"):
        _writes_without_an_event(child)
    assert Person.objects.get(pk=child.pk).home_postcode == ""
    assert _reads_only(child) == "Morgan"


@pytest.mark.django_db(transaction=True)
def test_an_untraced_write_inside_a_traced_caller_is_still_refused() -> None:
    """The outer service's events do not cover an inner service that wrote silently."""
    child = World().child()

    @service
    def outer() -> None:
        people.record_death(person=child, death_date=date(2026, 11, 1), today=TODAY)
        _writes_without_an_event(child)

    with pytest.raises(UntracedWrite):
        outer()
    child.refresh_from_db()
    assert (child.death_date, child.home_postcode) == (None, "")
    assert not ChronologyEntry.objects.filter(child=child, event="PersonDied").exists()
