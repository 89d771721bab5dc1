"""The CIN census return (issue 6): export valid against the year's DfE schema, the census
population, import all or nothing, and the round trip (CONTRACTS.md "Command-line outputs").

The tests that need an empty database come first; the synthetic authority (built once for the
module, rolled back at its end) is set up by the first test that asks for it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from lxml import etree

from sightline.access.models import AccessProfile, AuditEvent
from sightline.access.roles import Role
from sightline.chronology.models import ChronologyEntry
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.protection.models import (
    ChildProtectionConference,
    Referral,
    Section47Enquiry,
)
from sightline.protection.services import open_referral
from sightline.returns.cin_census import CODES, export_cin_census, import_cin_census
from sightline.returns.cin_xml import (
    AssessmentRow,
    ChildRow,
    CINReturn,
    CPPlanRow,
    EpisodeRow,
    Section47Row,
    canonical,
    read,
    schema,
    to_xml,
)
from sightline.returns.files import ReturnFileError
from sightline.timescales.models import Obligation
from tests.returns.cin_strategies import header, returns
from tests.returns.tables import table_contents
from tests.synthetic.conftest import authority_for_module

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 23)
CHILDREN, SEED = 1500, 6


def content(path: Path) -> dict[str, Any]:
    ret, problems = read(path, CODES)
    assert ret is not None and not problems, problems[:5]
    return canonical(ret)


def valid(path: Path, year: int) -> None:
    xsd = schema(year)
    assert xsd.validate(etree.parse(str(path))), xsd.error_log.last_error


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith("sightline.")
    }


# --- Round trip of generated returns (empty database) -----------------------------------------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ret=returns())
def test_generated_returns_survive_import_and_export(ret: CINReturn, tmp_path: Path) -> None:
    source = tmp_path / "in.xml"
    source.write_bytes(to_xml(ret))
    year = ret.header.year
    assert year is not None
    valid(source, year)
    with transaction.atomic():
        assert not Person.objects.exists()
        result = import_cin_census(source, today=AS_OF)
        assert result.children_created == len(ret.children)
        out = tmp_path / "out.xml"
        export_cin_census(year, out)
        valid(out, year)
        assert content(out) == canonical(ret)
        transaction.set_rollback(True)


def small_return() -> CINReturn:
    return CINReturn(
        header(2026),
        [
            ChildRow(
                la_child_id="A1",
                birth_date=date(2015, 6, 1),
                sex="F",
                ethnicity="WBRI",
                disabilities=["NONE"],
                episodes=[
                    EpisodeRow(
                        referral_date=date(2025, 5, 1),
                        source="2A",
                        primary_need="N1",
                        assessments=[
                            AssessmentRow(
                                start=date(2025, 5, 2),
                                authorised=date(2025, 6, 10),
                                factors=["3B", "4B"],
                            )
                        ],
                        section47s=[
                            Section47Row(
                                start=date(2025, 6, 12),
                                icpc_target=date(2025, 7, 3),
                                icpc=date(2025, 7, 1),
                            )
                        ],
                        cp_plans=[
                            CPPlanRow(
                                start=date(2025, 7, 1),
                                initial_category="NEG",
                                latest_category="EMO",
                                reviews=[date(2025, 10, 1)],
                            )
                        ],
                    )
                ],
            ),
            ChildRow(
                la_child_id="B2",
                birth_date=date(2012, 1, 9),
                sex="M",
                ethnicity="AIND",
                episodes=[
                    EpisodeRow(
                        referral_date=date(2026, 1, 5),
                        source="6",
                        primary_need="N0",
                        closure_date=date(2026, 1, 5),
                        closure_reason="RC7",
                        nfa=True,
                    )
                ],
            ),
        ],
    )


def test_a_small_return_imports_with_its_chronology_and_obligations(tmp_path: Path) -> None:
    path = tmp_path / "small.xml"
    path.write_bytes(to_xml(small_return()))
    result = import_cin_census(path, today=AS_OF)
    assert (result.children_created, result.children_updated) == (2, 0)
    child = Person.objects.get(la_child_id="A1")
    enquiry = Section47Enquiry.objects.get(child=child)
    assert enquiry.strategy_discussion.held_on == enquiry.started_on == date(2025, 6, 12)
    initial = ChildProtectionConference.objects.get(child=child, kind="initial")
    assert initial.section47_id == enquiry.pk and initial.plan is not None
    events = list(ChronologyEntry.objects.filter(child=child).values_list("occurred_on", "event"))
    assert (date(2025, 5, 1), "ReferralOpened") in events
    assert (date(2025, 7, 1), "ChildProtectionPlanStarted") in events
    assert Obligation.objects.filter(child=child).exists()
    # Importing again updates the same children and replaces their episodes.
    again = import_cin_census(path, today=AS_OF)
    assert (again.children_created, again.children_updated) == (0, 2)
    assert Referral.objects.filter(child=child).count() == 1
    assert ChildProtectionConference.objects.filter(child=child).count() == 2
    out = tmp_path / "out.xml"
    export_cin_census(2026, out)
    assert content(out) == canonical(small_return())


def test_a_primary_need_the_file_leaves_out_stays_out_after_import_and_export(
    tmp_path: Path,
) -> None:
    ret = small_return()
    ret.children[1].episodes[0].primary_need = ""  # an NFA referral with no primary need
    path = tmp_path / "no_need.xml"
    path.write_bytes(to_xml(ret))
    import_cin_census(path, today=AS_OF)
    out = tmp_path / "out.xml"
    export_cin_census(2026, out)
    assert content(out) == canonical(ret)


def test_a_reimport_updates_what_the_return_carries_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "small.xml"
    path.write_bytes(to_xml(small_return()))
    import_cin_census(path, today=AS_OF)
    child = Person.objects.get(la_child_id="A1")
    plan = ChildProtectionConference.objects.get(child=child, kind="initial").plan
    assert plan is not None
    later = small_return()
    later.children[0].episodes[0].cp_plans[0].end = date(2026, 2, 2)
    later.children[0].episodes[0].cp_plans[0].reviews = []  # left out: kept
    path.write_bytes(to_xml(later))
    before = row_counts()
    result = import_cin_census(path, today=AS_OF)
    assert (
        row_counts()["protection.ChildProtectionConference"]
        == (before["protection.ChildProtectionConference"])
    )
    plan.refresh_from_db()
    assert plan.ended_on == date(2026, 2, 2) and result.rows["records updated"] == 1
    assert ChronologyEntry.objects.filter(
        record_id=plan.pk, event="ChildProtectionPlanEnded", occurred_on=date(2026, 2, 2)
    ).exists()


# --- Files that cannot be imported -----------------------------------------------------------


def broken(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.xml"
    path.write_text(text)
    return path


def problems_of(path: Path) -> list[tuple[str, str]]:
    before = row_counts()
    with pytest.raises(ReturnFileError) as info:
        import_cin_census(path, today=AS_OF)
    assert row_counts() == before
    return [(p.location, p.field) for p in info.value.problems]


def test_an_import_moves_the_record_version_of_each_child_it_changes(tmp_path: Path) -> None:
    # A form opened before the import must not save over what it wrote (decision 0020): the
    # import moves the version as a service's write would, and only where it changed something.
    path = tmp_path / "small.xml"
    path.write_bytes(to_xml(small_return()))
    import_cin_census(path, today=AS_OF)
    child = Person.objects.get(la_child_id="A1")
    assert child.record_version == ChronologyEntry.objects.filter(child=child).count() > 0
    opened_at = child.record_version
    later = small_return()
    later.children[0].episodes[0].cp_plans[0].end = date(2026, 2, 2)
    path.write_bytes(to_xml(later))
    import_cin_census(path, today=AS_OF)
    child.refresh_from_db()
    assert child.record_version > opened_at
    moved_to = child.record_version
    import_cin_census(path, today=AS_OF)  # the same file again changes nothing
    child.refresh_from_db()
    assert child.record_version == moved_to


def test_not_xml_and_the_wrong_root_are_refused(tmp_path: Path) -> None:
    found = problems_of(broken(tmp_path, "this is not XML <"))
    assert found and found[0][0].startswith("line")
    assert problems_of(broken(tmp_path, "<Return><Children/></Return>")) == [("/Return", "Return")]


def test_every_problem_is_listed_with_its_element_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    xml = to_xml(small_return()).decode()
    xml = xml.replace("<CINreferralDate>2025-05-01</CINreferralDate>", "", 1)  # missing
    xml = xml.replace("<ReferralSource>6</ReferralSource>", "<ReferralSource>ZZ</ReferralSource>")
    xml = xml.replace(
        "<AssessmentActualStartDate>2025-05-02</AssessmentActualStartDate>",
        "<AssessmentActualStartDate>2025-02-30</AssessmentActualStartDate>",
    )
    xml = xml.replace(  # closed before it opened
        "<CINclosureDate>2026-01-05</CINclosureDate>", "<CINclosureDate>2026-01-02</CINclosureDate>"
    )
    Person.objects.create(la_child_id="KEEP1", given_name="Already", family_name="Here")
    found = problems_of(broken(tmp_path, xml))
    where = dict(found)
    assert where.get("Child[1]/CINdetails[1]/CINreferralDate") == "CINreferralDate"
    assert where.get("Child[2]/CINdetails[1]/ReferralSource") == "ReferralSource"
    assert (
        where.get("Child[1]/CINdetails[1]/Assessments[1]/AssessmentActualStartDate")
        == "AssessmentActualStartDate"
    )
    assert where.get("Child[2]/CINdetails[1]/CINclosureDate") == "CINclosureDate"


def test_consistency_rules_are_checked_before_anything_is_written(tmp_path: Path) -> None:
    ret = small_return()
    first = ret.children[0].episodes[0]
    first.cin_plans = []
    first.section47s[0].icpc_not_required = True  # and yet an initial conference
    first.assessments[0].factors = ["21", "3B"]
    ret.children[1].episodes[0].assessments = [AssessmentRow(start=date(2026, 1, 5))]  # NFA
    ret.children[1].la_child_id = "A1"  # the same child twice
    path = tmp_path / "inconsistent.xml"
    path.write_bytes(to_xml(ret))
    fields = {field for _, field in problems_of(path)}
    assert {"ICPCnotRequired", "AssessmentFactors", "ReferralNFA", "LAchildID"} <= fields


def test_a_year_without_a_schema_is_refused(tmp_path: Path) -> None:
    ret = small_return()
    ret.header.reference_date = date(2024, 3, 31)
    path = tmp_path / "old.xml"
    path.write_bytes(to_xml(ret))
    found = problems_of(path)
    assert ("Header/CollectionDetails/ReferenceDate", "ReferenceDate") in found


# --- The synthetic authority -----------------------------------------------------------------


@pytest.fixture(scope="module")
def authority(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with authority_for_module(django_db_blocker, children=CHILDREN, seed=SEED, as_of=AS_OF) as c:
        yield c


@pytest.fixture(scope="module")
def exported(
    authority: dict[str, int], django_db_blocker: Any, tmp_path_factory: Any
) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("cin")
    paths = {}
    with django_db_blocker.unblock():
        for year in (2025, 2026):
            paths[year] = folder / f"cin_{year}.xml"
            export_cin_census(year, paths[year])
    return paths


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_export_is_valid_against_the_years_schema(exported: dict[int, Path], year: int) -> None:
    valid(exported[year], year)
    root = etree.parse(str(exported[year])).getroot()
    assert root.findtext("Header/CollectionDetails/Collection") == "CIN"
    assert root.findtext("Header/CollectionDetails/Year") == str(year)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == f"{year}-03-31"
    assert root.findtext("Header/Source/LEA") == "916"
    assert root.findtext("Header/Source/SourceLevel") == "L"
    assert root.findtext("Header/Source/SoftwareCode") == "Sightline"
    assert len(root.findall("Children/Child")) > 100
    flags = {el.text for el in root.iter("ReferralNFA", "ICPCnotRequired")}
    assert flags <= {"0", "1"}


def ids_in(path: Path) -> list[str]:
    return [el.text or "" for el in etree.parse(str(path)).getroot().iter("LAchildID")]


def test_the_population_is_the_years_episodes(exported: dict[int, Path]) -> None:
    first, last = date(2025, 4, 1), date(2026, 3, 31)
    ids = ids_in(exported[2026])
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    listed = set(ids)
    in_year = Referral.objects.filter(referral_date__lte=last).exclude(closure_date__lt=first)
    expected = set(in_year.values_list("child__la_child_id", flat=True))
    assert listed == expected
    gone = (
        Person.objects.filter(referrals__closure_date__lt=first)
        .exclude(referrals__in=in_year)
        .values_list("la_child_id", flat=True)
    )
    assert gone and not listed & set(gone)
    nfa = Referral.objects.filter(nfa=True, referral_date__range=(first, last)).first()
    assert nfa is not None and nfa.child.la_child_id in listed


def test_a_child_referred_on_31_march_is_in_that_years_return(
    authority: dict[str, int], tmp_path: Path
) -> None:
    on_the_day = register_child(
        given_name="Last",
        family_name="Day",
        sex="F",
        ethnicity="WBRI",
        birth_date=date(2016, 2, 2),
        today=AS_OF,
    )
    open_referral(child=on_the_day, referral_date=date(2026, 3, 31), source="2A", today=AS_OF)
    next_day = register_child(
        given_name="First",
        family_name="Day",
        sex="M",
        ethnicity="WBRI",
        birth_date=date(2016, 2, 2),
        today=AS_OF,
    )
    open_referral(child=next_day, referral_date=date(2026, 4, 1), source="2A", today=AS_OF)
    export_cin_census(2026, tmp_path / "c.xml")
    ids = set(ids_in(tmp_path / "c.xml"))
    assert on_the_day.la_child_id in ids
    assert next_day.la_child_id not in ids


def test_export_is_quick_and_queries_do_not_grow_with_children(
    authority: dict[str, int], tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(10):
        started = time.perf_counter()
        result = export_cin_census(2026, tmp_path / "q.xml")
        seconds = time.perf_counter() - started
    assert result.children > 100
    assert seconds < 3 * max(1, result.children / 10_000)


def wipe_children() -> None:
    """Empty every table about children (keeping teams, workers and users): the state of an
    authority before its first import. Foreign keys are checked at the end of the test's
    transaction, by which time nothing points at a deleted row."""
    keep = {"workforce.Team", "workforce.Worker", "access.AccessProfile", "access.AuditEvent"}
    for model in apps.get_models():
        if model.__module__.startswith("sightline.") and model._meta.label not in keep:
            model._default_manager.all()._raw_delete(connection.alias)


def test_export_import_export_gives_the_same_return(
    exported: dict[int, Path], tmp_path: Path
) -> None:
    wipe_children()
    result = import_cin_census(exported[2026], today=AS_OF)
    assert result.children_created == len(ids_in(exported[2026]))
    again = tmp_path / "again.xml"
    export_cin_census(2026, again)
    first, second = content(exported[2026]), content(again)
    assert first["header"] == second["header"]
    # Every field the return carries comes back, NumberOfPreviousCPP included: plans from
    # before the year's window are kept as a count on the plan (previous_plans_elsewhere).
    assert first["children"] == second["children"]
    assert result.warnings == []


def test_importing_the_authoritys_own_export_changes_nothing(
    exported: dict[int, Path],
) -> None:
    before_counts, before = row_counts(), table_contents()
    result = import_cin_census(exported[2026], today=AS_OF)
    assert result.children_created == 0 and result.children_updated > 100
    assert row_counts() == before_counts
    after = table_contents()
    changed = [label for label in before if before[label] != after[label]]
    assert changed == []
    assert result.warnings == []


# --- The commands ----------------------------------------------------------------------------


def user_with(role: Role, username: str) -> None:
    user = get_user_model().objects.create_user(username=username, password="x" * 20)
    AccessProfile.objects.create(user=user, role=role.value)


def test_the_export_command_writes_the_file_and_an_audit_row(
    authority: dict[str, int], tmp_path: Path
) -> None:
    user_with(Role.PERFORMANCE_ANALYST, "analyst")
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()
    out = tmp_path / "cin.xml"
    call_command("export", "cin-census", "--year", "2026", "--out", str(out), "--as", "analyst")
    valid(out, 2026)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == before + 1
    row = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).order_by("-pk").first()
    assert row is not None and row.username == "analyst"


def test_the_export_command_refuses_a_role_without_authority_wide_scope(
    authority: dict[str, int], tmp_path: Path
) -> None:
    user_with(Role.SOCIAL_WORKER, "worker1")
    with pytest.raises(CommandError, match="may not"):
        call_command(
            "export",
            "cin-census",
            "--year",
            "2026",
            "--out",
            str(tmp_path / "x.xml"),
            "--as",
            "worker1",
        )
    assert not (tmp_path / "x.xml").exists()


def test_the_export_command_names_the_supported_years(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"2024 is not supported; supported: 2025"):
        call_command("export", "cin-census", "--year", "2024", "--out", str(tmp_path / "x.xml"))


def test_the_import_command_refuses_a_bad_file_and_writes_nothing(tmp_path: Path) -> None:
    path = broken(tmp_path, "<Message><Children><Child/></Children></Message>")
    before = row_counts()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "cin-census", str(path))
    assert row_counts() == before
