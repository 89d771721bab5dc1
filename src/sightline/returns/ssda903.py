"""The SSDA903 (children looked after) return: export from the records, import into them.

Export (CONTRACTS.md "Collection years"): one CSV per table, the DfE column names, dates
dd/mm/yyyy, an empty table its header row only. Cohorts for the year ending 31 March YYYY:

* episodes: the stored (derived) CareEpisode rows open at any time in the year; a DEC after
  31 March is not yet known to the return, so DEC, REC and REASON_PLACE_CHANGE are blank;
* reviews held in the year; missing episodes overlapping it (MIS_END blank after 31 March);
* OC2: children looked after continuously for 12 months at 31 March (a period of care begun on
  or before 1 April and open after 31 March; short breaks only do not count);
* OC3: young people not looked after on their 17th-21st birthday in the year who are care
  leavers (relevant, former relevant) or have an in-touch record in the year; and those whose
  22nd-25th birthday falls in the year and who are in touch (YES). IN_TOUCH, ACTIV and ACCOM
  are the records nearest the birthday (the latest on or before it, else the first after it in
  the year); no record: ``NO`` / ``0`` / ``0``;
* AD1: adoption milestones of a period ended in the year by adoption (E11, E12);
  placed_for_adoption: the decisions of periods open in the year, unless reversed before it;
* previous_permanence: one row per child, from the latest period that started in the year;
* uasc: unaccompanied children looked after in the year whose status had not ceased before it;
* sw_episodes: care.social_worker_episodes; dolo (2026-27): Sightline does not yet record
  deprivation of liberty orders, so the table is its header row;
* header: every child in any table. MOTHER (0/1) for girls looked after in the year, from a
  recorded parenthood (MC_DOB its date); blank otherwise.

OC2's outcomes (shared/reference/ssda903/lac2025_26_rules.tsv; lac_validator's rules):

* CONVICTED: 1 for a conviction (care.Conviction) in the year, else 0; blank for a child under 10
  at 31 March (rule 542 forbids a value, rule 543 requires one from the 10th birthday on);
* SUBSTANCE_MISUSE: 1 for substance misuse (care.SubstanceMisuse) identified in the year, else 0
  (rules 191, 182);
* INTERVENTION_RECEIVED / INTERVENTION_OFFERED: blank when SUBSTANCE_MISUSE is 0 (rule 193);
  otherwise RECEIVED is 1 if an intervention was received in any of the year's records, else 0
  (rule 192), and OFFERED is blank when RECEIVED is 1 (rule 158: received implies offered),
  else 1 if one was offered, else 0 (rule 159).

Reads are set-based: one query per table (children fetched in chunks of 5,000 ids).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sightline.care.codes import SHORT_BREAKS, HealthCheckKind
from sightline.care.models import (
    AdoptionMilestones,
    CareEpisode,
    Conviction,
    HealthAssessment,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    PreviousPermanence,
    SubstanceMisuse,
    UnaccompaniedStatus,
)
from sightline.care.social_worker_episodes import social_worker_episodes
from sightline.leaving_care.eligibility import (
    CarePeriod,
    Eligibility,
    birthday,
    eligibility,
    looked_after_on,
)
from sightline.leaving_care.models import Accommodation, Activity, InTouch, Parenthood
from sightline.people.models import Person
from sightline.returns.files import ExportResult, ImportResult
from sightline.returns.ssda903_tables import TABLES, fmt, tables_for
from sightline.returns.years import SSDA903_YEARS, CollectionYear, collection_year

__all__ = ["TABLES", "export_ssda903", "import_ssda903", "read_return", "same_return"]

CHUNK = 5_000
ADOPTED = frozenset({"E11", "E12"})
CARE_LEAVERS = frozenset({Eligibility.RELEVANT, Eligibility.FORMER_RELEVANT})

Row = dict[str, str]


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _in_care_during(first: date, last: date) -> Q:
    return Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first))


def _counted(period_ref: str = "pk") -> Exists:
    """A period with a legal status other than short breaks (V3/V4)."""
    return Exists(
        LegalStatus.objects.filter(period=OuterRef(period_ref)).exclude(code__in=SHORT_BREAKS)
    )


def _years_before(day: date, years: int) -> date:
    return birthday(day, -years)


def _nearest(rows: list[tuple[date, str]], day: date, last: date) -> str | None:
    """The value recorded latest on or before ``day``, else the first after it up to ``last``."""
    before = [r for r in rows if r[0] <= day]
    if before:
        return max(before, key=lambda r: r[0])[1]
    after = [r for r in rows if day < r[0] <= last]
    return min(after, key=lambda r: r[0])[1] if after else None


def _by_child(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for child_id, *rest in rows:
        grouped[child_id].append(tuple(rest))
    return grouped


def _episodes(cy: CollectionYear) -> dict[int, list[dict[str, Any]]]:
    rows = (
        CareEpisode.objects.filter(decom__lte=cy.last)
        .filter(Q(dec__isnull=True) | Q(dec__gte=cy.first))
        .order_by("child_id", "decom", "id")
        .values(
            "child_id",
            "decom",
            "rne",
            "ls",
            "cin",
            "place",
            "place_provider",
            "dec",
            "rec",
            "reason_place_change",
            "home_post",
            "pl_post",
            "urn",
        )
    )
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["child_id"]].append(dict(row))
    return grouped


def _oc2(cy: CollectionYear) -> dict[int, Row]:
    """Children looked after continuously for 12 months at 31 March, with their health."""
    children = set(
        PeriodOfCare.objects.filter(_counted(), started_on__lte=cy.first)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=cy.last))
        .values_list("child_id", flat=True)
    )
    in_cohort = PeriodOfCare.objects.filter(
        _counted(), child_id=OuterRef("child_id"), started_on__lte=cy.first
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=cy.last))
    checks = _by_child(
        HealthAssessment.objects.filter(
            Exists(in_cohort), done_on__gte=cy.first, done_on__lte=cy.last
        )
        .order_by("child_id", "done_on", "id")
        .values_list("child_id", "kind", "done_on", "sdq_score", "sdq_reason")
    )
    year = (cy.first, cy.last)
    convicted = set(
        Conviction.objects.filter(Exists(in_cohort), convicted_on__range=year).values_list(
            "child_id", flat=True
        )
    )
    misuse = _by_child(
        SubstanceMisuse.objects.filter(Exists(in_cohort), identified_on__range=year).values_list(
            "child_id", "intervention_offered", "intervention_received"
        )
    )
    births = {pk: row["birth_date"] for pk, row in _people(children).items()}

    def younger_than(years: int) -> set[int]:
        born_after = _years_before(cy.last, years)
        return {pk for pk, born in births.items() if born is not None and born > born_after}

    under_five, under_ten = younger_than(5), younger_than(10)
    result: dict[int, Row] = {}
    for child_id in children:
        done = checks.get(child_id, [])
        kinds = {kind for kind, *_ in done}
        sdqs = [c for c in done if c[0] == HealthCheckKind.SDQ]
        score, reason = ("", "")
        if sdqs:
            latest = sdqs[-1]
            score = "" if latest[2] is None else str(latest[2])
            reason = latest[3] or ""
        assessed = "1" if kinds & {HealthCheckKind.INITIAL, HealthCheckKind.REVIEW} else "0"
        received, offered = "", ""
        if child_id in misuse:
            got = any(r for _, r in misuse[child_id])
            received = "1" if got else "0"
            offered = "" if got else ("1" if any(o for o, _ in misuse[child_id]) else "0")
        result[child_id] = {
            "SDQ_SCORE": score,
            "SDQ_REASON": reason,
            "CONVICTED": "" if child_id in under_ten else str(int(child_id in convicted)),
            "HEALTH_CHECK": assessed if child_id in under_five else "",
            "IMMUNISATIONS": "1" if HealthCheckKind.IMMUNISATIONS in kinds else "0",
            "TEETH_CHECK": "1" if HealthCheckKind.DENTAL in kinds else "0",
            "HEALTH_ASSESSMENT": assessed,
            "SUBSTANCE_MISUSE": "1" if child_id in misuse else "0",
            "INTERVENTION_RECEIVED": received,
            "INTERVENTION_OFFERED": offered,
        }
    return result


def _oc3(cy: CollectionYear) -> dict[int, Row]:
    """Care leavers by their birthday in the year (see the module's docstring)."""
    oldest = _years_before(cy.first, 26)
    youngest = _years_before(cy.last, 17)
    ages = Q(child__birth_date__gt=oldest, child__birth_date__lte=youngest)
    periods = _by_child(
        PeriodOfCare.objects.filter(ages, _counted())
        .order_by("child_id", "started_on")
        .values_list("child_id", "started_on", "ended_on")
    )
    touch = _by_child(
        InTouch.objects.filter(ages, recorded_on__lte=cy.last)
        .order_by("child_id", "recorded_on", "id")
        .values_list("child_id", "recorded_on", "in_touch")
    )
    candidates = set(periods) | set(touch)
    if not candidates:
        return {}
    activity = _by_child(
        Activity.objects.filter(ages, from_date__lte=cy.last)
        .order_by("child_id", "from_date")
        .values_list("child_id", "from_date", "code")
    )
    accommodation = _by_child(
        Accommodation.objects.filter(ages, from_date__lte=cy.last)
        .order_by("child_id", "from_date")
        .values_list("child_id", "from_date", "code")
    )
    births = dict(
        Person.objects.filter(
            birth_date__gt=oldest, birth_date__lte=youngest, birth_date__isnull=False
        )
        .filter(
            Q(Exists(PeriodOfCare.objects.filter(child_id=OuterRef("pk"))))
            | Q(Exists(InTouch.objects.filter(child_id=OuterRef("pk"))))
        )
        .values_list("pk", "birth_date")
    )
    result: dict[int, Row] = {}
    for child_id in candidates:
        born = births.get(child_id)
        if born is None:
            continue
        ages_in_year = [age for age in range(17, 26) if cy.first <= birthday(born, age) <= cy.last]
        if not ages_in_year:
            continue
        age = ages_in_year[0]
        day = birthday(born, age)
        care = [CarePeriod(start, end) for start, end in periods.get(child_id, [])]
        touches = [(d, v) for d, v in touch.get(child_id, [])]
        touched_in_year = any(cy.first <= d <= cy.last for d, _ in touches)
        in_touch = _nearest(touches, day, cy.last) or "NO"
        if age <= 21:
            # Not for one looked after on the birthday, nor (rule 1016) a 17- or 18-year-old
            # whose care ceased on or after it: care that ends at 18 ends on the birthday.
            if looked_after_on(care, day) or (
                age <= 18 and any(p.end is not None and p.end >= day for p in care)
            ):
                continue
            category = eligibility(born, care, day) if care else None
            if category not in CARE_LEAVERS and not touched_in_year:
                continue
        elif not touched_in_year or in_touch != "YES":
            continue
        result[child_id] = {
            "IN_TOUCH": in_touch,
            "ACTIV": _nearest(list(activity.get(child_id, [])), day, cy.last) or "0",
            "ACCOM": _nearest(list(accommodation.get(child_id, [])), day, cy.last) or "0",
        }
    return result


def _people(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(list(ids)):
        for row in Person.objects.filter(pk__in=chunk).values(
            "pk", "la_child_id", "sex", "birth_date", "ethnicity", "upn", "upn_unknown"
        ):
            found[row["pk"]] = dict(row)
    return found


def _write(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(column, "") for column in columns])
            count += 1
    return count


def collect_ssda903(year: int) -> dict[str, list[Row]]:
    """The return's rows by file name, in file order (by CHILD, then date)."""
    cy = collection_year(year, SSDA903_YEARS, "SSDA903")
    first, last = cy.first, cy.last
    episodes = _episodes(cy)
    looked_after = set(episodes)
    reviews = _by_child(
        LookedAfterReview.objects.filter(held_on__gte=first, held_on__lte=last)
        .order_by("child_id", "held_on", "id")
        .values_list("child_id", "held_on", "participation")
    )
    day_after = timezone.make_aware(datetime.combine(last + timedelta(days=1), time()))
    day_first = timezone.make_aware(datetime.combine(first, time()))
    missing = _by_child(
        MissingEpisode.objects.filter(started_at__lt=day_after)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=day_first))
        .order_by("child_id", "started_at", "id")
        .values_list("child_id", "kind", "started_at", "ended_at")
    )
    oc2 = _oc2(cy)
    oc3 = _oc3(cy)
    in_year = PeriodOfCare.objects.filter(_in_care_during(first, last))
    uasc = dict(
        UnaccompaniedStatus.objects.filter(
            Exists(in_year.filter(child_id=OuterRef("child_id"))), recorded_on__lte=last
        )
        .filter(Q(ceased_on__isnull=True) | Q(ceased_on__gte=first))
        .values_list("child_id", "ceased_on")
    )
    adoption = list(
        AdoptionMilestones.objects.filter(
            Exists(in_year.filter(pk=OuterRef("period_id"))), decision_on__lte=last
        )
        .order_by("child_id", "decision_on", "id")
        .values(
            "child_id",
            "decision_on",
            "matched_on",
            "reversed_on",
            "reversed_reason",
            "foster_care",
            "number_of_adopters",
            "sex_of_adopters",
            "legal_status_of_adopters",
            "period__ended_on",
            "period__reason_ceased",
        )
    )
    permanence: dict[int, PreviousPermanence] = {}
    # Only for a period that started in the year: rule 630 asks for a row for each child who
    # started to be looked after, and rule 634 refuses one for a child whose latest episode
    # began before the year.
    for perm in PreviousPermanence.objects.filter(
        Exists(in_year.filter(pk=OuterRef("period_id"))), period__started_on__gte=first
    ).order_by("child_id", "period__started_on", "id"):
        permanence[perm.child_id] = perm  # the latest period's
    sw = social_worker_episodes(first, last)
    mothers = dict(
        Parenthood.objects.filter(became_parent_on__lte=last)
        .order_by("child_id", "-became_parent_on")
        .values_list("child_id", "became_parent_on")
    )  # the first child's date wins: ordered latest first, dict keeps the last written

    placed = [a for a in adoption if a["reversed_on"] is None or a["reversed_on"] >= first]
    adopted = [
        a
        for a in adoption
        if a["period__reason_ceased"] in ADOPTED
        and a["period__ended_on"] is not None
        and first <= a["period__ended_on"] <= last
    ]
    children = (
        looked_after
        | set(reviews)
        | set(missing)
        | set(oc2)
        | set(oc3)
        | set(uasc)
        | {a["child_id"] for a in placed}
        | {a["child_id"] for a in adopted}
        | set(permanence)
        | {e.child_id for e in sw}
    )
    people = _people(children)

    def key(child_id: int) -> str:
        return str(people[child_id]["la_child_id"])

    def dob(child_id: int) -> str:
        return fmt(people[child_id]["birth_date"])

    def within(day: date | None) -> date | None:
        return day if day is not None and day <= last else None

    order = sorted(children, key=key)
    out: dict[str, list[Row]] = {name: [] for name in tables_for(year)}
    for child_id in order:
        person = people[child_id]
        mother, mc_dob = "", ""
        if person["sex"] == "F" and child_id in looked_after:
            born = mothers.get(child_id)
            mother, mc_dob = ("1", fmt(born)) if born else ("0", "")
        out["header.csv"].append(
            {
                "CHILD": key(child_id),
                "SEX": person["sex"],
                "DOB": dob(child_id),
                "ETHNIC": person["ethnicity"],
                "UPN": person["upn"] or person["upn_unknown"],
                "MOTHER": mother,
                "MC_DOB": mc_dob,
            }
        )
        for e in episodes.get(child_id, []):
            dec = within(e["dec"])
            out["episodes.csv"].append(
                {
                    "CHILD": key(child_id),
                    "DECOM": fmt(e["decom"]),
                    "RNE": e["rne"],
                    "LS": e["ls"],
                    "CIN": e["cin"],
                    "PLACE": e["place"],
                    "PLACE_PROVIDER": e["place_provider"],
                    "DEC": fmt(dec),
                    "REC": e["rec"] if dec else "",
                    "REASON_PLACE_CHANGE": e["reason_place_change"] if dec else "",
                    "HOME_POST": e["home_post"],
                    "PL_POST": e["pl_post"],
                    "URN": e["urn"],
                }
            )
        for held_on, participation in reviews.get(child_id, []):
            out["reviews.csv"].append(
                {
                    "CHILD": key(child_id),
                    "DOB": dob(child_id),
                    "REVIEW": fmt(held_on),
                    "REVIEW_CODE": participation,
                }
            )
        if child_id in uasc:
            out["uasc.csv"].append(
                {
                    "CHILD": key(child_id),
                    "SEX": person["sex"],
                    "DOB": dob(child_id),
                    "DUC": fmt(within(uasc[child_id])),
                }
            )
        if child_id in oc2:
            out["oc2.csv"].append({"CHILD": key(child_id), "DOB": dob(child_id), **oc2[child_id]})
        if child_id in oc3:
            out["oc3.csv"].append({"CHILD": key(child_id), "DOB": dob(child_id), **oc3[child_id]})
        for kind, started_at, ended_at in missing.get(child_id, []):
            ended = timezone.localdate(ended_at) if ended_at is not None else None
            out["missing.csv"].append(
                {
                    "CHILD": key(child_id),
                    "DOB": dob(child_id),
                    "MISSING": kind,
                    "MIS_START": fmt(timezone.localdate(started_at)),
                    "MIS_END": fmt(within(ended)),
                }
            )
        if child_id in permanence:
            perm = permanence[child_id]
            out["previous_permanence.csv"].append(
                {
                    "CHILD": key(child_id),
                    "DOB": dob(child_id),
                    "PREV_PERM": perm.kind,
                    "LA_PERM": perm.la,
                    "DATE_PERM": perm.date_perm if perm.order_year else "",
                }
            )
    for a in sorted(adopted, key=lambda a: (key(a["child_id"]), a["decision_on"])):
        out["ad1.csv"].append(
            {
                "CHILD": key(a["child_id"]),
                "DOB": dob(a["child_id"]),
                "DATE_INT": fmt(a["decision_on"]),
                "DATE_MATCH": fmt(a["matched_on"]),
                "FOSTER_CARE": "" if a["foster_care"] is None else str(int(a["foster_care"])),
                "NB_ADOPTR": str(a["number_of_adopters"] or ""),
                "SEX_ADOPTR": a["sex_of_adopters"],
                "LS_ADOPTR": a["legal_status_of_adopters"],
            }
        )
    for a in sorted(placed, key=lambda a: (key(a["child_id"]), a["decision_on"])):
        reversed_on = within(a["reversed_on"])
        out["placed_for_adoption.csv"].append(
            {
                "CHILD": key(a["child_id"]),
                "DOB": dob(a["child_id"]),
                "DATE_PLACED": fmt(a["decision_on"]),
                "DATE_PLACED_CEASED": fmt(reversed_on),
                "REASON_PLACED_CEASED": a["reversed_reason"] if reversed_on else "",
            }
        )
    for worker in sorted(sw, key=lambda w: (key(w.child_id), w.sw_decom, w.sw_id)):
        out["sw_episodes.csv"].append(
            {
                "CHILD": key(worker.child_id),
                "DOB": dob(worker.child_id),
                "SW_ID": worker.sw_id,
                "SW_DECOM": fmt(worker.sw_decom),
                "SW_DEC": fmt(worker.sw_dec),
                "SW_REASON": worker.sw_reason,
            }
        )
    return out


