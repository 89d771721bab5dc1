"""A planted subject access case: third parties' data written in every form, in stored fields
and free text, must be absent from the documents meant for release and listed, every one, in
the data protection officer's separate list of redactions.

The child, Ava Thornbury, has a mother (Zoë Kowalczyk-Brontë), a father (Darren Pelham) and a
restricted sister (Isolde Pelham, who records Ava as her sibling). Ava was fostered by the
Haverstocks, then placed for adoption with Jessamy Quenby under a placement order; before
that she was privately fostered by Lorna Fairbairn-Stokes; the record also holds a staying-put
carer, her school, and an allegation about a coach at Stroud Juniors FC. Case notes, a visit,
a contact, the chronology and the audit trail mention all of them, in the forms people write:
other spellings and cases, possessives, NHS numbers with spaces or dashes, dates of birth in
several styles, postcodes with and without a space, an address, phone numbers, an email
address, another child's LA child ID and name. The rows are written directly: the export, not
the journey, is under test.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from sightline.access import audit, disclosure
from sightline.access.actor import acting_as
from sightline.access.models import AuditEvent, RestrictedRecord
from sightline.access.sar import write_sar
from sightline.care.models import CareEpisode, EducationRecord, PeriodOfCare, Placement
from sightline.chronology.models import CaseNote, ChronologyEntry
from sightline.frontdoor.models import Contact
from sightline.leaving_care.models import StayingPut
from sightline.people.models import Person, Relationship
from sightline.protection.models import AllegationToLADO, PrivateFosteringArrangement, Visit
from tests.factories import AdultFactory, ChildFactory, WorkerFactory, nhs_number, upn

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _spaced(n: str) -> str:
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def _dashed(n: str) -> str:
    return f"{n[:3]}-{n[3:6]}-{n[6:]}"


@dataclass
class Case:
    child: Person
    mother: Person
    father: Person
    sibling: Person
    other_child: Person
    worker_name: str


@pytest.fixture
def case() -> Case:
    child = ChildFactory(
        given_name="Ava",
        family_name="Thornbury",
        birth_date=date(2012, 5, 3),
        la_child_id="F100000001",
        home_postcode="GL4 6TS",
    )
    mother = AdultFactory(
        given_name="Zoë",
        family_name="Kowalczyk-Brontë",
        birth_date=date(1988, 11, 7),
        nhs_number=nhs_number(40),
    )
    father = AdultFactory(
        given_name="Darren",
        family_name="Pelham",
        birth_date=date(1985, 2, 19),
        nhs_number=nhs_number(41),
    )
    sibling = ChildFactory(
        given_name="Isolde",
        family_name="Pelham",
        birth_date=date(2015, 9, 23),
        la_child_id="F100000002",
        upn=upn(4242),
        nhs_number=nhs_number(42),
    )
    other_child = ChildFactory(
        given_name="Quentin",
        family_name="Marchbank",
        birth_date=date(2013, 1, 30),
        la_child_id="F100000099",
    )
    Relationship.objects.create(person=child, relative=mother, kind="mother")
    Relationship.objects.create(person=child, relative=father, kind="father")
    Relationship.objects.create(person=sibling, relative=child, kind="sibling")
    officer = get_user_model().objects.create_user("dpo.officer")
    RestrictedRecord.objects.create(
        child=sibling,
        reason="Adopted elsewhere",
        restricted_at=datetime(2025, 1, 6, 9, tzinfo=LONDON),
        restricted_by=officer,
    ).named_users.add(officer)
    worker = WorkerFactory(given_name="Priya", family_name="Raman")

    # Care: fostered, then placed for adoption under a placement order.
    period = PeriodOfCare.objects.create(
        child=child, started_on=date(2024, 3, 1), category_of_need="N1", home_postcode="GL4 6TS"
    )
    Placement.objects.create(
        period=period,
        child=child,
        started_on=date(2024, 3, 1),
        ended_on=date(2025, 6, 2),
        place="U4",
        provider="PR1",
        carer="Mr and Mrs Haverstock",
        postcode="GL53 7PQ",
    )
    Placement.objects.create(
        period=period,
        child=child,
        started_on=date(2025, 6, 2),
        place="A6",
        provider="PR1",
        carer="Jessamy Quenby",
        urn="SC484574",
        postcode="GL7 1AB",
    )
    for decom, place, post in (
        (date(2024, 3, 1), "U4", "GL53 7PQ"),
        (date(2025, 6, 2), "A6", "GL7 1AB"),
    ):
        CareEpisode.objects.create(
            period=period, child=child, decom=decom, rne="S", ls="E1", cin="N1", place=place,
            place_provider="PR1", home_post="GL4 6TS", pl_post=post,
        )  # fmt: skip
    EducationRecord.objects.create(
        child=child,
        school_name="Saint Aldhelm's Academy",
        school_urn="115794",
        started_on=date(2025, 9, 1),
    )
    PrivateFosteringArrangement.objects.create(
        child=child,
        carer_name="Lorna Fairbairn-Stokes",
        notified_on=date(2023, 4, 3),
        arrangement_started_on=date(2023, 3, 27),
        ended_on=date(2023, 9, 1),
        end_reason=PrivateFosteringArrangement.EndReason.RETURNED_HOME,
    )
    StayingPut.objects.create(child=child, started_on=date(2030, 5, 3), carer="Ottoline Greaves")
    AllegationToLADO.objects.create(
        child=child,
        subject_role="Football coach",
        subject_employer="Stroud Juniors FC",
        came_to_attention_on=date(2023, 5, 4),
        referred_on=date(2023, 5, 5),
    )

    # Free text, in the forms people write.
    CaseNote.objects.create(
        child=child,
        author=worker,
        written_on=date(2025, 6, 10),
        text=(
            "ZOE rang about zoë's contact; Zoe said Kowalczyk Bronte is her name now. "
            f"Mum's NHS no. {_spaced(mother.nhs_number)}, dad's {_dashed(father.nhs_number)}, "
            f"Isolde's {sibling.nhs_number} (UPN {sibling.upn}, LA ID {sibling.la_child_id}). "
            "Mum born 07/11/1988 (7 November 1988, 7th Nov 1988); Darren's DOB 1985-02-19. "
            "Her new partner, DOB 02/04/1979, lives at 14 Larkspur Close, gl537pq. "
            "Call 07700 900461 or +44 1452 960123, email zoe.kb@example.org. "
            "Ava settled well with the Haverstocks and now lives with Jessamy at Gl7 1ab. "
            "Quentin Marchbank (F100000099) is in her class at Saint Aldhelm's Academy. "
            f"Seen by {worker.given_name} {worker.family_name} with Ava, born 03/05/2012."
        ),
    )
    Visit.objects.create(
        child=child,
        purpose="looked_after",
        visited_on=date(2025, 7, 1),
        worker=worker,
        child_seen=True,
        note="Lorna's old address came up; Ottoline Greaves may offer staying put. Pelhams away.",
    )
    Contact.objects.create(
        child=child,
        received_at=datetime(2023, 5, 4, 10, tzinfo=LONDON),
        source="1A",
        reason="Coach at Stroud Juniors FC reported by Mrs Fairbairn-Stokes",
    )
    ChronologyEntry.objects.create(
        child=child,
        occurred_on=date(2025, 9, 1),
        event="SchoolRecorded",
        summary="Started at Saint Aldhelm's Academy (URN 115794), placement SC484574",
        record_type="care.EducationRecord",
        record_id=1,
    )
    with acting_as("priya.raman"):
        audit.record(
            AuditEvent.Action.SEARCH,
            "Searched for children",
            child_id=child.pk,
            detail={"params": {"q": "Zoë Kowalczyk-Brontë", "postcode": "GL53 7PQ"}},
        )
    return Case(child, mother, father, sibling, other_child, f"{worker.full_name}")


# What was planted, in the form planted; each must be gone from the release and listed.
NAMES = (
    "Zoë",
    "Zoe",
    "Kowalczyk",
    "Brontë",
    "Bronte",
    "Darren",
    "Pelham",
    "Isolde",
    "Haverstock",
    "Jessamy",
    "Quenby",
    "Lorna",
    "Fairbairn-Stokes",
    "Ottoline Greaves",
    "Quentin Marchbank",
    "Stroud Juniors FC",
    "Saint Aldhelm's Academy",
    "Larkspur Close",
    "zoe.kb@example.org",
)
COMPACT = (  # identifiers, postcodes, phone numbers: found in any spacing
    "GL53 7PQ",
    "GL7 1AB",
    "GL4 6TS",
    "SC484574",
    "115794",
    "07700 900461",
    "1452 960123",
    "F100000002",
    "F100000099",
)
DATES = ("07/11/1988", "7 November 1988", "7th Nov 1988", "1985-02-19", "02/04/1979")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _compact(text: str) -> str:
    return re.sub(r"[\W_]", "", _fold(text))


def _word(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s\-]+", _fold(term))]
    return re.compile(r"(?<!\w)" + r"[\s\-]*".join(words) + r"(?!\w)")


def _identifiers(case: Case) -> list[str]:
    people = (case.mother, case.father, case.sibling)
    found = [p.nhs_number for p in people] + [case.sibling.upn, case.sibling.la_child_id]
    return [str(i) for i in found if i]


def _dates_of_birth(case: Case) -> list[str]:
    forms = []
    for person in (case.mother, case.father, case.sibling, case.other_child):
        assert person.birth_date is not None
        d = person.birth_date
        forms += [d.isoformat(), d.strftime("%d/%m/%Y"), f"{d.day} {d:%B %Y}"]
    return forms


def _export(case: Case, tmp_path: Path) -> tuple[str, list[dict[str, Any]], list[Path]]:
    """(the released documents' text, the officer's list, the files written)."""
    paths = write_sar(case.child, tmp_path)
    written = sorted(tmp_path.iterdir())
    assert sorted(paths) == written
    officer = [p for p in written if "redactions" in p.name]
    release = [p for p in written if p not in officer]
    assert {p.suffix for p in release} == {".json", ".html"}
    assert officer, "the officer's list of redactions is a file of its own"
    text = ""
    for path in release:
        content = path.read_text(encoding="utf-8")
        text += "\n" + (html.unescape(content) if path.suffix == ".html" else content)
        if path.suffix == ".json":
            text += "\n" + json.dumps(json.loads(content), ensure_ascii=False)
    officer_json = next(p for p in officer if p.suffix == ".json")
    listed = json.loads(officer_json.read_text(encoding="utf-8"))["redactions"]
    return text, listed, written


def test_planted_third_party_values_never_reach_the_release_and_all_reach_the_officer(
    case: Case, tmp_path: Path
) -> None:
    release, listed, _ = _export(case, tmp_path)
    folded, compact = _fold(release), _compact(release)
    originals = [str(item["original"]) for item in listed]
    planted = len(NAMES) + len(COMPACT) + len(DATES) + len(_identifiers(case))
    assert planted >= 20

    leaked = [t for t in NAMES if _word(t).search(folded)]
    leaked += [t for t in (*COMPACT, *_identifiers(case)) if _compact(t) in compact]
    leaked += [t for t in (*DATES, *_dates_of_birth(case)) if _fold(t) in folded]
    assert not leaked, f"released: {leaked}"

    def listed_for_officer(term: str) -> bool:
        return any(_word(term).search(_fold(o)) or _compact(term) in _compact(o) for o in originals)

    missing = [
        t for t in (*NAMES, *COMPACT, *DATES, *_identifiers(case)) if not listed_for_officer(t)
    ]
    assert not missing, f"not in the officer's list: {missing}"


def test_the_restricted_sibling_and_the_other_child_never_appear_in_the_release(
    case: Case, tmp_path: Path
) -> None:
    release, _, _ = _export(case, tmp_path)
    folded = _fold(release)
    for person in (case.sibling, case.other_child):
        assert person.birth_date is not None
        for value in (person.given_name, person.la_child_id, person.upn, person.nhs_number):
            if value:
                assert not _word(value).search(folded), value
        assert person.birth_date.isoformat() not in folded
    assert "pelham" not in folded  # the sister's and the father's family name


def test_the_childs_own_details_and_staff_stay_in_the_release(case: Case, tmp_path: Path) -> None:
    release, _, _ = _export(case, tmp_path)
    assert "Ava" in release and "Thornbury" in release and "F100000001" in release
    assert "born 03/05/2012" in release  # the child's own date of birth is not a third party's
    assert case.worker_name in release
    assert "Football coach" in release


def test_the_officers_list_is_named_for_the_officer_and_holds_the_originals_only_there(
    case: Case, tmp_path: Path
) -> None:
    _, listed, written = _export(case, tmp_path)
    stem = f"sar-{case.child.la_child_id}"
    assert [p.name for p in written] == sorted(
        [f"{stem}.html", f"{stem}.json", f"{stem}-redactions.html", f"{stem}-redactions.json"]
    )
    page = (written[0].parent / f"{stem}-redactions.html").read_text(encoding="utf-8")
    assert "never release" in page.lower()
    assert all(
        {"record_type", "record_id", "field", "rule", "original", "replacement"} <= set(r)
        for r in listed
    )
    release = json.loads((written[0].parent / f"{stem}.json").read_text(encoding="utf-8"))
    assert "redactions" not in release and "kept" not in release
    assert release["redaction_count"] == len(listed)


def test_a_field_not_declared_is_withheld_and_listed_not_released(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    declared = dict(disclosure.FIELDS["care.Placement"])
    del declared["place"]  # as a field added without a declaration
    monkeypatch.setitem(disclosure.FIELDS, "care.Placement", declared)
    files = write_sar(case.child, tmp_path)
    rows = json.loads(files.json.read_text(encoding="utf-8"))["records"]["care.Placement"]["rows"]
    assert [r["place"] for r in rows] == ["[redacted: undeclared field]"] * 2
    listed = json.loads(files.redactions_json.read_text(encoding="utf-8"))["redactions"]
    assert {r["original"] for r in listed if r["field"] == "place"} == {"U4", "A6"}
