"""Ofsted's Annex A (decision 0033): each list on small hand-built records, at the edges of its
windows, and the workbook. The lists' date is 23 November 2026: the six-month window runs from
23 May 2026 and the twelve-month one from 23 November 2025, both ends included."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import Role
from sightline.care.models import (
    AdoptionMilestones,
    LegalStatus,
    MissingEpisode,
    PeriodOfCare,
    Placement,
)
from sightline.frontdoor.models import Contact, EarlyHelpEpisode
from sightline.leaving_care.models import Accommodation, Activity, InTouch
from sightline.people.models import Person, PersonDisability
from sightline.protection.models import (
    Assessment,
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)
from sightline.returns import annex_a
from sightline.workforce.models import Allocation
from tests.factories import ChildFactory, TeamFactory, WorkerFactory
from tests.web.factories import UserFactory

AS_OF = date(2026, 11, 23)
BEFORE_SIX = date(2026, 5, 22)  # the day before the six-month window
FIRST_SIX = date(2026, 5, 23)  # its first day
AFTER = date(2026, 11, 24)  # the day after the lists' date

pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 12) -> datetime:
    """A moment on ``day`` in the authority's time (London)."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def child(**fields: Any) -> Person:
    return ChildFactory(**fields)


def referral(kid: Person, on: date, *, closed: date | None = None, **fields: Any) -> Referral:
    return Referral.objects.create(
        child=kid,
        referral_date=on,
        source="6",
        closure_date=closed,
        closure_reason="RC7" if closed else "",
        **fields,
    )


def enquiry(kid: Person, ref: Referral, on: date, completed: date | None = None) -> Any:
    talk = StrategyDiscussion.objects.create(
        child=kid, referral=ref, held_on=on, outcome=StrategyDiscussion.Outcome.SECTION_47
    )
    return Section47Enquiry.objects.create(
        child=kid, referral=ref, strategy_discussion=talk, started_on=on, completed_on=completed
    )


def period(kid: Person, start: date, end: date | None = None, *, status: str = "C2") -> Any:
    care = PeriodOfCare.objects.create(
        child=kid,
        started_on=start,
        ended_on=end,
        reason_ceased="E4A" if end else "",
        category_of_need="N1",
        home_postcode="GL1 1AA",
    )
    LegalStatus.objects.create(period=care, child=kid, started_on=start, code=status)
    return care


def filled(number: int, row: dict[str, Any]) -> None:
    """The row fills every column of its list that Sightline records: a revised configuration
    cannot name a field no list fills without a test failing."""
    wanted = {c.field for c in annex_a.spec().list(number).columns if c.recorded}
    assert wanted <= set(row), wanted - set(row)


def ids(found: list[dict[str, Any]]) -> list[str]:
    return [row["child_id"] for row in found]


