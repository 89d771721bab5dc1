"""Validate all year round: the DfE rules over the live records of the year in progress, kept
for the validation page and the child's record; a record corrected clears at the next check."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from sightline.people.models import Person
from sightline.protection.models import ChildProtectionPlan
from sightline.validation.live import check_live, year_in_progress
from sightline.validation.models import LiveFailure, ValidationRun
from tests.synthetic.conftest import authority_for_module

AS_OF = date(2026, 11, 23)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def authority(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with authority_for_module(django_db_blocker, children=1500, seed=29, as_of=AS_OF):
        yield


def test_the_year_in_progress_runs_from_april_to_march() -> None:
    assert year_in_progress(date(2026, 11, 23)) == 2027
    assert year_in_progress(date(2027, 3, 31)) == 2027
    assert year_in_progress(date(2027, 4, 1)) == 2028


def test_both_returns_are_checked_with_the_latest_rule_lists_sightline_has() -> None:
    checked = check_live(AS_OF)
    runs = {c.run.kind: c.run for c in checked}
    assert runs["cin"].year == 2027 and runs["cin"].rule_year == 2026  # no 2026-27 CIN list
    assert runs["ssda903"].year == 2027 and runs["ssda903"].rule_year == 2027
    assert runs["cin"].children > 0 and runs["ssda903"].children > 0
    assert runs["cin"].rules > 0 and runs["ssda903"].rules > 0
    assert runs["cin"].crashed == "" and runs["ssda903"].crashed == ""


def _open_plan_this_year() -> ChildProtectionPlan:
    plan = (
        ChildProtectionPlan.objects.filter(started_on__gte=date(2026, 4, 1), ended_on__isnull=True)
        .select_related("child")
        .first()
    )
    assert plan is not None
    return plan


def test_a_plan_recorded_as_ending_the_day_it_started_fails_8840_until_corrected() -> None:
    plan = _open_plan_this_year()
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(ended_on=plan.started_on)
    check_live(AS_OF)
    assert LiveFailure.objects.filter(rule="8840", child=plan.child).exists()

    ChildProtectionPlan.objects.filter(pk=plan.pk).update(ended_on=None)
    check_live(AS_OF)
    assert not LiveFailure.objects.filter(rule="8840", child=plan.child).exists()


def test_an_invalid_ethnicity_on_a_looked_after_child_fails_ssda903_rule_103() -> None:
    check_live(AS_OF)
    run = ValidationRun.objects.get(kind="ssda903")
    assert not LiveFailure.objects.filter(run=run, rule="103").exists()
    child = (
        Person.objects.filter(periods_of_care__isnull=False, periods_of_care__ended_on__isnull=True)
        .distinct()
        .first()
    )
    assert child is not None
    Person.objects.filter(pk=child.pk).update(ethnicity="XXXX")
    check_live(AS_OF)
    assert list(LiveFailure.objects.filter(rule="103").values_list("child_id", flat=True)) == [
        child.pk
    ]


def test_a_new_check_replaces_the_last_one() -> None:
    check_live(AS_OF)
    first = set(ValidationRun.objects.values_list("pk", flat=True))
    check_live(AS_OF)
    assert ValidationRun.objects.count() == 2
    assert not first & set(ValidationRun.objects.values_list("pk", flat=True))
    assert not LiveFailure.objects.filter(run_id__in=first).exists()


def test_the_command_prints_the_failures_and_a_summary_per_return(
    capsys: pytest.CaptureFixture[str],
) -> None:
    try:
        call_command("validate", "live", "--as-of", AS_OF.isoformat())
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr().out.splitlines()
    assert code == (1 if LiveFailure.objects.filter(level="error").exists() else 0)
    assert out[-1].startswith("live records checked in")
    assert any(line.startswith("CIN census 2027:") for line in out)
    assert any(line.startswith("SSDA903 2027:") for line in out)
    assert len([line for line in out if line.count("\t") == 4]) == LiveFailure.objects.count()


def test_a_year_in_progress_is_judged_as_if_it_ended_today() -> None:
    """An assessment started on 4 November is not late on 23 November, though it would be by
    31 March: the live check asks what would fail were the return made today (rule 8670Q)."""
    from sightline.validation.engine import failing_children
    from sightline.validation.rules import registered
    from sightline.validation.tables import CIN, Meta, Tables, frame_from_rows

    frames = {
        "CINdetails": frame_from_rows(
            CIN,
            "CINdetails",
            [{"LAchildID": "A", "CINdetailsID": 1, "CINreferralDate": "2026-11-02"}],
        ),
        "Assessments": frame_from_rows(
            CIN,
            "Assessments",
            [
                {
                    "LAchildID": "A",
                    "CINdetailsID": 1,
                    "AssessmentID": 1,
                    "AssessmentActualStartDate": "2026-11-04",
                }
            ],
        ),
    }
    rule = registered(CIN)["8670Q"]
    by_year_end = Tables(CIN, Meta(year=2027, rule_year=2026), frames)
    today = Tables(CIN, Meta(year=2027, rule_year=2026, ends_on=AS_OF), frames)
    assert failing_children(rule, by_year_end) == ["A"]
    assert failing_children(rule, today) == []


def test_a_care_leaver_looked_after_years_ago_is_not_told_they_never_were() -> None:
    """Rule 1002 (care leaver information but no episodes) sees the whole care history in the
    live check, not only this year's and last year's returns as a file does."""
    from sightline.validation.engine import failing_children
    from sightline.validation.rules import registered
    from sightline.validation.tables import SSDA903, frame_from_rows, tables_from_rows

    rows = {"Header": [{"CHILD": "L1", "DOB": "01/06/2006"}], "Episodes": [], "OC3": [
        {"CHILD": "L1", "DOB": "01/06/2006", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "S2"}
    ]}  # fmt: skip
    tables = tables_from_rows(SSDA903, 2027, rows, previous={"Episodes": []})
    rule = registered(SSDA903)["1002"]
    assert failing_children(rule, tables) == ["L1"]  # a file: two years only
    tables.earlier_episodes = frame_from_rows(
        SSDA903,
        "Episodes",
        [{"CHILD": "L1", "DECOM": "01/01/2019", "DEC": "01/06/2024", "LS": "C2", "REC": "E8"}],
    )
    assert failing_children(rule, tables) == []
