"""Writes at the front door: receive a contact (for a child already recorded, or with the new
child's registration in one transaction), decide it, start and end early help."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from sightline.core import rules
from sightline.core.clock import today_or
from sightline.core.codes import PrimaryNeed, ReferralSource, Sex
from sightline.core.events import emit
from sightline.core.writes import service
from sightline.frontdoor import events
from sightline.frontdoor.models import Contact, EarlyHelpEpisode
from sightline.people.identifiers import normalise_nhs_number
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.workforce.models import Worker

R = "Contact"


@service
def receive_contact(
    *,
    child: Person,
    received_at: datetime,
    source: str,
    reason: str = "",
    today: date | None = None,
) -> Contact:
    today = today_or(today)
    rules.require(source in ReferralSource.values, R, "source", f"{source!r} is not a source code")
    rules.not_future(R, "received_at", timezone.localdate(received_at), today)
    rules.require(child.kind == Person.Kind.CHILD, R, "child", "contacts are about children")
    contact = Contact.objects.create(
        child=child, received_at=received_at, source=source, reason=reason
    )
    emit(events.contact_received(contact))
    return contact


@service
def decide_contact(
    *,
    contact: Contact,
    decision: str,
    decided_at: datetime,
    decided_by: Worker | None,
    rationale: str,
    consent: str,
    consent_dispensed_reason: str = "",
    threshold: str = "",
    primary_need: str = PrimaryNeed.N0,
    referral_nfa: bool = False,
    lead_worker: Worker | None = None,
    today: date | None = None,
) -> Contact:
    """Record the threshold decision; a referral (also for a strategy discussion) or early
    help (with its lead worker, when known) starts in the same transaction, and a refusal of
    either undoes the decision too.

    ``threshold`` is the level of need the contact shows (blank only for history recorded
    before it was asked); suspected significant harm and a strategy discussion go together."""
    today = today_or(today)
    rules.require(not contact.decision, R, "decision", "this contact has already been decided")
    rules.require(
        decision in Contact.Decision.values, R, "decision", f"{decision!r} is not a decision"
    )
    rules.not_future(R, "decided_at", timezone.localdate(decided_at), today)
    rules.require(
        decided_at >= contact.received_at,
        R,
        "decided_at",
        "the decision is before the contact was received",
    )
    rules.require(
        bool(rationale.strip()),
        R,
        "threshold_rationale",
        "record why this decision meets the threshold",
    )
    if threshold:
        rules.require(
            threshold in Contact.Threshold.values,
            R,
            "threshold",
            f"{threshold!r} is not a level of need",
        )
        harm = threshold == Contact.Threshold.SIGNIFICANT_HARM
        strategy = decision == Contact.Decision.STRATEGY
        rules.require(
            harm or not strategy,
            R,
            "threshold",
            "a strategy discussion is for a child suspected to be suffering, or likely to "
            "suffer, significant harm: choose that level of need, or another next step",
        )
        rules.require(
            strategy or not harm,
            R,
            "decision",
            "where significant harm is suspected the next step is a strategy discussion",
        )
    rules.require(
        consent in Contact.Consent.values, R, "consent", "say whether parental consent was obtained"
    )
    if consent == Contact.Consent.DISPENSED_WITH:
        rules.require(
            bool(consent_dispensed_reason.strip()),
            R,
            "consent_dispensed_reason",
            "record why consent was dispensed with",
        )
    changed = Contact.objects.filter(pk=contact.pk, decision="").update(
        decision=decision,
        decided_at=decided_at,
        decided_by=decided_by,
        threshold=threshold,
        threshold_rationale=rationale,
        consent=consent,
        consent_dispensed_reason=consent_dispensed_reason,
    )
    rules.require(changed == 1, R, "decision", "this contact was decided by someone else just now")
    # A fresh copy: the caller's object stays as it was if a later step is refused.
    contact = Contact.objects.select_related("child").get(pk=contact.pk)
    emit(events.contact_decided(contact))
    decided_on = timezone.localdate(decided_at)
    if decision in (Contact.Decision.REFERRAL, Contact.Decision.STRATEGY):
        from sightline.protection.services import open_referral

        open_referral(
            child=contact.child,
            referral_date=decided_on,
            source=contact.source,
            primary_need=primary_need,
            contact=contact,
            nfa=referral_nfa,
            today=today,
        )
    elif decision == Contact.Decision.EARLY_HELP:
        start_early_help(
            child=contact.child,
            started_on=decided_on,
            contact=contact,
            lead_worker=lead_worker,
            today=today,
        )
    return contact


@service
def receive_contact_for_new_child(
    *,
    given_name: str,
    family_name: str,
    birth_date: date | None = None,
    expected_birth_date: date | None = None,
    sex: str = Sex.UNKNOWN,
    nhs_number: str = "",
    home_postcode: str = "",
    received_at: datetime,
    source: str,
    reason: str = "",
    today: date | None = None,
) -> Contact:
    """Register a child nobody has recorded yet and receive the contact about them, in one
    transaction: a refused contact leaves no child behind, and a refused child no contact.

    A child with the same NHS number already recorded is refused: the contact belongs on
    their record (decision 0025: a child is never recorded twice)."""
    today = today_or(today)
    nhs = normalise_nhs_number(nhs_number)
    if nhs:
        rules.require(
            not Person.objects.filter(kind=Person.Kind.CHILD, nhs_number=nhs).exists(),
            "Person",
            "nhs_number",
            "a child with this NHS number is already recorded: find them and record the "
            "contact on their record",
        )
    child = register_child(
        given_name=given_name,
        family_name=family_name,
        birth_date=birth_date,
        expected_birth_date=expected_birth_date,
        sex=sex,
        nhs_number=nhs,
        home_postcode=home_postcode,
        today=today,
    )
    return receive_contact(
        child=child, received_at=received_at, source=source, reason=reason, today=today
    )


@service
def start_early_help(
    *,
    child: Person,
    started_on: date,
    contact: Contact | None = None,
    lead_worker: Worker | None = None,
    reason: str = "",
    today: date | None = None,
) -> EarlyHelpEpisode:
    today = today_or(today)
    r = "Early help"
    rules.not_future(r, "started_on", started_on, today)
    rules.require(
        not EarlyHelpEpisode.objects.filter(child=child, ended_on__isnull=True).exists(),
        r,
        "started_on",
        "the child already has early help open",
    )
    episode = EarlyHelpEpisode.objects.create(
        child=child, contact=contact, started_on=started_on, lead_worker=lead_worker, reason=reason
    )
    emit(events.early_help_started(episode))
    return episode


@service
def end_early_help(
    *, episode: EarlyHelpEpisode, ended_on: date, end_reason: str, today: date | None = None
) -> EarlyHelpEpisode:
    today = today_or(today)
    r = "Early help"
    rules.can_end(
        r,
        ended_on,
        started_on=episode.started_on,
        already_ended=episode.ended_on,
        today=today,
        what="early help",
    )
    rules.require(
        end_reason in EarlyHelpEpisode.EndReason.values,
        r,
        "end_reason",
        "choose why early help ended",
    )
    episode.ended_on, episode.end_reason = ended_on, end_reason
    episode.save(update_fields=["ended_on", "end_reason"])
    emit(events.early_help_ended(episode))
    return episode
