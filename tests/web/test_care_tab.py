"""The care tab of the child's record (issue 15 item 1, decision 0028): placement history as a
timeline, legal status, the IRO's footprint, health and education at a glance, missing
episodes; read in a constant number of queries however long the child's time in care."""

from __future__ import annotations

import datetime as dt
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from sightline.care import services as care
from sightline.care import services_in_care as in_care
from sightline.care.services import PlacementDetails
from sightline.people.models import Person
from sightline.web.templatetags.sightline_web import govuk_date
from sightline.web.workspace import Situation
from tests.web.care_world import World, make_world


@pytest.fixture
def world(child: Person, today: date) -> World:
    return make_world(child, today)


def _tab(w: World, who: str = "sam") -> str:
    response = w.client(who).get(f"/children/{w.child.la_child_id}/care/")
    assert response.status_code == 200
    return response.content.decode()


def _move(w: World, days_ago: int, carer: str) -> None:
    care.change_placement(
        period=w.period(),
        started_on=w.today - timedelta(days=days_ago),
        placement=PlacementDetails(place="U4", provider="PR4", carer=carer, intended_until_18=True),
        reason_previous_ended="CARPL",
        today=w.today,
    )


def test_a_child_never_looked_after_says_so(world: World) -> None:
    page = _tab(world)
    assert "Ava has not been looked after." in page
    assert 'aria-current="page" href="/children/' in page and ">Care</a>" in page


def test_the_tab_shows_placements_newest_first_legal_status_and_the_iro(world: World) -> None:
    world.period()
    _move(world, 20, "Jones household")
    care.change_legal_status(
        period=world.period(),
        started_on=world.today - timedelta(days=10),
        code="C2",
        today=world.today,
    )
    page = _tab(world)
    timeline = page.split('data-testid="placement-timeline"', 1)[1].split("</h2>", 1)[0]
    assert timeline.index("Jones household") < timeline.index("Smith household")
    assert "Foster placement with other carer, long term" in timeline
    assert "Intended to last until Ava is 18" in timeline
    assert "Ended: change to or implementation of the care plan" in timeline
    assert 'data-testid="legal-status">Full care order<' in page
    iro = escape(world.workers["iris"].full_name)  # as the page writes it
    assert iro in page.split('data-testid="iro"', 1)[1].split("</dd>", 1)[0]


def test_the_iros_footprint_lists_reviews_recommendations_and_escalations(world: World) -> None:
    period = world.period()
    care.record_review(
        period=period,
        held_on=world.today - timedelta(days=40),
        participation="PN1",
        chaired_by=world.workers["iris"],
        recommendations="Life story work by March\nContact with her brother",
        escalation="No permanence plan: raised with the team manager",
        today=world.today,
    )
    page = _tab(world)
    assert "1 review recorded; the IRO escalated 1 concern." in page
    card = page.split('data-testid="review"', 1)[1]
    assert f"Review held {govuk_date(world.today - timedelta(days=40))}" in card
    assert "<li>Life story work by March</li><li>Contact with her brother</li>" in card
    assert "No permanence plan: raised with the team manager" in card
    assert "Second looked-after review due" in page


def test_health_education_and_missing_at_a_glance(world: World) -> None:
    period = world.period()
    in_care.record_health_check(
        period=period,
        kind="sdq",
        done_on=world.today - timedelta(days=5),
        sdq_score=17,
        today=world.today,
    )
    in_care.record_school(
        child=world.child,
        school_name="Stroud Primary",
        started_on=world.today - timedelta(days=50),
        today=world.today,
    )
    in_care.record_pep_review(
        period=period, reviewed_on=world.today - timedelta(days=8), today=world.today
    )
    gone = timezone.make_aware(dt.datetime.combine(world.today - timedelta(days=3), dt.time(21)))
    episode = in_care.record_missing_start(
        period=period, kind="M", started_at=gone, today=world.today
    )
    in_care.record_return(
        episode=episode,
        ended_at=gone + timedelta(hours=11),
        return_interview_offered=True,
        return_interview_accepted=True,
        today=world.today,
    )
    page = _tab(world)
    health = page.split('data-testid="health"', 1)[1].split("</dl>", 1)[0]
    assert f"{govuk_date(world.today - timedelta(days=5))}: score 17" in health
    assert "Initial health assessment by" in health  # the next due, from the obligations
    education = page.split('data-testid="education"', 1)[1].split("</dl>", 1)[0]
    assert "Stroud Primary, since" in education
    assert f"Last reviewed {govuk_date(world.today - timedelta(days=8))}" in education
    missing = page.split('data-testid="missing"', 1)[1].split("</table>", 1)[0]
    assert "1 episode, newest first" in missing
    assert "Accepted, not yet held" in missing


