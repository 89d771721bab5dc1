"""SSDA903 import (issue 6) from small hand-made returns: a valid return imports and exports
the same, malformed files are refused with every problem and nothing written, social worker
episodes and OC2 outcomes, the import command, and generated returns' round trip. No synthetic
authority here (test_ssda903.py builds one for the export), so each test starts from an empty
database at no cost."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings

from sightline.access.models import AuditEvent
from sightline.care.models import CareEpisode, PeriodOfCare
from sightline.people.models import Person
from sightline.returns.files import ReturnFileError
from sightline.returns.ssda903 import (
    export_ssda903,
    import_ssda903,
    read_return,
    same_return,
)
from tests.returns.ssda903_helpers import (
    row_counts,
    wipe_people,
    write_tables,
)
from tests.returns.ssda903_strategies import returns

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty(db: None) -> None:
    """No people (the module builds no authority: this only makes sure)."""
    wipe_people()


def small_return() -> dict[str, list[dict[str, str]]]:
    """Two children: one in care through the year with a move, one who left care."""
    return {
        "header.csv": [
            {
                "CHILD": "A1",
                "SEX": "F",
                "DOB": "04/05/2012",
                "ETHNIC": "WBRI",
                "UPN": "UN3",
                "MOTHER": "0",
            },
            {"CHILD": "B2", "SEX": "M", "DOB": "11/11/2015", "ETHNIC": "MWBC", "UPN": "UN1"},
        ],
        "episodes.csv": [
            {
                "CHILD": "A1",
                "DECOM": "01/06/2025",
                "RNE": "S",
                "LS": "C1",
                "CIN": "N1",
                "PLACE": "U4",
                "PLACE_PROVIDER": "PR1",
                "DEC": "10/09/2025",
                "REC": "X1",
                "REASON_PLACE_CHANGE": "CARPL",
                "HOME_POST": "GL1 1AA",
                "PL_POST": "GL2 2BB",
            },
            {
                "CHILD": "A1",
                "DECOM": "10/09/2025",
                "RNE": "P",
                "LS": "C1",
                "CIN": "N1",
                "PLACE": "U6",
                "PLACE_PROVIDER": "PR4",
                "HOME_POST": "GL1 1AA",
                "PL_POST": "GL3 3CC",
            },
            {
                "CHILD": "B2",
                "DECOM": "02/05/2025",
                "RNE": "S",
                "LS": "V2",
                "CIN": "N4",
                "PLACE": "U3",
                "PLACE_PROVIDER": "PR1",
                "DEC": "20/08/2025",
                "REC": "E4A",
                "HOME_POST": "GL5 1AA",
                "PL_POST": "GL6 1AA",
            },
        ],
        "reviews.csv": [
            {"CHILD": "A1", "DOB": "04/05/2012", "REVIEW": "01/07/2025", "REVIEW_CODE": "PN1"},
        ],
        "missing.csv": [
            {
                "CHILD": "A1",
                "DOB": "04/05/2012",
                "MISSING": "M",
                "MIS_START": "03/10/2025",
                "MIS_END": "04/10/2025",
            },
        ],
    }


def test_a_valid_return_imports_and_exports_the_same(tmp_path: Path, empty: None) -> None:
    source = write_tables(tmp_path / "in", small_return())
    result = import_ssda903(source)
    assert (result.children_created, result.children_updated, result.warnings) == (2, 0, [])
    assert PeriodOfCare.objects.count() == 2
    export_ssda903(2026, tmp_path / "out")
    assert same_return(read_return(source), read_return(tmp_path / "out")) == []
    again = import_ssda903(source)
    assert (again.children_created, again.children_updated) == (0, 2)
    assert PeriodOfCare.objects.count() == 2


def test_an_import_moves_the_record_version_of_each_child_it_adds_to(
    tmp_path: Path, empty: None
) -> None:
    # As a service's write would (decision 0020): a form opened before the import then finds
    # the record changed. Importing the same return again adds nothing and moves nothing.
    tables = small_return()
    source = write_tables(tmp_path / "in", tables)
    import_ssda903(source)
    a1 = Person.objects.get(la_child_id="A1")
    assert a1.record_version > 0
    opened_at = a1.record_version
    import_ssda903(source)
    a1.refresh_from_db()
    assert a1.record_version == opened_at
    tables["reviews.csv"].append(
        {"CHILD": "A1", "DOB": "04/05/2012", "REVIEW": "01/12/2025", "REVIEW_CODE": "PN1"}
    )
    import_ssda903(write_tables(tmp_path / "later", tables))
    a1.refresh_from_db()
    assert a1.record_version == opened_at + 1  # one event: the review held


def test_rne_and_rec_that_differ_from_derivation_are_kept_with_a_warning(
    tmp_path: Path,
    empty: None,
) -> None:
    tables = small_return()
    tables["episodes.csv"][1]["RNE"] = "T"  # derived: P (another carer)... given T: same carer
    tables["episodes.csv"][0]["DECOM"] = "01/06/2025"
    tables["episodes.csv"][2]["RNE"] = "L"  # the first episode: derived S
    result = import_ssda903(write_tables(tmp_path / "in", tables))
    assert [(w.file, w.location, w.field) for w in result.warnings] == [
        ("episodes.csv", "line 4", "RNE")
    ]
    assert "L kept as given; Sightline derives S" in result.warnings[0].message
    assert CareEpisode.objects.filter(rne="L").count() == 1
    export_ssda903(2026, tmp_path / "out")
    assert same_return(read_return(tmp_path / "in"), read_return(tmp_path / "out")) == []


def refused(directory: Path) -> list[tuple[str, str, str]]:
    before = row_counts()
    with pytest.raises(ReturnFileError) as caught:
        import_ssda903(directory)
    assert row_counts() == before
    return [(p.file, p.location, p.field) for p in caught.value.problems]


def test_malformed_files_are_refused_with_every_problem_and_nothing_written(
    tmp_path: Path,
    empty: None,
) -> None:
    tables = small_return()
    tables["episodes.csv"][0]["LS"] = "Q9"  # invalid code
    tables["reviews.csv"][0]["REVIEW"] = "2025-07-01"  # not dd/mm/yyyy
    directory = write_tables(tmp_path / "in", tables)
    (directory / "notes.csv").write_bytes(b"\x00\x01\x02binary")
    (directory / "whatever.csv").write_text("NAME,AGE\nx,1\n")
    missing = (directory / "missing.csv").read_text().replace("MIS_END", "")
    (directory / "missing.csv").write_text(missing.replace(",\n", "\n", 1))
    problems = refused(directory)
    assert ("episodes.csv", "line 2", "LS") in problems
    assert ("reviews.csv", "line 2", "REVIEW") in problems
    assert ("notes.csv", "", "") in problems
    assert ("whatever.csv", "line 1", "") in problems
    assert ("missing.csv", "line 1", "") in problems


def test_a_table_is_recognised_by_its_header_whatever_the_file_is_called(
    tmp_path: Path, empty: None
) -> None:
    directory = write_tables(tmp_path / "in", small_return())
    (directory / "episodes.csv").rename(directory / "EXPORT_2026_eps.txt")
    assert import_ssda903(directory).children_created == 2
    assert CareEpisode.objects.count() == 3


def test_overlapping_episodes_are_refused(tmp_path: Path, empty: None) -> None:
    tables = small_return()
    tables["episodes.csv"][1]["DECOM"] = "01/09/2025"  # before the first's DEC (X1)
    problems = refused(write_tables(tmp_path / "in", tables))
    assert problems == [("episodes.csv", "line 3", "DECOM")]


def with_sw_episodes() -> dict[str, list[dict[str, str]]]:
    """small_return, with A1's social workers (looked after at 31 March): a registered one,
    then one without registration (XX)."""
    tables = small_return()
    tables["sw_episodes.csv"] = [
        {
            "CHILD": "A1",
            "DOB": "04/05/2012",
            "SW_ID": "SW9100001",
            "SW_DECOM": "01/03/2025",
            "SW_DEC": "15/01/2026",
            "SW_REASON": "FCONTA",
        },
        {
            "CHILD": "A1",
            "DOB": "04/05/2012",
            "SW_ID": "XX",
            "SW_DECOM": "15/01/2026",
            "SW_DEC": "",
            "SW_REASON": "LEFTRL",
        },
    ]
    return tables


def test_social_worker_episodes_import_as_allocations_and_export_the_same(
    tmp_path: Path, empty: None
) -> None:
    from sightline.workforce.models import Allocation, Team, Worker

    source = write_tables(tmp_path / "in", with_sw_episodes())
    assert import_ssda903(source).warnings == []
    a1 = Person.objects.get(la_child_id="A1")
    made = Allocation.objects.filter(child=a1, kind=Allocation.Kind.SOCIAL_WORKER)
    assert sorted(made.values_list("worker__swe_number", "started_on", "ended_on", "reason")) == [
        ("", date(2026, 1, 15), None, "LEFTRL"),
        ("SW9100001", date(2025, 3, 1), date(2026, 1, 15), "FCONTA"),
    ]
    registered = Worker.objects.get(swe_number="SW9100001")
    assert (registered.family_name, registered.role, registered.started_on) == (
        "Social worker SW9100001",
        Worker.Role.SOCIAL_WORKER,
        date(2025, 3, 1),
    )
    assert registered.team.name == "Imported social workers"
    assert registered.team.kind == Team.Kind.CHILDREN_IN_CARE
    export_ssda903(2026, tmp_path / "out")
    assert same_return(read_return(source), read_return(tmp_path / "out")) == []
    # Again: the existing child's allocations are the file's rows (matched by start date), so
    # nothing is added, not even another worker for the XX episode.
    workers = Worker.objects.count()
    import_ssda903(source)
    assert made.count() == 2
    assert Worker.objects.count() == workers
    export_ssda903(2026, tmp_path / "again")
    assert same_return(read_return(source), read_return(tmp_path / "again")) == []


def test_bad_social_worker_episodes_are_refused_with_every_problem_and_nothing_written(
    tmp_path: Path, empty: None
) -> None:
    tables = with_sw_episodes()
    first, second = tables["sw_episodes.csv"]
    first["SW_ID"] = "AB123"  # rule SW02: neither SW… nor XX
    second["SW_REASON"] = "BORED"  # not a SW_REASON code
    tables["sw_episodes.csv"].append(
        {
            **second,
            "SW_ID": "SWX",
            "SW_DECOM": "20/01/2026",
            "SW_DEC": "19/01/2026",
            "SW_REASON": "OTHERS",
        }
    )
    problems = refused(write_tables(tmp_path / "in", tables))
    assert sorted(problems) == [("sw_episodes.csv", "line 3", "SW_REASON")]  # reading first
    second["SW_REASON"] = "LEFTRL"  # now the checks after reading report the rest
    problems = refused(write_tables(tmp_path / "again", tables))
    assert sorted(problems) == [
        ("sw_episodes.csv", "line 2", "SW_ID"),
        ("sw_episodes.csv", "line 4", "SW_DEC"),
        ("sw_episodes.csv", "line 4", "SW_ID"),
    ]


def test_import_command_with_a_bad_file_fails_and_writes_nothing(
    tmp_path: Path, empty: None
) -> None:
    tables = small_return()
    tables["header.csv"][0]["SEX"] = "X"
    directory = write_tables(tmp_path / "in", tables)
    before = row_counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "ssda903", str(directory), stderr=err)
    assert "header.csv:line 2: SEX" in err.getvalue()
    assert row_counts() == before


def test_import_command_imports_and_records_the_import(tmp_path: Path, empty: None) -> None:
    directory = write_tables(tmp_path / "in", small_return())
    out = io.StringIO()
    call_command("import", "ssda903", str(directory), stdout=out)
    assert "2 children created" in out.getvalue()
    assert AuditEvent.objects.latest("id").action == "import"
    assert Person.objects.filter(la_child_id__in=["A1", "B2"]).count() == 2


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(content=returns())
def test_round_trip_of_generated_returns(
    tmp_path: Path, empty: None, content: dict[str, list[dict[str, str]]]
) -> None:
    directory = write_tables(tmp_path / "in", content)
    try:
        with transaction.atomic():
            result = import_ssda903(directory, year=2026)
            assert result.warnings == []
            export_ssda903(2026, tmp_path / "out")
            differences = same_return(
                read_return(directory),
                read_return(tmp_path / "out"),
            )
            assert differences == []
            transaction.set_rollback(True)
    finally:
        shutil.rmtree(tmp_path, ignore_errors=True)


# --- OC2 outcomes: convictions and substance misuse ------------------------------------------


def oc2_return(**outcomes: str) -> dict[str, list[dict[str, str]]]:
    """One child (born 2013: 12 at 31 March 2026) looked after since 2024, in OC2 for 2026."""
    dob = "04/05/2013"
    return {
        "header.csv": [
            {"CHILD": "K9", "SEX": "M", "DOB": dob, "ETHNIC": "WBRI", "UPN": "UN3"},
        ],
        "episodes.csv": [
            {
                "CHILD": "K9",
                "DECOM": "01/02/2024",
                "RNE": "S",
                "LS": "C2",
                "CIN": "N1",
                "PLACE": "U4",
                "PLACE_PROVIDER": "PR1",
                "HOME_POST": "GL1 1AA",
                "PL_POST": "GL2 2BB",
            },
        ],
        "oc2.csv": [
            {
                "CHILD": "K9",
                "DOB": dob,
                "SDQ_REASON": "SDQ4",
                "IMMUNISATIONS": "1",
                "TEETH_CHECK": "0",
                "HEALTH_ASSESSMENT": "1",
                "CONVICTED": "0",
                "SUBSTANCE_MISUSE": "0",
                **outcomes,
            }
        ],
    }


def test_oc2_outcomes_are_derived_from_the_records_as_the_dfe_rules_require(
    tmp_path: Path, empty: None
) -> None:
    from sightline.care import services
    from sightline.care import services_in_care as in_care
    from sightline.care.services import PlacementDetails
    from sightline.people.services import register_child

    today = date(2026, 11, 23)
    foster = PlacementDetails(place="U6", provider="PR1", carer="Smith household")

    def in_care_since_2024(key: str, born: date) -> Person:
        child = register_child(
            given_name="A", family_name=key, birth_date=born, la_child_id=key, today=today
        )
        services.start_care(
            child=child,
            started_on=date(2024, 2, 1),
            legal_status="C2",
            placement=foster,
            category_of_need="N1",
            home_postcode="GL4 6TS",
            today=today,
        )
        return child

    def misuse(child: Person, on: date, offered: bool, received: bool) -> None:
        in_care.record_substance_misuse(
            child=child,
            identified_on=on,
            intervention_offered=offered,
            intervention_received=received,
            today=today,
        )

    received = in_care_since_2024("R1", date(2011, 1, 1))
    in_care.record_conviction(child=received, convicted_on=date(2025, 4, 1), today=today)
    misuse(received, date(2025, 6, 1), True, False)
    misuse(received, date(2026, 3, 31), True, True)
    offered = in_care_since_2024("O1", date(2011, 1, 1))
    in_care.record_conviction(child=offered, convicted_on=date(2025, 3, 31), today=today)
    in_care.record_conviction(child=offered, convicted_on=date(2026, 4, 1), today=today)
    misuse(offered, date(2025, 6, 1), True, False)
    declined = in_care_since_2024("D1", date(2011, 1, 1))
    misuse(declined, date(2025, 4, 1), False, False)
    misuse(declined, date(2026, 4, 1), True, True)
    in_care_since_2024("T1", date(2016, 3, 31))  # 10 on 31 March 2026
    in_care_since_2024("U1", date(2016, 4, 1))  # 9 on 31 March 2026
    export_ssda903(2026, tmp_path)
    columns = ("CONVICTED", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
    found = {
        row["CHILD"]: tuple(row[c] for c in columns) for row in read_return(tmp_path)["oc2.csv"]
    }
    assert found == {
        "R1": ("1", "1", "1", ""),  # rule 158: received implies offered, left blank
        "O1": ("0", "1", "0", "1"),  # convictions outside the year do not count
        "D1": ("0", "1", "0", "0"),  # rule 159: not received, so offered is given
        "T1": ("0", "0", "", ""),  # rule 543: 10 at 31 March; rule 193: no interventions
        "U1": ("", "0", "", ""),  # rule 542: under 10 at 31 March
    }


@pytest.mark.parametrize(
    ("outcomes", "offered", "received"),
    [
        ({"SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "1"}, True, True),
        (
            {"SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "0", "INTERVENTION_OFFERED": "1"},
            True,
            False,
        ),
        (
            {"SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "0", "INTERVENTION_OFFERED": "0"},
            False,
            False,
        ),
    ],
)
def test_oc2_outcomes_import_as_records_dated_31_march_and_export_the_same(
    tmp_path: Path, empty: None, outcomes: dict[str, str], offered: bool, received: bool
) -> None:
    from sightline.care.models import Conviction, SubstanceMisuse
    from sightline.chronology.models import ChronologyEntry

    source = write_tables(tmp_path / "in", oc2_return(CONVICTED="1", **outcomes))
    result = import_ssda903(source, year=2026)
    assert result.warnings == []
    conviction = Conviction.objects.get()
    assert (conviction.child.la_child_id, conviction.convicted_on, conviction.period) == (
        "K9",
        date(2026, 3, 31),
        PeriodOfCare.objects.get(),
    )
    misuse = SubstanceMisuse.objects.get()
    assert (misuse.identified_on, misuse.intervention_offered, misuse.intervention_received) == (
        date(2026, 3, 31),
        offered,
        received,
    )
    assert set(
        ChronologyEntry.objects.filter(
            event__in=["ConvictionRecorded", "SubstanceMisuseRecorded"]
        ).values_list("record_type", flat=True)
    ) == {"care.Conviction", "care.SubstanceMisuse"}
    export_ssda903(2026, tmp_path / "out")
    assert same_return(read_return(source), read_return(tmp_path / "out")) == []
    import_ssda903(source, year=2026)  # again: the child has them in the year already
    assert (Conviction.objects.count(), SubstanceMisuse.objects.count()) == (1, 1)


def test_oc2_zeroes_import_nothing_and_export_the_same(tmp_path: Path, empty: None) -> None:
    from sightline.care.models import Conviction, SubstanceMisuse

    source = write_tables(tmp_path / "in", oc2_return())
    assert import_ssda903(source, year=2026).warnings == []
    assert (Conviction.objects.count(), SubstanceMisuse.objects.count()) == (0, 0)
    export_ssda903(2026, tmp_path / "out")
    assert same_return(read_return(source), read_return(tmp_path / "out")) == []


@pytest.mark.parametrize(
    ("outcomes", "field"),
    [
        ({"DOB": "01/04/2016", "CONVICTED": "1"}, "CONVICTED"),  # 9 on 31 March: rule 542
        ({"SUBSTANCE_MISUSE": "1"}, "INTERVENTION_RECEIVED"),  # rule 192
        ({"SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "0"}, "INTERVENTION_OFFERED"),  # 159
        (
            {"SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "1", "INTERVENTION_OFFERED": "0"},
            "INTERVENTION_OFFERED",
        ),
    ],
)
def test_oc2_outcomes_the_records_cannot_hold_are_refused(
    tmp_path: Path, empty: None, outcomes: dict[str, str], field: str
) -> None:
    tables = oc2_return(**outcomes)
    tables["header.csv"][0]["DOB"] = tables["oc2.csv"][0]["DOB"]
    assert refused(write_tables(tmp_path / "in", tables)) == [("oc2.csv", "line 2", field)]


def test_an_intervention_received_and_offered_is_kept_with_a_warning(
    tmp_path: Path, empty: None
) -> None:
    from sightline.care.models import SubstanceMisuse

    tables = oc2_return(
        SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1", INTERVENTION_OFFERED="1"
    )  # rule 158: OFFERED should be blank
    result = import_ssda903(write_tables(tmp_path / "in", tables), year=2026)
    assert [(w.file, w.location, w.field) for w in result.warnings] == [
        ("oc2.csv", "line 2", "INTERVENTION_OFFERED")
    ]
    misuse = SubstanceMisuse.objects.get()
    assert (misuse.intervention_offered, misuse.intervention_received) == (True, True)


def test_interventions_without_substance_misuse_are_not_imported_with_a_warning(
    tmp_path: Path, empty: None
) -> None:
    from sightline.care.models import SubstanceMisuse

    tables = oc2_return(INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED="1")  # rule 193
    result = import_ssda903(write_tables(tmp_path / "in", tables), year=2026)
    assert [(w.file, w.location, w.field) for w in result.warnings] == [
        ("oc2.csv", "line 2", "INTERVENTION_RECEIVED")
    ]
    assert not SubstanceMisuse.objects.exists()
