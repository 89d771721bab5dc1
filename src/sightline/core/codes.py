"""DfE code lists shared by recording and the returns (DOMAIN.md sections 2.2 and 3.2).

Each is a Django ``TextChoices`` so that models, forms and exports use the same list. Labels
follow the DfE guides' wording.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known or unborn"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability"


class UPNUnknown(models.TextChoices):
    UN1 = "UN1", "Child is not of school age and has not yet been assigned a UPN"
    UN2 = "UN2", "Child has never attended a maintained school in England"
    UN3 = "UN3", "Child is educated outside England"
    UN4 = "UN4", "Child newly looked after; UPN not yet known"
    UN5 = "UN5", "Sources collating UPNs reflect discrepancy"
    UN6 = "UN6", "Child is aged under 6 and has not yet been assigned a UPN"
    UN7 = "UN7", "Referral with no further action"


class ReferralSource(models.TextChoices):
    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance"
    SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "Health: GP"
    HEALTH_VISITOR = "3B", "Health: health visitor"
    SCHOOL_NURSE = "3C", "Health: school nurse"
    PRIMARY_HEALTH_OTHER = "3D", "Health: other primary health services"
    A_AND_E = "3E", "Health: A&E"
    HEALTH_OTHER = "3F", "Health: other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "LA services: social care"
    LA_INTERNAL_OTHER = "5B", "LA services: other internal"
    LA_EXTERNAL = "5C", "LA services: external (another LA)"
    EARLY_HELP = "5D", "LA services: early help"
    POLICE = "6", "Police"
    LEGAL_AGENCY = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    N0 = "N0", "Not stated"
    N1 = "N1", "Abuse, neglect and exploitation"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"


class ClosureReason(models.TextChoices):
    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to another local authority"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Services ceased for any other reason, including no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


CLOSED_AFTER_ASSESSMENT = {ClosureReason.RC8, ClosureReason.RC9}


class AbuseCategory(models.TextChoices):
    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    SEXUAL = "SAB", "Sexual abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    MULTIPLE = "MUL", "Multiple (not recommended)"


class AssessmentFactor(models.TextChoices):
    F1A = "1A", "Alcohol misuse: child"
    F1B = "1B", "Alcohol misuse: parent or carer"
    F1C = "1C", "Alcohol misuse: other person in the household"
    F2A = "2A", "Drug misuse: child"
    F2B = "2B", "Drug misuse: parent or carer"
    F2C = "2C", "Drug misuse: other person in the household"
    F3A = "3A", "Domestic abuse: child"
    F3B = "3B", "Domestic abuse: parent or carer"
    F3C = "3C", "Domestic abuse: other person in the household"
    F4A = "4A", "Mental health: child"
    F4B = "4B", "Mental health: parent or carer"
    F4C = "4C", "Mental health: other person in the household"
    F5A = "5A", "Learning disability: child"
    F5B = "5B", "Learning disability: parent or carer"
    F5C = "5C", "Learning disability: other person in the household"
    F6A = "6A", "Physical disability or illness: child"
    F6B = "6B", "Physical disability or illness: parent or carer"
    F6C = "6C", "Physical disability or illness: other person in the household"
    F7A = "7A", "Young carer"
    F8B = "8B", "Privately fostered: overseas, intending to return"
    F8C = "8C", "Privately fostered: overseas, intending to stay"
    F8D = "8D", "Privately fostered: UK, educational placement"
    F8E = "8E", "Privately fostered: UK, alternative family arrangement"
    F8F = "8F", "Privately fostered: other"
    F9A = "9A", "Unaccompanied asylum-seeking child"
    F10A = "10A", "Going or being missing"
    F11A = "11A", "Child sexual exploitation"
    F12A = "12A", "Trafficking"
    F13A = "13A", "Gangs"
    F14A = "14A", "Socially unacceptable behaviour"
    F15A = "15A", "Self-harm"
    F16A = "16A", "Neglect"
    F17A = "17A", "Emotional abuse"
    F18B = "18B", "Physical abuse: child on child"
    F18C = "18C", "Physical abuse: adult on child"
    F19B = "19B", "Sexual abuse: child on child"
    F19C = "19C", "Sexual abuse: adult on child"
    F20 = "20", "Other"
    F21 = "21", "No factors identified"
    F22A = "22A", "Female genital mutilation"
    F23A = "23A", "Abuse linked to faith or belief"
    F24A = "24A", "Child criminal exploitation"


class SocialWorkerChangeReason(models.TextChoices):
    """SSDA903 SW_REASON: why this social worker episode began."""

    MANAGE = "MANAGE", "Managing caseloads"
    FCONTA = "FCONTA", "First contact or re-referral"
    LEFTRL = "LEFTRL", "Previous social worker left role"
    ORGRST = "ORGRST", "Restructure"
    TSPROC = "TSPROC", "Transfer following standard process"
    ABSENC = "ABSENC", "Absence cover or return"
    CHCHAN = "CHCHAN", "Child requested change"
    PCCHAN = "PCCHAN", "Parent or carer requested change"
    SWDIED = "SWDIED", "Previous social worker died"
    OTHERS = "OTHERS", "Other"


@cache
def _labels(choices: type[models.Choices]) -> dict[Any, str]:
    return {value: str(text) for value, text in choices.choices}


def label(choices: type[models.Choices], value: Any) -> str:
    """A code's label; the same text as ``get_FOO_display`` but a dictionary look-up."""
    return _labels(choices).get(value, str(value))