def export_ssda903(year: int, out_dir: Path) -> ExportResult:
    """Write the SSDA903 tables for the year ending 31 March ``year`` into ``out_dir``."""
    tables = tables_for(collection_year(year, SSDA903_YEARS, "SSDA903").year)
    content = collect_ssda903(year)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {name: _write(out_dir / name, tables[name], content[name]) for name in tables}
    return ExportResult(path=out_dir, children=counts["header.csv"], rows=counts)


def import_ssda903(
    directory: Path, year: int | None = None, today: date | None = None
) -> ImportResult:
    """Import an SSDA903 return, all or nothing (see ssda903_import). ``year``: the collection
    year, where known; otherwise the year of the latest date the return carries. ``today``:
    the day the obligations are judged at (default: today)."""
    from sightline.returns.ssda903_import import import_return

    if year is not None:
        collection_year(year, SSDA903_YEARS, "SSDA903")
    return import_return(directory, today=today, year=year)


def read_return(directory: Path) -> dict[str, list[Row]]:
    """The rows of each table in a directory of SSDA903 CSVs, by file name (as written)."""
    tables: dict[str, list[Row]] = {}
    for name in TABLES:
        path = directory / name
        if path.exists():
            with path.open(newline="", encoding="utf-8-sig") as handle:
                tables[name] = list(csv.DictReader(handle))
    return tables


def same_return(a: dict[str, list[Row]], b: dict[str, list[Row]]) -> list[str]:
    """CONTRACTS.md "Round trip": the same tables and rows, ignoring row order. Returns the
    differences found (empty when the same)."""
    differences = []
    for name in sorted(set(a) | set(b)):
        left = sorted(tuple(sorted(r.items())) for r in a.get(name, []))
        right = sorted(tuple(sorted(r.items())) for r in b.get(name, []))
        if left != right:
            only_left = [r for r in left if r not in right][:3]
            only_right = [r for r in right if r not in left][:3]
            differences.append(f"{name}: {only_left} != {only_right}")
    return differences
