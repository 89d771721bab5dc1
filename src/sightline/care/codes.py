"""SSDA903 code lists for care (2025-26: shared/reference/ssda903/903_codelists_lac2025_26.txt)."""

from __future__ import annotations

from django.db import models


class LegalStatusCode(models.TextChoices):
    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    V2 = "V2", "Single period of accommodation under section 20"
    V3 = "V3", "Accommodated under an agreed series of short-term breaks, individual episodes"
    V4 = "V4", "Accommodated under an agreed series of short-term breaks, agreements"
    L1 = "L1", "Under police protection and in local authority accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Child assessment order and in local authority accommodation"
    J1 = "J1", "Remanded to local authority accommodation or youth detention accommodation"
    J2 = "J2", "Placed in local authority accommodation under PACE 1984"
    J3 = "J3", "Youth rehabilitation order with residence or intensive fostering requirement"


SHORT_BREAKS = frozenset({LegalStatusCode.V3, LegalStatusCode.V4})


class CategoryOfNeed(models.TextChoices):
    N1 = "N1", "Abuse, neglect and exploitation"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"


class PlacementType(models.TextChoices):
    """PLACE for 2025-26 (rule 146): Z1 became Z11-Z14; H5 and P2 ended in 2024-25."""

    A3 = "A3", "Placed for adoption with consent, with current foster carer"
    A4 = "A4", "Placed for adoption with consent, not with current foster carer"
    A5 = "A5", "Placed for adoption with placement order, with current foster carer"
    A6 = "A6", "Placed for adoption with placement order, not with current foster carer"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home"
    K3 = "K3", "Supported accommodation"
    P1 = "P1", "Placed with own parent or person with parental responsibility"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS or health trust establishment"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution"
    S1 = "S1", "Residential school"
    T0 = "T0", "Temporary move of any kind"
    T1 = "T1", "Temporary period in hospital"
    T2 = "T2", "Temporary absence on holiday"
    T3 = "T3", "Temporary accommodation while foster carer on holiday"
    T4 = "T4", "Temporary accommodation of 7 days or less"
    U1 = "U1", "Foster placement with relative or friend, long term"
    U2 = "U2", "Foster placement with relative or friend who is an approved adopter"
    U3 = "U3", "Foster placement with relative or friend, not long term"
    U4 = "U4", "Foster placement with other carer, long term"
    U5 = "U5", "Foster placement with other carer who is an approved adopter"
    U6 = "U6", "Foster placement with other carer, not long term"
    Z11 = "Z11", "Other placement (Z11)"
    Z12 = "Z12", "Other placement (Z12)"
    Z13 = "Z13", "Other placement (Z13)"
    Z14 = "Z14", "Other placement (Z14)"


NO_PROVIDER = frozenset({"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"})  # rule 178


class PlacementProvider(models.TextChoices):
    PR0 = "PR0", "Parent or person with parental responsibility"
    PR1 = "PR1", "Own local authority provision"
    PR2 = "PR2", "Other local authority provision"
    PR3 = "PR3", "Other public provision"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary or third sector provision"


class ReasonCeased(models.TextChoices):
    """REC values a worker records as a decision (X1 is derived, never recorded)."""

    E11 = "E11", "Adopted: application unopposed"
    E12 = "E12", "Adopted: consent dispensed with"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another local authority"
    E4A = "E4A", "Returned home to parent or relative with parental responsibility, planned"
    E4B = "E4B", "Returned home, not part of the care plan"
    E13 = "E13", "Left care to live with parent, relative or other without parental responsibility"
    E41 = "E41", "Child arrangements order"
    E45 = "E45", "Special guardianship order: former foster carer, relative or friend"
    E46 = "E46", "Special guardianship order: former foster carer, not relative or friend"
    E47 = "E47", "Special guardianship order: carer, not former foster carer, relative or friend"
    E48 = "E48", "Special guardianship order: other carer"
    E5 = "E5", "Independent living with supportive accommodation"
    E6 = "E6", "Independent living with no formalised support"
    E7 = "E7", "Transferred to residential care funded by adult social care"
    E9 = "E9", "Sentenced to custody"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment determined the child is 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = "E17", "Aged 18 or over and remained with current carers"
    E8 = "E8", "Care ceased for any other reason"


class ReasonPlacementChanged(models.TextChoices):
    CARPL = "CARPL", "Change to or implementation of the care plan"
    CLOSE = "CLOSE", "Resignation or closure of provision"
    ALLEG = "ALLEG", "Allegation (section 47)"
    STAND = "STAND", "Standards of care concern"
    APPRR = "APPRR", "Approval removed"
    CREQB = "CREQB", "Carer requests end due to child's behaviour"
    CREQO = "CREQO", "Carer requests end for other reasons"
    CHILD = "CHILD", "Child requests the placement ends"
    LAREQ = "LAREQ", "Responsible or area authority requests the placement ends"
    PLACE = "PLACE", "Change in the status of the placement only"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