def test_the_configuration_has_eleven_lists_each_with_ofsteds_headers_in_order() -> None:
    spec = annex_a.read_spec()
    assert [item.number for item in spec.lists] == list(range(1, 12))
    assert spec.list(1).headers == [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Date of Contact",
        "Contact Source",
    ]
    assert spec.list(8).headers[28:31] == [
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 "
        "months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    ]
    assert [len(item.columns) for item in spec.lists] == [7, 8, 11, 12, 14, 14, 17, 34, 17, 16, 19]
    assert all(len(item.sheet) <= 31 for item in spec.lists), "Excel's limit on a sheet's name"
    assert {item.window_months for item in spec.lists[:9]} == {6}
    assert {item.window_months for item in spec.lists[9:]} == {12}


def test_list_1_holds_the_contacts_of_the_six_months_both_ends_included_with_ofsteds_codes() -> (
    None
):
    kid = child(sex="F", ethnicity="BAFR", birth_date=date(2016, 11, 23))
    for day, hour in ((BEFORE_SIX, 23), (FIRST_SIX, 0), (AS_OF, 23), (AFTER, 0)):
        Contact.objects.create(child=kid, received_at=at(day, hour), source="5D")
    found = annex_a.rows(1, AS_OF)
    assert [r["contact_date"] for r in found] == [FIRST_SIX, AS_OF]
    first = found[0]
    filled(1, first)
    assert first["gender"] == "b) Female"
    assert first["ethnicity"] == "o) BAFR"
    assert first["contact_source"] == "p1) 5D: LA services"
    assert first["age"] == 10, "ten on the lists' date, which is the birthday"


def test_list_2_holds_early_help_started_in_the_window_and_early_help_open_on_the_date() -> None:
    started, still_open, ended_early, later = child(), child(), child(), child()
    EarlyHelpEpisode.objects.create(child=started, started_on=FIRST_SIX, ended_on=AS_OF)
    EarlyHelpEpisode.objects.create(child=still_open, started_on=date(2025, 1, 1))
    EarlyHelpEpisode.objects.create(
        child=ended_early, started_on=date(2025, 1, 1), ended_on=FIRST_SIX
    )
    EarlyHelpEpisode.objects.create(child=later, started_on=AFTER)
    found = annex_a.rows(2, AS_OF)
    assert set(ids(found)) == {started.la_child_id, still_open.la_child_id}
    row = next(r for r in found if r["child_id"] == started.la_child_id)
    filled(2, row)
    assert row["completed_on"] == AS_OF


def test_list_3_counts_the_referrals_of_the_twelve_months_before_each_referral() -> None:
    kid = child()
    referral(kid, date(2025, 5, 22), closed=date(2025, 6, 1))  # 12 months and a day before
    referral(kid, date(2025, 5, 23), closed=date(2025, 6, 1))  # exactly 12 months before
    referral(kid, BEFORE_SIX, closed=date(2026, 5, 22))  # before the window: not listed
    referral(kid, FIRST_SIX, closed=date(2026, 6, 1), nfa=True)
    referral(kid, AFTER)
    found = annex_a.rows(3, AS_OF)
    assert [r["referral_date"] for r in found] == [FIRST_SIX]
    filled(3, found[0])
    assert found[0]["referrals_12_months"] == 2, "23 May 2025 and 22 May 2026"
    assert found[0]["referral_nfa"] == "a) Yes"
    assert found[0]["referral_source"] == "q) 6: Police"


def allocate(
    kid: Person, team: str, given: str, start: date, end: date | None = None, **kw: Any
) -> Allocation:
    worker = WorkerFactory(team=TeamFactory(name=team), given_name=given, family_name="Worker")
    return Allocation.objects.create(
        child=kid,
        worker=worker,
        team=worker.team,
        kind=kw.get("kind", "social_worker"),
        started_on=start,
        ended_on=end,
    )


def test_the_team_and_worker_are_the_social_workers_allocated_on_the_lists_date() -> None:
    kid, nobody = child(), child()
    for someone in (kid, nobody):
        referral(someone, FIRST_SIX)
    allocate(kid, "Earlier team", "Ended", date(2026, 1, 1), end=FIRST_SIX)
    allocate(kid, "Current team", "Current", FIRST_SIX)  # hand-over on the day
    allocate(kid, "Support team", "Support", FIRST_SIX, kind="family_support_worker")
    allocate(nobody, "Ended team", "Gone", date(2026, 1, 1), end=AS_OF)  # ends on the date
    for number in (3, 6):
        found = {r["child_id"]: r for r in annex_a.rows(number, AS_OF)}
        assert (found[kid.la_child_id]["team"], found[kid.la_child_id]["worker"]) == (
            "Current team",
            "Current Worker",
        )
        assert (found[nobody.la_child_id]["team"], found[nobody.la_child_id]["worker"]) == (
            "",
            "",
        )


def test_list_4_holds_assessments_open_in_the_window_and_hides_what_happened_after_it() -> None:
    team = TeamFactory(name="Assessment east")
    worker = WorkerFactory(team=team, given_name="Ada", family_name="Lovelace")
    kids = [child() for _ in range(4)]
    refs = [referral(k, date(2026, 4, 1)) for k in kids]
    PersonDisability.objects.create(person=kids[1], code="AUT")

    def assess(i: int, authorised: date | None, **more: Any) -> None:
        Assessment.objects.create(
            child=kids[i],
            referral=refs[i],
            started_on=date(2026, 4, 1),
            authorised_on=authorised,
            worker=worker,
            **more,
        )

    assess(0, BEFORE_SIX, outcome="nfa")  # finished before the window
    assess(1, FIRST_SIX, outcome="cin_plan", child_seen_on=date(2026, 4, 3))
    assess(2, None)
    assess(3, AFTER, outcome="nfa", child_seen_on=AFTER)
    found = {r["child_id"]: r for r in annex_a.rows(4, AS_OF)}
    assert set(found) == {kids[1].la_child_id, kids[2].la_child_id, kids[3].la_child_id}
    done = found[kids[1].la_child_id]
    filled(4, done)
    assert (done["authorised_on"], done["needs_support"], done["child_seen"]) == (
        FIRST_SIX,
        "a) Yes",
        "a) Yes",
    )
    assert done["disability"] == "a) Yes"
    assert (done["team"], done["worker"]) == ("Assessment east", "Ada Lovelace")
    later = found[kids[3].la_child_id]
    assert (later["authorised_on"], later["needs_support"], later["child_seen"]) == (
        None,
        "",
        "b) No",
    ), "authorised and seen the day after the lists' date: open and not yet seen on it"


def test_list_5_holds_enquiries_open_in_the_window_with_the_conference_and_earlier_counts() -> None:
    kid, old = child(), child()
    ref = referral(kid, date(2025, 1, 1))
    earlier = enquiry(kid, ref, date(2025, 11, 23), completed=date(2025, 12, 1))
    ChildProtectionConference.objects.create(
        child=kid,
        referral=ref,
        kind="initial",
        section47=earlier,
        held_on=date(2025, 12, 5),
        outcome="no_plan",
    )
    current = enquiry(kid, ref, date(2026, 9, 1), completed=date(2026, 9, 20))
    ChildProtectionConference.objects.create(
        child=kid, referral=ref, kind="initial", section47=current, held_on=AS_OF, outcome="plan"
    )
    enquiry(old, referral(old, date(2026, 1, 1)), date(2026, 5, 1), completed=BEFORE_SIX)
    found = annex_a.rows(5, AS_OF)
    assert [r["started_on"] for r in found] == [date(2026, 9, 1)]
    row = found[0]
    filled(5, row)
    assert (row["icpc_on"], row["icpc_plan"], row["icpc_unnecessary"]) == (
        AS_OF,
        "a) Yes",
        "b) No",
    )
    assert (row["s47s_12_months"], row["icpcs_12_months"]) == (1, 1)


def test_list_6_lists_each_child_in_need_once_with_the_case_status_on_the_date() -> None:
    on_plan, closed, nfa_only, long_closed = child(), child(), child(), child()
    referral(on_plan, date(2025, 1, 1), closed=date(2025, 3, 1))
    current = referral(on_plan, date(2026, 2, 1), primary_need="N4")
    ChildProtectionPlan.objects.create(
        child=on_plan,
        referral=current,
        started_on=date(2026, 3, 1),
        initial_category="NEG",
        latest_category="NEG",
    )
    Visit.objects.create(child=on_plan, purpose="cp", visited_on=date(2026, 11, 20))
    Visit.objects.create(child=on_plan, purpose="cp", visited_on=AFTER)
    r = referral(closed, date(2026, 1, 1), primary_need="N1")
    r.closure_date, r.closure_reason = FIRST_SIX, "RC8"
    r.save()
    referral(nfa_only, date(2026, 10, 1), closed=date(2026, 10, 1), nfa=True)
    referral(long_closed, date(2025, 1, 1), closed=BEFORE_SIX)
    found = {row["child_id"]: row for row in annex_a.rows(6, AS_OF)}
    assert set(found) == {on_plan.la_child_id, closed.la_child_id}
    plan = found[on_plan.la_child_id]
    filled(6, plan)
    assert plan["cin_started_on"] == date(2026, 2, 1), "the latest episode"
    assert plan["case_status"] == "b) Child Protection plan"
    assert plan["primary_need"] == "d) Family in acute stress"
    assert plan["last_seen_on"] == date(2026, 11, 20)
    done = found[closed.la_child_id]
    assert (done["case_status"], done["closed_on"], done["closure_reason"]) == (
        "e) Closed episode",
        FIRST_SIX,
        "h) Child not in need after assessment",
    )


def test_list_7_holds_plans_open_in_the_window_with_the_last_visit_review_and_earlier_plans() -> (
    None
):
    kid, ended_before = child(), child()
    ref = referral(kid, date(2024, 1, 1))

    def plan(who: Person, r: Referral, start: date, end: date | None) -> ChildProtectionPlan:
        return ChildProtectionPlan.objects.create(
            child=who,
            referral=r,
            started_on=start,
            ended_on=end,
            initial_category="PHY",
            latest_category="EMO",
        )

    plan(kid, ref, date(2024, 2, 1), date(2024, 12, 1))
    current = plan(kid, ref, date(2026, 1, 5), FIRST_SIX)
    plan(ended_before, referral(ended_before, date(2025, 1, 1)), date(2025, 2, 1), BEFORE_SIX)
    Visit.objects.create(
        child=kid, purpose="cp", visited_on=date(2026, 5, 1), child_seen=True, seen_alone=True
    )
    Visit.objects.create(child=kid, purpose="cin", visited_on=date(2026, 5, 10))
    ChildProtectionConference.objects.create(
        child=kid,
        referral=ref,
        kind="review",
        plan=current,
        held_on=date(2026, 4, 5),
        outcome="continue",
    )
    found = annex_a.rows(7, AS_OF)
    assert [r["child_id"] for r in found] == [kid.la_child_id]
    row = found[0]
    filled(7, row)
    assert (row["initial_category"], row["latest_category"]) == (
        "b) Physical Abuse",
        "d) Emotional Abuse",
    )
    assert (row["last_visit_on"], row["seen_alone"]) == (date(2026, 5, 1), "a) Yes")
    assert row["last_review_on"] == date(2026, 4, 5)
    assert (row["ended_on"], row["previous_plans"]) == (FIRST_SIX, 1)
    assert row["emergency_protection"] == "b) No"


def test_list_8_holds_the_latest_period_of_care_in_the_window_and_counts_its_twelve_months() -> (
    None
):
    kid, ceased_before, short_breaks = child(), child(), child()
    first = period(kid, date(2025, 6, 1), date(2025, 12, 1))
    care = period(kid, date(2026, 3, 1), status="C1")
    LegalStatus.objects.create(period=care, child=kid, started_on=date(2026, 6, 1), code="C2")
    Placement.objects.create(
        period=care,
        child=kid,
        started_on=date(2026, 3, 1),
        ended_on=date(2026, 7, 1),
        place="U6",
        provider="PR1",
    )
    Placement.objects.create(
        period=care,
        child=kid,
        started_on=date(2026, 7, 1),
        place="K2",
        provider="PR4",
        postcode="GL2 2BB",
    )
    for within, day, kind in (
        (first, date(2025, 11, 23), "M"),
        (first, date(2025, 11, 22), "M"),
        (care, AS_OF, "A"),
    ):
        MissingEpisode.objects.create(
            period=within,
            child=kid,
            kind=kind,
            started_at=at(day),
            ended_at=at(day, 18),
            return_interview_offered=True,
        )
    period(ceased_before, date(2025, 1, 1), BEFORE_SIX)
    period(short_breaks, date(2026, 1, 1), status="V3")
    found = annex_a.rows(8, AS_OF)
    assert [r["child_id"] for r in found] == [kid.la_child_id]
    row = found[0]
    filled(8, row)
    assert row["started_on"] == date(2026, 3, 1), "the latest period"
    assert row["second_period"] == "a) Yes", "an earlier period ended within 12 months"
    assert (row["legal_status_on"], row["legal_status"]) == (
        date(2026, 6, 1),
        "b) Full care orders",
    )
    assert (row["placement_type"], row["placement_provider"], row["placement_postcode"]) == (
        "h) Children\u2019s Homes",  # Ofsted's typographic apostrophe
        "b) Private",
        "GL2 2BB",
    )
    assert row["placements_12_months"] == 2
    assert (row["missing_12_months"], row["absent_12_months"]) == (1, 1), (
        "missing on the window's first day counts; the day before does not"
    )
    assert row["return_interview_offered"] == "a) Yes"
    assert row["last_iro_contact_on"] is None


def test_list_9_lists_care_leavers_with_their_adviser_contact_and_accommodation() -> None:
    leaver = child(birth_date=date(2007, 1, 10))
    period(leaver, date(2021, 1, 1), date(2025, 1, 10))  # in care from 14 until 18
    adviser = WorkerFactory(given_name="Pat", family_name="Adviser", role="personal_adviser")
    Allocation.objects.create(
        child=leaver,
        worker=adviser,
        team=adviser.team,
        kind="personal_adviser",
        started_on=date(2024, 10, 1),
    )
    InTouch.objects.create(child=leaver, recorded_on=date(2026, 10, 1), in_touch="YES")
    Accommodation.objects.create(child=leaver, from_date=date(2026, 1, 1), code="U1")
    Activity.objects.create(child=leaver, from_date=date(2026, 1, 1), code="G5")
    never = child(birth_date=date(2007, 1, 10))
    found = annex_a.rows(9, AS_OF)
    assert [r["child_id"] for r in found] == [leaver.la_child_id]
    assert never.la_child_id not in ids(found)
    row = found[0]
    filled(9, row)
    assert (row["eligibility"], row["personal_adviser"]) == ("b) Former relevant", "Pat Adviser")
    assert (row["team"], row["worker"]) == (adviser.team.name, ""), (
        "no social worker: the PA's team"
    )
    assert (row["in_touch"], row["last_contact_on"]) == ("a) In touch", date(2026, 10, 1))
    assert (row["accommodation"], row["suitability"]) == ("k) Independent living", "a) Suitable")
    assert row["activity"] == "G5: Not in education, employment or training - other"


def test_list_10_holds_adoption_decisions_orders_and_reversals_of_the_twelve_months() -> None:
    def milestones(start: date, **fields: Any) -> Person:
        kid = child()
        AdoptionMilestones.objects.create(period=period(kid, start), child=kid, **fields)
        return kid

    decided = milestones(date(2025, 1, 1), decision_on=date(2025, 11, 23))
    old = milestones(date(2024, 1, 1), decision_on=date(2025, 11, 22))
    adopted = milestones(
        date(2023, 1, 1), decision_on=date(2024, 1, 1), adoption_order_on=date(2026, 1, 1)
    )
    reversed_ = milestones(
        date(2023, 1, 1),
        decision_on=date(2024, 1, 1),
        reversed_on=date(2026, 2, 1),
        reversed_reason="RD2",
    )
    found = {r["child_id"]: r for r in annex_a.rows(10, AS_OF)}
    assert set(found) == {decided.la_child_id, adopted.la_child_id, reversed_.la_child_id}
    assert old.la_child_id not in found
    filled(10, found[reversed_.la_child_id])
    assert found[reversed_.la_child_id]["reversed_reason"] == "b) Court did not make a PO"


def test_every_field_said_not_to_be_recorded_is_a_column_and_list_11_is_all_of_them() -> None:
    named = {c.field for item in annex_a.spec().lists for c in item.columns}
    assert set(annex_a.NOT_RECORDED) <= named
    assert all(not c.recorded for c in annex_a.spec().list(11).columns)
    assert annex_a.rows(11, AS_OF) == []


def test_the_workbook_has_a_sheet_per_list_with_ofsteds_headers_and_a_row_per_record(
    tmp_path: Path,
) -> None:
    kid = child()
    Contact.objects.create(child=kid, received_at=at(date(2026, 8, 1)), source="2A")
    referral(kid, date(2026, 8, 2))
    out = tmp_path / "annex-a.xlsx"
    result = annex_a.export_annex_a(AS_OF, out)
    book = load_workbook(out, read_only=True)
    spec = annex_a.spec()
    assert book.sheetnames == [item.sheet for item in spec.lists]
    for item in spec.lists:
        values = list(book[item.sheet].values)
        assert list(values[0]) == item.headers
        assert len(values) - 1 == result.rows[item.sheet]
    contact = list(book["List 1 - Contacts"].values)[1]
    assert contact[0] == kid.la_child_id
    assert contact[5].date() == date(2026, 8, 1), "a date cell, shown dd/mm/yyyy"
    assert contact[6] == "e) 2A: Schools"
    assert result.children == 1


def test_the_export_command_writes_the_workbook_and_audits_it(tmp_path: Path) -> None:
    out = tmp_path / "annex-a.xlsx"
    call_command("export", "annex-a", "--as-of", "2026-11-23", "--out", str(out))
    assert load_workbook(out).sheetnames[0] == "List 1 - Contacts"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.detail["return"] == "annex-a"
    assert event.detail["as_of"] == "2026-11-23"


def test_the_export_command_needs_a_date_and_refuses_the_inspector(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--as-of"):
        call_command("export", "annex-a", "--out", str(tmp_path / "a.xlsx"))
    inspector = UserFactory(username="visiting.inspector")
    AccessProfile.objects.create(
        user=inspector,
        role=Role.INSPECTOR.value,
        valid_from=at(AS_OF) - timedelta(days=1),
        valid_until=at(AS_OF) + timedelta(days=5),
    )
    with pytest.raises(CommandError, match="may not run"):
        call_command(
            "export",
            "annex-a",
            "--as-of",
            "2026-11-23",
            "--out",
            str(tmp_path / "a.xlsx"),
            "--as",
            "visiting.inspector",
        )
    assert not (tmp_path / "a.xlsx").exists()