def test_the_care_menu_offers_the_forms_this_role_records(world: World) -> None:
    world.period()
    sam = _tab(world, "sam").split('data-testid="care-menu"', 1)[1]
    assert "Record a placement move" in sam and "Record a looked-after review" not in sam
    iris = _tab(world, "iris").split('data-testid="care-menu"', 1)[1]
    assert "Record a looked-after review" in iris and "Record a placement move" not in iris


def test_the_tab_reads_in_the_same_number_of_queries_however_long_the_time_in_care(
    world: World,
) -> None:
    world.period()
    client = world.client("sam")
    url = f"/children/{world.child.la_child_id}/care/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n, days in enumerate((50, 40, 30, 20, 10)):
        _move(world, days, f"Carer {n}")
        care.record_review(
            period=world.period(),
            held_on=world.today - timedelta(days=days),
            participation="PN1",
            today=world.today,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def _menus(w: World) -> tuple[str, str]:
    """The overview's menu: its usual forms, and those under "Other forms"."""
    page = w.client("sam").get(f"/children/{w.child.la_child_id}/").content.decode()
    menu = page[page.index('data-testid="record-menu"') : page.index("</aside>")]
    usual, _, other = menu.partition('data-testid="other-forms"')
    return usual, other


def test_the_menu_offers_the_forms_usual_for_the_child_first_and_the_rest_under_other_forms(
    world: World,
) -> None:
    """Ava, 7, not in care: coming into care is usual, a placement move or a pathway plan is
    not (still offered, under "Other forms"), nor ending a plan she does not have; once she is
    in care, the other way round for coming into care and a placement move. Leaving care and
    homelessness stay aside at 7."""
    usual, other = _menus(world)
    assert world.url("come-into-care") in usual and world.url("visit") in usual
    # Nothing open to end or meet about: no referral, plan, pre-proceedings or allegation.
    for aside in ("close-referral", "end-cin-plan", "core-group-meeting", "end-pre-proceedings"):
        assert world.url(aside) in other and world.url(aside) not in usual, aside
    for aside in ("placement-move", "pathway-plan", "homeless-presentation"):
        assert world.url(aside) in other and world.url(aside) not in usual, aside
    world.period()
    usual, other = _menus(world)
    assert world.url("placement-move") in usual and world.url("care-plan") in usual
    assert world.url("come-into-care") in other and world.url("come-into-care") not in usual
    assert world.url("pathway-plan") in other and world.url("homeless-presentation") in other


def test_a_child_of_16_in_care_is_offered_leaving_care_forms_and_the_homeless_ones() -> None:
    from sightline.web.workspace import USUAL

    in_care_at_16 = Situation(looked_after=True, care_leaver=False, age=16)
    at_15 = Situation(looked_after=True, care_leaver=False, age=15)
    left_care_at_19 = Situation(looked_after=False, care_leaver=True, age=19)
    assert USUAL["care_leaver"](in_care_at_16) and not USUAL["care_leaver"](at_15)
    assert USUAL["care_leaver"](left_care_at_19)
    assert USUAL["aged_16_or_17"](in_care_at_16) and not USUAL["aged_16_or_17"](left_care_at_19)


def test_every_form_s_usual_condition_is_one_the_menu_knows() -> None:
    from sightline.web.recording import USE_CASES
    from sightline.web.workspace import USUAL, USUAL_BY_CAPTION

    unknown = {c.name: c.usual for c in USE_CASES.values() if c.usual and c.usual not in USUAL}
    assert unknown == {}
    assert set(USUAL_BY_CAPTION.values()) <= set(USUAL)
    assert sum(1 for c in USE_CASES.values() if c.usual.startswith("open ")) == 8
