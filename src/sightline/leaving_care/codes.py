"""Leaving care code lists.

OC3 (care leavers) codes are the SSDA903 2025-26 lists (shared/reference/ssda903/
903_codelists_lac2025_26.txt, rules 131-133; DOMAIN.md 2.2). The homeless, NEET and support
lists are Sightline's own: they record practice the 2025 inspection asked to improve and are
not part of any DfE return.
"""

from __future__ import annotations

from django.db import models


class InTouchCode(models.TextChoices):
    """OC3 IN_TOUCH (rule 131)."""

    YES = "YES", "In touch"
    NO = "NO", "Not in touch"
    DIED = "DIED", "Died"
    REFU = "REFU", "Refuses contact"
    NREQ = "NREQ", "No longer requires services"
    RHOM = "RHOM", "Returned home to parents or others with parental responsibility"


class ActivityCode(models.TextChoices):
    """OC3 ACTIV (rule 132). F = full-time, P = part-time.

    EET (in education, employment or training): F1/P1, F2/P2, F4/P4, F5/P5.
    NEET (not in education, employment or training): G4, G5, G6.
    0: neither; the DfE's meaning of ``0`` (no information / not in touch) is [U] (DOMAIN.md
    2.2), so it counts as unknown, never as EET or NEET. F3/P3 are superseded and not offered.
    """

    F1 = "F1", "Full-time in higher education"
    P1 = "P1", "Part-time in higher education"
    F2 = "F2", "Full-time in education other than higher education"
    P2 = "P2", "Part-time in education other than higher education"
    F4 = "F4", "Full-time apprenticeship"
    P4 = "P4", "Part-time apprenticeship"
    F5 = "F5", "Full-time in training or employment (not apprenticeship)"
    P5 = "P5", "Part-time in training or employment (not apprenticeship)"
    G4 = "G4", "Not in education, employment or training: illness or disability"
    G5 = "G5", "Not in education, employment or training: other reasons"
    G6 = "G6", "Not in education, employment or training: pregnancy or parenting"
    NONE = "0", "No information"


EET = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"})
NEET = frozenset({"G4", "G5", "G6"})


class AccommodationCode(models.TextChoices):
    """OC3 ACCOM (rule 133): a letter for the kind of accommodation and a digit for whether it
    is suitable (1 suitable, 2 unsuitable: DfE SSDA903 guide). S (no fixed abode) and X
    (custody) exist only as unsuitable (S2, X2). Z (with former foster carers) is for 18+.
    ``0``: no information [U], so suitability unknown."""

    B1 = "B1", "With parents or relatives: suitable"
    B2 = "B2", "With parents or relatives: unsuitable"
    C1 = "C1", "Community home or other residential care: suitable"
    C2 = "C2", "Community home or other residential care: unsuitable"
    D1 = "D1", "Semi-independent, transitional accommodation: suitable"
    D2 = "D2", "Semi-independent, transitional accommodation: unsuitable"
    E1 = "E1", "Supported lodgings: suitable"
    E2 = "E2", "Supported lodgings: unsuitable"
    G1 = "G1", "Gone abroad: suitable"
    G2 = "G2", "Gone abroad: unsuitable"
    H1 = "H1", "Deported: suitable"
    H2 = "H2", "Deported: unsuitable"
    K1 = "K1", "Ordinary lodgings, without formal support: suitable"
    K2 = "K2", "Ordinary lodgings, without formal support: unsuitable"
    R1 = "R1", "Residence not known: suitable"
    R2 = "R2", "Residence not known: unsuitable"
    S2 = "S2", "No fixed abode or homeless: unsuitable"
    T1 = "T1", "Foyers and similar supported accommodation: suitable"
    T2 = "T2", "Foyers and similar supported accommodation: unsuitable"
    U1 = "U1", "Independent living: suitable"
    U2 = "U2", "Independent living: unsuitable"
    V1 = "V1", "Emergency accommodation: suitable"
    V2 = "V2", "Emergency accommodation: unsuitable"
    W1 = "W1", "Bed and breakfast: suitable"
    W2 = "W2", "Bed and breakfast: unsuitable"
    X2 = "X2", "In custody: unsuitable"
    Y1 = "Y1", "Other accommodation: suitable"
    Y2 = "Y2", "Other accommodation: unsuitable"
    Z1 = "Z1", "With former foster carers (18+): suitable"
    Z2 = "Z2", "With former foster carers (18+): unsuitable"
    NONE = "0", "No information"


def accommodation_suitable(code: str) -> bool | None:
    """Suitability from the code's digit: 1 suitable, 2 unsuitable, ``0`` unknown (None)."""
    return {"1": True, "2": False}.get(code[-1:]) if code != "0" else None


FORMER_FOSTER_CARERS = frozenset({"Z1", "Z2"})


class HomelessOutcome(models.TextChoices):
    """What the joint assessment of a homeless 16/17-year-old led to (R (G) v Southwark)."""

    ACCOMMODATED_S20 = "accommodated_s20", "Accommodated under section 20 (looked after)"
    SUPPORTED_S17 = "supported_s17", "Supported as a child in need under section 17"
    OTHER = "other", "Other (returned home, housing duty, no service needed)"


class NEETBarrierCode(models.TextChoices):
    MENTAL_HEALTH = "mental_health", "Mental health"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    CARING = "caring", "Caring or parenting responsibilities"
    HOUSING = "housing", "Housing instability"
    SKILLS = "skills", "Skills or qualifications"
    CONFIDENCE = "confidence", "Confidence or motivation"
    DISABILITY = "disability", "Disability or special educational needs"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
    JUSTICE = "justice", "Involvement with the justice system"
    IMMIGRATION = "immigration", "Immigration status"
    OTHER = "other", "Other"


class NEETOfferKind(models.TextChoices):
    PROGRAMME = "programme", "Programme referral"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    COLLEGE = "college", "College course"
    EMPLOYMENT_SUPPORT = "employment_support", "Employment support"
    OTHER = "other", "Other"


class NEETOfferOutcome(models.TextChoices):
    PENDING = "pending", "Pending"
    TAKEN_UP = "taken_up", "Taken up"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"
    DROPPED_OUT = "dropped_out", "Dropped out"


# An offer's outcome moves forward only: pending -> taken up or declined; taken up -> completed
# or dropped out. "Taken up" in the traction figures counts every offer the young person started.
NEXT_OUTCOMES: dict[str, frozenset[str]] = {
    NEETOfferOutcome.PENDING: frozenset({NEETOfferOutcome.TAKEN_UP, NEETOfferOutcome.DECLINED}),
    NEETOfferOutcome.TAKEN_UP: frozenset(
        {NEETOfferOutcome.COMPLETED, NEETOfferOutcome.DROPPED_OUT}
    ),
}
STARTED = frozenset(
    {NEETOfferOutcome.TAKEN_UP, NEETOfferOutcome.COMPLETED, NEETOfferOutcome.DROPPED_OUT}
)


class SupportTo25Outcome(models.TextChoices):
    PENDING = "pending", "Pending"
    AGREED = "agreed", "Personal adviser support agreed"
    DECLINED = "declined", "Not agreed"
    WITHDRAWN = "withdrawn", "Withdrawn by the young person"
