"""Import an SSDA903 return, all or nothing (CONTRACTS.md "Command-line outputs"), in three
steps, each its own module: read (ssda903_read), check (ssda903_check), write (ssda903_write).

1. Read: each file in the directory is recognised by its header row, whatever it is called.
   Every problem is collected (file, ``line N``, column, message): not a CSV, an unknown or
   wrong header, a blank required field, an invalid code or dd/mm/yyyy date.
2. Check (pure, before writing): each child in the header once and every other table's child
   in it with the same DOB; a child's episodes in date order without overlap, each continuing
   episode (REC X1) followed by one starting on its DEC; the periods of care, legal statuses and
   placements rebuilt from the episodes and passed through ``care.episodes.derive_episodes``:
   an episode derivation cannot produce (one that changes nothing) is a problem; RNE, REC or
   another field that derivation would set differently is kept as given with a warning; reviews
   and missing episodes within a period of care, missing episodes not overlapping; one previous
   permanence row per child; an existing child's period of care that the file overlaps but does
   not start on the same day.
3. Write, in one transaction and in bulk: people (an existing LA child ID updates that child),
   periods of care, legal statuses, placements, the episodes as given, reviews, missing
   episodes, UASC, OC2 health checks, convictions and substance misuse (dated 31 March of the
   year, or the day before the period of care ends if earlier), OC3 in-touch / activity /
   accommodation (dated the birthday in the year), adoption milestones, previous permanence,
   parenthood (MOTHER), through the one bulk write path (core.bulk_write): chronology entries
   from the same event constructors the services use, each child's record version moved as
   a service's write moves it; then the children's obligations (timescales.engine.rebuild_for).

An existing child's period of care that starts on the day the file's does is kept as
recorded (Sightline's records are the source): its episodes are not replaced, and reviews and
missing episodes already recorded on the same day are not added again.

OC2's outcomes: CONVICTED 1 is a conviction (refused for a child under 10 that day, the age of
criminal responsibility: DfE rule 542); SUBSTANCE_MISUSE 1 is substance misuse identified, with
INTERVENTION_RECEIVED (required: rule 192) and INTERVENTION_OFFERED (required when RECEIVED is
0: rule 159; blank when RECEIVED is 1, which implies it: rule 158, so 1 is kept with a warning
and 0 is refused); 0 records nothing. An existing child who already has one in the year gets
no other. Intervention items given when SUBSTANCE_MISUSE is not 1 (rule 193) are not imported
(a warning).

sw_episodes: each row is a social worker allocation for the child (started SW_DECOM, ended
SW_DEC or open, reason SW_REASON), to the worker whose Social Work England number is SW_ID, or
one made for it in the team "Imported social workers" (from the earliest SW_DECOM); SW_ID XX (no
registration) is one such worker per child. SW_ID must start with SW or be XX (DfE rule SW02) and
a new worker's must be a registration number; SW_DEC may not be before SW_DECOM. An existing
child's social worker allocation that starts on SW_DECOM is that row (its end and reason are
updated); others are added.

Nothing is removed (decision 0013), and a return's values Sightline already holds add nothing:
a period of care the file shows from an episode Sightline holds is that period; OC2's checks
of a kind the child has in the year and OC3's values Sightline would report are not added
again, so importing the authority's own export changes nothing.

Not stored (listed as a warning): dolo (deprivation of liberty orders are not yet recorded).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from sightline.returns.files import ImportResult, Problem, ReturnFileError
from sightline.returns.ssda903_check import (
    check,
    check_oc2,
    check_sw_episodes,
    match_existing,
    registered_workers,
    year_end_of,
)
from sightline.returns.ssda903_read import read_directory
from sightline.returns.ssda903_write import write

#: Tables a return may carry that Sightline does not record yet: (file, column, why).
NOT_RECORDED = (("dolo.csv", "DOLO_START", "deprivation of liberty orders are not yet recorded"),)


def import_return(
    directory: Path, today: date | None = None, year: int | None = None
) -> ImportResult:
    """Read, check, then write the return in ``directory``; any problem refuses it whole."""
    parsed = read_directory(directory)
    if parsed.problems:
        raise ReturnFileError(parsed.problems)
    plans = check(parsed)
    existing = match_existing(parsed, plans)
    year_end = date(year, 3, 31) if year else year_end_of(parsed.tables)
    check_oc2(parsed, plans, year_end)
    check_sw_episodes(parsed, registered_workers(parsed))
    if parsed.problems:
        raise ReturnFileError(parsed.problems)
    for name, column, why in NOT_RECORDED:
        given = [r for r in parsed.tables[name] if r[column] is not None]
        if given:
            parsed.warnings.append(
                Problem(given[0]["_file"], "", "", f"{len(given)} rows not imported: {why}")
            )
    with transaction.atomic():
        return write(parsed, plans, existing, today or timezone.localdate(), year_end)