class ReviewParticipation(models.TextChoices):
    PN0 = "PN0", "Child aged under 4 at the time of the review"
    PN1 = "PN1", "Child physically attended and spoke for themselves"
    PN2 = "PN2", "Child physically attended; an advocate spoke for them"
    PN3 = "PN3", "Child attended and conveyed their views by other means"
    PN4 = "PN4", "Child attended but did not convey their views"
    PN5 = "PN5", "Child did not attend; an advocate spoke for them"
    PN6 = "PN6", "Child did not attend but conveyed their views by other means"
    PN7 = "PN7", "Child did not attend or convey their views"


# --- In care: health, missing, permanence, settings (issue: children in care additions) ------


class HealthCheckKind(models.TextChoices):
    """What a recorded health check was (OC2 HEALTH_CHECK, TEETH_CHECK, IMMUNISATIONS,
    HEALTH_ASSESSMENT and SDQ_SCORE/SDQ_REASON are derived from these)."""

    INITIAL = "initial", "Initial health assessment"
    REVIEW = "review", "Review health assessment"
    DENTAL = "dental", "Dental check"
    IMMUNISATIONS = "immunisations", "Immunisations up to date"
    SDQ = "sdq", "Strengths and Difficulties Questionnaire"


SDQ_MAX_SCORE = 40


class SDQReason(models.TextChoices):
    """OC2.SDQ_REASON (rule 196)."""

    SDQ1 = "SDQ1", "No form returned: child under 4 or over 16 on the date of the assessment"
    SDQ2 = "SDQ2", "No form returned: carer refused to complete and return the questionnaire"
    SDQ3 = "SDQ3", "No form returned: not possible owing to the severity of the disability"
    SDQ4 = "SDQ4", "No form returned: other"
    SDQ5 = "SDQ5", "No form returned: young person refused to complete the questionnaire"


class MissingKind(models.TextChoices):
    """Missing.MISSING (rule 1006)."""

    MISSING = "M", "Missing (whereabouts unknown)"
    AWAY = "A", "Away from placement without authorisation (whereabouts known)"


class ReasonPlacedCeased(models.TextChoices):
    """PlacedAdoption.REASON_PLACED_CEASED (rule 120)."""

    RD1 = "RD1", "The child's needs changed"
    RD2 = "RD2", "The court did not make a placement order"
    RD3 = "RD3", "Prospective adopters could not be found"
    RD4 = "RD4", "Any other reason"


class AdopterSex(models.TextChoices):
    """AD1.SEX_ADOPTR (rule 176)."""

    M1 = "M1", "Single male adopter"
    F1 = "F1", "Single female adopter"
    MM = "MM", "Male couple"
    FF = "FF", "Female couple"
    MF = "MF", "Male and female couple"


SINGLE_ADOPTER = frozenset({AdopterSex.M1, AdopterSex.F1})


class AdopterLegalStatus(models.TextChoices):
    """AD1.LS_ADOPTR (rule 177)."""

    L0 = "L0", "Single adopter"
    L11 = "L11", "Couple: different-gender married"
    L12 = "L12", "Couple: same-gender married"
    L2 = "L2", "Couple: civil partners"
    L3 = "L3", "Couple: different-gender, not married or civil partners"
    L4 = "L4", "Couple: same-gender, not married or civil partners"


DIFFERENT_GENDER_ONLY = frozenset({AdopterLegalStatus.L11, AdopterLegalStatus.L3})
SAME_GENDER_ONLY = frozenset({AdopterLegalStatus.L12, AdopterLegalStatus.L4})


class PreviousPermanenceKind(models.TextChoices):
    """PrevPerm.PREV_PERM (rule 631)."""

    P1 = "P1", "Adoption"
    P2 = "P2", "Special guardianship order"
    P3 = "P3", "Residence order or child arrangements order"
    P4 = "P4", "Previous permanence order, type not known"
    Z1 = "Z1", "No previous permanence option (or not known)"


class ResidentialSettingKind(models.TextChoices):
    CHILDRENS_HOME = "childrens_home", "Children's home"
    SUPPORTED_ACCOMMODATION = "supported_accommodation", "Supported accommodation"
    OTHER = "other", "Other setting"


REGISTERED_PLACEMENT_TYPES = frozenset(
    {PlacementType.K1, PlacementType.K2, PlacementType.K3}
)  # settings Ofsted registers by definition: an unregistered one is never recorded as these
