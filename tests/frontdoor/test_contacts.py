"""The front door: receiving a contact and the threshold decision that follows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sightline.chronology.models import ChronologyEntry
from sightline.core.codes import PrimaryNeed, ReferralSource
from sightline.frontdoor.models import Contact, EarlyHelpEpisode
from sightline.frontdoor.services import (
    decide_contact,
    receive_contact,
    receive_contact_for_new_child,
)
from sightline.people.models import Person
from sightline.protection.models import Referral
from sightline.protection.services import open_referral
from sightline.workforce.models import Worker

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
RECEIVED = datetime(2026, 11, 2, 9, 15, tzinfo=LONDON)
DECIDED = datetime(2026, 11, 2, 16, 40, tzinfo=LONDON)


@pytest.fixture
def contact(child: Person, today: date) -> Contact:
    return receive_contact(
        child=child,
        received_at=RECEIVED,
        source=ReferralSource.SCHOOLS,
        reason="Bruising noticed by the class teacher",
        today=today,
    )


def decide(contact: Contact, worker: Worker, today: date, **overrides: object) -> Contact:
    arguments: dict[str, object] = {
        "decision": Contact.Decision.REFERRAL,
        "decided_at": DECIDED,
        "decided_by": worker,
        "rationale": "Unexplained injury to a child: meets the threshold for a referral",
        "consent": Contact.Consent.OBTAINED,
        "today": today,
    }
    arguments.update(overrides)
    return decide_contact(contact=contact, **arguments)  # type: ignore[arg-type]


def events_of(child: Person) -> list[str]:
    return list(
        ChronologyEntry.objects.filter(child=child).order_by("id").values_list("event", flat=True)
    )


def test_receiving_a_contact_records_it_in_the_chronology(contact: Contact, child: Person) -> None:
    assert contact.decision == ""
    assert events_of(child) == ["PersonRegistered", "ContactReceived"]


def test_a_contact_received_in_the_future_is_refused(child: Person, today: date, refused) -> None:
    with refused("Contact", "received_at"):
        receive_contact(
            child=child,
            received_at=datetime(2026, 11, 24, 0, 5, tzinfo=LONDON),
            source=ReferralSource.POLICE,
            today=today,
        )


def test_deciding_on_a_referral_opens_it_in_the_same_transaction(
    contact: Contact, child: Person, worker: Worker, today: date
) -> None:
    decide(contact, worker, today, primary_need=PrimaryNeed.N1)

    contact.refresh_from_db()
    assert contact.decision == Contact.Decision.REFERRAL
    assert contact.decided_by == worker
    referral = Referral.objects.get(child=child)
    assert referral.contact == contact
    assert (referral.referral_date, referral.source, referral.primary_need) == (
        date(2026, 11, 2),
        ReferralSource.SCHOOLS,
        PrimaryNeed.N1,
    )
    assert referral.is_open
    assert events_of(child) == [
        "PersonRegistered",
        "ContactReceived",
        "ContactDecided",
        "ReferralOpened",
    ]


def test_deciding_on_early_help_starts_an_episode(
    contact: Contact, child: Person, worker: Worker, today: date
) -> None:
    decide(contact, worker, today, decision=Contact.Decision.EARLY_HELP)

    episode = EarlyHelpEpisode.objects.get(child=child)
    assert (episode.contact, episode.started_on, episode.ended_on) == (
        contact,
        date(2026, 11, 2),
        None,
    )
    assert not Referral.objects.exists()
    assert events_of(child)[-2:] == ["ContactDecided", "EarlyHelpStarted"]


def test_deciding_no_further_action_opens_nothing(
    contact: Contact, child: Person, worker: Worker, today: date
) -> None:
    decide(contact, worker, today, decision=Contact.Decision.NO_FURTHER_ACTION)
    assert not Referral.objects.exists()
    assert not EarlyHelpEpisode.objects.exists()
    assert events_of(child)[-1] == "ContactDecided"


def test_a_decision_before_the_contact_was_received_is_refused(
    contact: Contact, worker: Worker, today: date, refused
) -> None:
    with refused("Contact", "decided_at"):
        decide(contact, worker, today, decided_at=RECEIVED - timedelta(minutes=1))


def test_dispensing_with_consent_without_saying_why_is_refused(
    contact: Contact, worker: Worker, today: date, refused
) -> None:
    with refused("Contact", "consent_dispensed_reason"):
        decide(
            contact,
            worker,
            today,
            consent=Contact.Consent.DISPENSED_WITH,
            consent_dispensed_reason="  ",
        )


def test_dispensing_with_consent_with_a_reason_is_recorded(
    contact: Contact, worker: Worker, today: date
) -> None:
    decide(
        contact,
        worker,
        today,
        consent=Contact.Consent.DISPENSED_WITH,
        consent_dispensed_reason="Asking would place the child at risk of significant harm",
    )
    contact.refresh_from_db()
    assert contact.consent == Contact.Consent.DISPENSED_WITH


def test_a_decision_without_a_threshold_rationale_is_refused(
    contact: Contact, worker: Worker, today: date, refused
) -> None:
    with refused("Contact", "threshold_rationale"):
        decide(contact, worker, today, rationale="   ")


def test_deciding_a_contact_twice_is_refused(
    contact: Contact, worker: Worker, today: date, refused
) -> None:
    decide(contact, worker, today, decision=Contact.Decision.ADVICE)
    fresh = Contact.objects.get(pk=contact.pk)
    with refused("Contact", "decision"):
        decide(fresh, worker, today)


def test_a_decision_refused_inside_open_referral_leaves_the_contact_undecided(
    contact: Contact, child: Person, worker: Worker, today: date, refused
) -> None:
    open_referral(
        child=child, referral_date=date(2026, 10, 20), source=ReferralSource.POLICE, today=today
    )
    with refused("Referral", "referral_date"):
        decide(contact, worker, today)

    undecided = Contact.objects.get(pk=contact.pk)
    assert (undecided.decision, undecided.decided_at, undecided.decided_by) == ("", None, None)
    assert not Referral.objects.filter(contact=undecided).exists()


# --- The level of need, and a contact with the new child's registration (decision 0025) -------


def test_a_strategy_discussion_needs_suspected_significant_harm(
    contact: Contact, worker: Worker, today: date, refused
) -> None:
    with refused("Contact", "threshold"):
        decide(
            contact,
            worker,
            today,
            decision=Contact.Decision.STRATEGY,
            threshold=Contact.Threshold.CHILD_IN_NEED,
        )


def test_suspected_significant_harm_needs_a_strategy_discussion(
    contact: Contact, worker: Worker, today: date, refused
) -> None:
    with refused("Contact", "decision"):
        decide(contact, worker, today, threshold=Contact.Threshold.SIGNIFICANT_HARM)


def test_a_strategy_discussion_opens_the_referral_with_the_decision(
    contact: Contact, child: Person, worker: Worker, today: date
) -> None:
    decide(
        contact,
        worker,
        today,
        decision=Contact.Decision.STRATEGY,
        threshold=Contact.Threshold.SIGNIFICANT_HARM,
    )
    contact.refresh_from_db()
    assert contact.threshold == Contact.Threshold.SIGNIFICANT_HARM
    assert Referral.objects.get(child=child).contact == contact


def test_an_unknown_level_of_need_is_refused(
    contact: Contact, worker: Worker, today: date, refused
) -> None:
    with refused("Contact", "threshold"):
        decide(contact, worker, today, threshold="level 9")


def test_a_new_child_and_their_contact_are_recorded_together(today: date) -> None:
    contact = receive_contact_for_new_child(
        given_name="Mohamed",
        family_name="Khan",
        birth_date=date(2015, 4, 3),
        received_at=RECEIVED,
        source=ReferralSource.POLICE,
        today=today,
    )
    assert contact.child.given_name_key == "MHMT"
    assert events_of(contact.child) == ["PersonRegistered", "ContactReceived"]


def test_a_refused_contact_leaves_no_new_child_behind(db: None, today: date, refused) -> None:
    with refused("Contact", "received_at"):
        receive_contact_for_new_child(
            given_name="Mohamed",
            family_name="Khan",
            birth_date=date(2015, 4, 3),
            received_at=datetime(2026, 11, 24, 9, 0, tzinfo=LONDON),
            source=ReferralSource.POLICE,
            today=today,
        )


def test_a_child_whose_nhs_number_is_recorded_is_not_registered_again(
    child: Person, today: date, refused
) -> None:
    Person.objects.filter(pk=child.pk).update(nhs_number="9434765919")
    with refused("Person", "nhs_number"):
        receive_contact_for_new_child(
            given_name="Ava",
            family_name="Morgan",
            birth_date=date(2019, 4, 12),
            nhs_number="943 476 5919",
            received_at=RECEIVED,
            source=ReferralSource.POLICE,
            today=today,
        )
