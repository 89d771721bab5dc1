"""The roles Sightline knows, in one documented enum (CONTRACTS.md "Access")."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a signed-in person does; it decides which children they may see.

    Authority-wide roles see every child who is not a restricted record; the front door
    searches all children and sees contacts; everyone else sees the children allocated to them
    or to their team (a manager's team includes the teams below it), and children opened to
    them by break-glass access.
    """

    FRONT_DOOR = "front_door_practitioner"
    SOCIAL_WORKER = "social_worker"
    FAMILY_SUPPORT_WORKER = "family_support_worker"
    PERSONAL_ADVISER = "personal_adviser"
    REVIEWING_OFFICER = "reviewing_officer"  # child protection chair / IRO
    TEAM_MANAGER = "team_manager"
    SERVICE_MANAGER = "service_manager"
    SENIOR_LEADER = "senior_leader"
    PERFORMANCE_ANALYST = "performance_analyst"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    SYSTEM_ADMINISTRATOR = "system_administrator"
    INSPECTOR = "inspector"  # read-only, time-limited (an Ofsted visit)

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.FRONT_DOOR: "Front-door practitioner",
    Role.SOCIAL_WORKER: "Social worker",
    Role.FAMILY_SUPPORT_WORKER: "Family support worker",
    Role.PERSONAL_ADVISER: "Personal adviser",
    Role.REVIEWING_OFFICER: "Child protection chair / IRO",
    Role.TEAM_MANAGER: "Team manager",
    Role.SERVICE_MANAGER: "Service manager",
    Role.SENIOR_LEADER: "Senior leader",
    Role.PERFORMANCE_ANALYST: "Performance analyst",
    Role.DATA_PROTECTION_OFFICER: "Data protection officer",
    Role.SYSTEM_ADMINISTRATOR: "System administrator",
    Role.INSPECTOR: "Inspector (read only, time-limited)",
}

AUTHORITY_WIDE = frozenset(
    {
        Role.SENIOR_LEADER,
        Role.PERFORMANCE_ANALYST,
        Role.DATA_PROTECTION_OFFICER,
        Role.SYSTEM_ADMINISTRATOR,
        Role.INSPECTOR,
    }
)
MANAGERS = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER})
READ_ONLY = frozenset({Role.INSPECTOR, Role.PERFORMANCE_ANALYST})
# Who may open the "who has seen this record" page for a child they can see.
SEES_RECORD_READERS = frozenset({Role.DATA_PROTECTION_OFFICER, *MANAGERS})
BREAK_GLASS_MINUTES = 120

# Who records what on a child's record (decision 0020). Reading is not writing: the
# authority-wide roles read everything and record nothing on a child's record.
# Everyone who works with the child writes case notes.
CASE_WORKERS = frozenset(
    {
        Role.FRONT_DOOR,
        Role.SOCIAL_WORKER,
        Role.FAMILY_SUPPORT_WORKER,
        Role.PERSONAL_ADVISER,
        Role.REVIEWING_OFFICER,
        *MANAGERS,
    }
)
# Visits: the practitioners who visit (social workers, family support workers on child in need
# work, personal advisers' contacts) and their managers.
VISITORS = frozenset(
    {Role.SOCIAL_WORKER, Role.FAMILY_SUPPORT_WORKER, Role.PERSONAL_ADVISER, *MANAGERS}
)
# The social work steps of the journey (referral, assessment, enquiry, plans, meetings).
SOCIAL_WORK = frozenset({Role.SOCIAL_WORKER, *MANAGERS})
# A manager's decision: authorising an assessment, closing an episode.
MANAGEMENT = MANAGERS
# Chairing: conferences' decisions, reviews (child protection chairs and IROs), or a manager.
CHAIRING = frozenset({Role.REVIEWING_OFFICER, *MANAGERS})
# The front door's decisions on contacts.
FRONT_DOOR_DECISIONS = frozenset({Role.FRONT_DOOR, *MANAGERS})
# Leaving care (decision 0029): the personal adviser, the social worker (a pathway plan starts
# while the young person is looked after) and their managers.
LEAVING_CARE_WORK = frozenset({Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, *MANAGERS})
