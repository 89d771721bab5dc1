"""The front door's pages (issue 14 item 4, decision 0025): the queue of contacts waiting for a
decision with their wait in working hours, the search for the person before a new contact (near
matches, typed dates, a hidden match that names nobody), recording the contact, and the
decision that opens a referral or early help in the same transaction."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.access.models import AccessProfile, AuditEvent, RestrictedRecord, SearchListing
from sightline.access.roles import Role
from sightline.core.codes import Ethnicity, ReferralSource, Sex
from sightline.frontdoor import queries
from sightline.frontdoor.models import Contact, EarlyHelpEpisode
from sightline.frontdoor.services import receive_contact
from sightline.people.models import Person
from sightline.people.services import register_child
from sightline.protection.models import Referral
from sightline.protection.services import open_referral
from sightline.timescales.models import Obligation
from sightline.web.recording import form_link
from sightline.workforce.models import Team, Worker
from tests.web.factories import TeamFactory, WorkerFactory

LONDON = ZoneInfo("Europe/London")
FRIDAY_4PM = datetime(2026, 12, 4, 16, 0, tzinfo=LONDON)
MONDAY_930 = datetime(2026, 12, 7, 9, 30, tzinfo=LONDON)
TUESDAY_9 = datetime(2026, 12, 8, 9, 0, tzinfo=LONDON)
TODAY = date(2026, 12, 8)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username: str, role: Role, team: Team | None) -> Any:
    user = get_user_model().objects.create_user(username)
    if team is not None:
        WorkerFactory(user=user, team=team, role=role.value)
    AccessProfile.objects.create(user=user, role=role.value)
    return user


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mash(db: None) -> Team:
    return TeamFactory(name="MASH", kind=Team.Kind.FRONT_DOOR)


@pytest.fixture
def front_door(mash: Team) -> Any:
    return _user("fiona.frontdoor", Role.FRONT_DOOR, mash)


@pytest.fixture
def fd(front_door: Any) -> Client:
    return _client(front_door)


def _child(given: str, family: str, born: date, **extra: Any) -> Person:
    return register_child(
        given_name=given,
        family_name=family,
        sex=Sex.MALE,
        ethnicity=Ethnicity.WBRI,
        birth_date=born,
        today=TODAY,
        **extra,
    )


def _contact(child: Person, at: datetime, source: str = ReferralSource.SCHOOLS) -> Contact:
    return receive_contact(
        child=child, received_at=at, source=source, reason="Bruise seen at school", today=TODAY
    )


def _at(moment: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "now", lambda: moment)


def _main(response: Any) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


# --- The queue ------------------------------------------------------------------------------


def test_a_contact_at_four_on_friday_has_waited_one_working_hour_and_is_due_not_overdue_on_monday(
    db: None,
) -> None:
    contact = _contact(_child("Ali", "Hassan", date(2016, 5, 1)), FRIDAY_4PM)
    [row] = queries.waiting([contact], MONDAY_930)
    assert row.waited_seconds == 90 * 60  # 4pm to 5pm on Friday, 9am to 9:30am on Monday
    assert row.waited == "1 working hour"
    assert row.due_on == date(2026, 12, 7)
    assert row.status == "due today"
    [later] = queries.waiting([contact], TUESDAY_9)
    assert later.status == "overdue"
    assert later.waited == "9 working hours"


def test_a_contact_received_on_a_saturday_waits_from_monday_morning(db: None) -> None:
    contact = _contact(
        _child("Ali", "Hassan", date(2016, 5, 1)), datetime(2026, 12, 5, 11, tzinfo=LONDON)
    )
    [row] = queries.waiting([contact], MONDAY_930)
    assert row.waited == "Under 1 working hour"
    assert (row.due_on, row.status) == (date(2026, 12, 7), "due today")


def test_the_queue_page_shows_each_contacts_wait_and_tag_oldest_first(
    fd: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _contact(_child("Ali", "Hassan", date(2016, 5, 1)), FRIDAY_4PM)
    new = _contact(
        _child("Beth", "Jones", date(2018, 2, 2)), datetime(2026, 12, 7, 9, 0, tzinfo=LONDON)
    )
    decided = _contact(_child("Cara", "Lee", date(2017, 3, 3)), FRIDAY_4PM)
    Contact.objects.filter(pk=decided.pk).update(
        decision=Contact.Decision.ADVICE, decided_at=MONDAY_930
    )
    _at(MONDAY_930, monkeypatch)

    response = fd.get(reverse("frontdoor-queue"))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.contact.pk for row in rows] == [old.pk, new.pk]  # decided ones are not waiting
    assert [(row.waited, row.status) for row in rows] == [
        ("1 working hour", "due today"),
        ("Under 1 working hour", "due"),
    ]
    page = _main(response)
    assert "Due today</strong>" in page
    assert "Overdue</strong>" not in page
    assert "2 waiting: 0 overdue, 1 due today." in page
    assert "Cara" not in page
    decide = reverse("record", args=[old.child.la_child_id, "decide-contact"])
    assert f'href="{decide}?contact={old.pk}&amp;back=%2Ffront-door%2F"' in page

    _at(TUESDAY_9, monkeypatch)
    page = _main(fd.get(reverse("frontdoor-queue")))
    assert page.count("Overdue</strong>") == 1
    assert "2 waiting: 1 overdue, 1 due today." in page


def test_the_queue_is_audited_as_a_view_of_each_child_it_lists(
    fd: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact = _contact(_child("Ali", "Hassan", date(2016, 5, 1)), FRIDAY_4PM)
    _at(MONDAY_930, monkeypatch)
    fd.get(reverse("frontdoor-queue"))
    event = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).latest("id")
    assert event.detail["listed"] == [contact.child_id]
    assert list(SearchListing.objects.filter(event=event).values_list("listed_id", flat=True)) == [
        contact.child_id
    ]


def test_the_queue_reads_a_constant_number_of_queries(
    fd: Client, monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: Any
) -> None:
    _at(MONDAY_930, monkeypatch)
    for n in range(3):
        _contact(_child(f"Child{n}", "Queue", date(2016, 5, 1 + n)), FRIDAY_4PM)
    fd.get(reverse("frontdoor-queue"))  # warm the per-process caches
    with django_assert_max_num_queries(20) as few:
        fd.get(reverse("frontdoor-queue"))
    for n in range(3, 13):
        _contact(_child(f"Child{n}", "Queue", date(2016, 5, 1 + n)), FRIDAY_4PM)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = fd.get(reverse("frontdoor-queue"))
    assert len(response.context["rows"]) == 13


def test_the_queue_is_refused_to_a_social_worker(db: None) -> None:
    user = _user("sam", Role.SOCIAL_WORKER, TeamFactory(name="Area", kind=Team.Kind.SAFEGUARDING))
    response = _client(user).get(reverse("frontdoor-queue"))
    assert response.status_code == 403
    assert "This page is for the front door" in response.content.decode()


# --- The search for the person ----------------------------------------------------------------


def _search(client: Client, **terms: str) -> Any:
    return client.get(reverse("frontdoor-search"), terms)


def test_mohammed_finds_mohamed_by_how_the_name_sounds(fd: Client) -> None:
    known = _child("Mohamed", "Khan", date(2015, 4, 3))
    _child("Mohamed", "Khan", date(2016, 4, 3))  # another date of birth: not a match
    response = _search(fd, name="Mohammed Khan", birth_date="3 April 2015")
    matches = response.context["matches"]
    assert [c.pk for c in (*matches.children, *matches.others)] == [known.pk]
    assert "Name sounds alike, same date of birth" in _main(response)


@pytest.mark.parametrize("typed", ["3 April 2015", "03/04/2015", "3/4/2015", "3rd Apr 2015"])
def test_a_date_of_birth_typed_the_ways_people_type_it(fd: Client, typed: str) -> None:
    known = _child("Ellie", "Price", date(2015, 4, 3))
    matches = _search(fd, name="Elly Price", birth_date=typed).context["matches"]
    assert [c.pk for c in matches.others] == [known.pk]


def test_a_date_with_day_and_month_swapped_is_a_possible_match_and_says_so(fd: Client) -> None:
    known = _child("Ellie", "Price", date(2015, 3, 4))
    response = _search(fd, name="Ellie Price", birth_date="03/04/2015")
    assert [c.pk for c in response.context["matches"].others] == [known.pk]
    page = _main(response)
    assert "date of birth with the day and month swapped" in page
    assert "Children born on 4 March 2015 are included too" in page


def test_an_nhs_number_alone_finds_the_child_whatever_the_name(fd: Client) -> None:
    known = _child("Zara", "Ahmed", date(2014, 1, 9), nhs_number="9434765919")
    matches = _search(fd, nhs_number="943 476 5919").context["matches"]
    assert [c.pk for c in matches.others] == [known.pk]


@pytest.mark.parametrize(
    ("terms", "field", "message"),
    [
        ({"name": "Ava Morgan"}, "birth_date", "Enter the child's date of birth as well"),
        ({"birth_date": "3 April 2015"}, "name", "Enter the child's name as well"),
        ({"name": "Ava", "birth_date": "31/02/2015"}, "birth_date", "Enter a real date of birth"),
        ({"name": "Ava", "birth_date": "03/04/15"}, "birth_date", "Enter the year of the date"),
        ({"nhs_number": "1234567890"}, "nhs_number", "Enter a real NHS number"),
    ],
)
def test_a_search_that_cannot_find_anyone_says_what_to_change(
    fd: Client, terms: dict[str, str], field: str, message: str
) -> None:
    response = _search(fd, **terms)
    assert response.context["matches"] is None
    assert response.context["form"].errors[field][0].startswith(message)
    page = _main(response)
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    assert f'value="{next(iter(terms.values()))}"' in page  # keeps what was typed


def test_no_match_offers_to_register_the_child_with_what_was_typed(fd: Client) -> None:
    response = _search(fd, name="Nobody Known", birth_date="3 April 2015")
    page = _main(response)
    assert "No child already recorded matches" in page
    assert "name=Nobody+Known" in response.context["new_child_url"]


def test_a_restricted_record_that_matches_is_only_said_to_exist_and_whom_to_ask(
    fd: Client,
) -> None:
    hidden = _child("Mohamed", "Farah", date(2014, 6, 17), nhs_number="9990001235")
    RestrictedRecord.objects.create(
        child=hidden,
        reason="A staff member's child",
        restricted_at=FRIDAY_4PM,
        restricted_by=get_user_model().objects.create_user("admin"),
    )
    response = _search(fd, name="Mohammed Farah", birth_date="17/06/2014")
    matches = response.context["matches"]
    assert matches.children == matches.others == []
    page = _main(response)
    assert "A possible match exists that you cannot see" in page
    assert "ask the data protection officer" in page
    for secret in ("Farah", hidden.la_child_id, "999 000 1235", "9990001235", "June 2014"):
        assert secret not in page.replace('value="Mohammed Farah"', "")
    assert "Register a new child" not in page
    # The child's own trail says a search matched it; the searcher's listing does not name it.
    assert AuditEvent.objects.filter(
        child=hidden, action=AuditEvent.Action.SEARCH, username="fiona.frontdoor"
    ).exists()
    assert not SearchListing.objects.filter(listed=hidden).exists()


def test_the_same_search_without_a_restricted_match_says_nothing_of_one(fd: Client) -> None:
    _child("Mohamed", "Farah", date(2015, 4, 3))
    page = _main(_search(fd, name="Mohammed Farah", birth_date="03/04/2015"))
    assert "cannot see" not in page


# --- Recording the contact ------------------------------------------------------------------


YESTERDAY = timezone.localdate() - timedelta(days=1)  # the pages' services use the real today


def _contact_post(**extra: str) -> dict[str, str]:
    return {
        "received_on-day": str(YESTERDAY.day),
        "received_on-month": str(YESTERDAY.month),
        "received_on-year": str(YESTERDAY.year),
        "received_time": "9:15am",
        "source": ReferralSource.SCHOOLS,
        "reason": "Said he was hit at home",
        **extra,
    }


def test_the_front_door_records_a_contact_on_a_child_known_before(
    fd: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = _child("Mohamed", "Khan", date(2015, 4, 3))  # no reason yet to open the record
    response = fd.post(reverse("frontdoor-contact", args=[known.la_child_id]), _contact_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("frontdoor-queue")
    contact = Contact.objects.get(child=known)
    assert timezone.localtime(contact.received_at) == timezone.make_aware(
        datetime.combine(YESTERDAY, time(9, 15))
    )
    assert contact.decision == ""
    assert Person.objects.filter(given_name="Mohamed").count() == 1


def test_a_contact_form_with_a_wrong_time_keeps_what_was_typed(fd: Client) -> None:
    known = _child("Mohamed", "Khan", date(2015, 4, 3))
    response = fd.post(
        reverse("frontdoor-contact", args=[known.la_child_id]),
        _contact_post(received_time="25:00"),
    )
    assert response.status_code == 200
    page = _main(response)
    assert "Enter a real time" in page
    assert "Said he was hit at home" in page
    assert not Contact.objects.exists()


def test_a_contact_on_a_restricted_record_is_the_same_404_as_no_child(
    fd: Client, front_door: Any
) -> None:
    hidden = _child("Mohamed", "Farah", date(2015, 4, 3))
    RestrictedRecord.objects.create(
        child=hidden, reason="Sealed", restricted_at=FRIDAY_4PM, restricted_by=front_door
    )
    response = fd.post(reverse("frontdoor-contact", args=[hidden.la_child_id]), _contact_post())
    assert response.status_code == 404
    assert "Farah" not in response.content.decode()
    assert not Contact.objects.exists()


def _new_child_post(**extra: str) -> dict[str, str]:
    return {
        "given_name": "Mohamed",
        "family_name": "Khan",
        "birth_date-day": "3",
        "birth_date-month": "4",
        "birth_date-year": "2015",
        "sex": "M",
        "nhs_number": "",
        "home_postcode": "gl1 2eh",
        **_contact_post(),
        **extra,
    }


def test_registering_a_new_child_records_the_contact_with_them(fd: Client) -> None:
    response = fd.post(reverse("frontdoor-new-child"), _new_child_post())
    assert response.status_code == 302
    child = Person.objects.get(given_name="Mohamed")
    assert (child.given_name_key, child.family_name_key) == ("MHMT", "KHN")
    assert Contact.objects.get().child == child


def test_a_refused_contact_registers_no_child(fd: Client) -> None:
    response = fd.post(
        reverse("frontdoor-new-child"),
        _new_child_post(**{"received_on-year": "2099"}),  # in the future: the service refuses
    )
    assert response.status_code == 200
    assert "There is a problem" in _main(response)
    assert not Person.objects.filter(given_name="Mohamed").exists()
    assert not Contact.objects.exists()


def test_a_child_with_the_same_nhs_number_is_not_registered_twice(fd: Client) -> None:
    _child("Mo", "Khan", date(2015, 4, 3), nhs_number="9434765919")
    response = fd.post(reverse("frontdoor-new-child"), _new_child_post(nhs_number="943 476 5919"))
    assert response.status_code == 200
    assert response.context["form"].errors["nhs_number"] == [
        "A child with this NHS number is already recorded: find them and record the contact "
        "on their record"
    ]
    assert Person.objects.filter(family_name="Khan").count() == 1


# --- The decision ---------------------------------------------------------------------------


def _decide(client: Client, contact: Contact, **data: str) -> Any:
    url = reverse("record", args=[contact.child.la_child_id, "decide-contact"])
    version = client.get(f"{url}?contact={contact.pk}").context["version"]
    return client.post(
        f"{url}?contact={contact.pk}",
        {
            "_version": str(version),
            "threshold": Contact.Threshold.CHILD_IN_NEED,
            "rationale": "Repeated bruising; parents not engaging with school",
            "consent": Contact.Consent.OBTAINED,
            "consent_dispensed_reason": "",
            "decision": Contact.Decision.REFERRAL,
            **data,
        },
    )


@pytest.fixture
def waiting_contact(db: None) -> Contact:
    return _contact(_child("Ali", "Hassan", date(2016, 5, 1)), FRIDAY_4PM)


def test_deciding_a_referral_opens_it_in_the_same_transaction(
    fd: Client, waiting_contact: Contact
) -> None:
    response = _decide(fd, waiting_contact)
    assert response.status_code == 302
    waiting_contact.refresh_from_db()
    assert waiting_contact.decision == Contact.Decision.REFERRAL
    assert waiting_contact.threshold == Contact.Threshold.CHILD_IN_NEED
    assert waiting_contact.decided_by == Worker.objects.get(user__username="fiona.frontdoor")
    referral = Referral.objects.get(child=waiting_contact.child)
    assert referral.contact == waiting_contact
    assert referral.closure_date is None


def test_deciding_early_help_starts_it(fd: Client, waiting_contact: Contact) -> None:
    _decide(
        fd,
        waiting_contact,
        threshold=Contact.Threshold.EARLY_HELP,
        decision=Contact.Decision.EARLY_HELP,
    )
    assert EarlyHelpEpisode.objects.get(child=waiting_contact.child).contact == waiting_contact
    assert not Referral.objects.exists()


def test_a_strategy_discussion_opens_the_referral_for_suspected_significant_harm(
    fd: Client, waiting_contact: Contact
) -> None:
    _decide(
        fd,
        waiting_contact,
        threshold=Contact.Threshold.SIGNIFICANT_HARM,
        decision=Contact.Decision.STRATEGY,
    )
    waiting_contact.refresh_from_db()
    assert waiting_contact.decision == Contact.Decision.STRATEGY
    assert Referral.objects.get(child=waiting_contact.child).contact == waiting_contact


def test_a_strategy_discussion_below_significant_harm_is_refused_on_the_threshold(
    fd: Client, waiting_contact: Contact
) -> None:
    response = _decide(fd, waiting_contact, decision=Contact.Decision.STRATEGY)
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["threshold"][0]
        .startswith("A strategy discussion is for a child suspected")
    )
    assert "Repeated bruising" in _main(response)  # what was typed is kept
    waiting_contact.refresh_from_db()
    assert waiting_contact.decision == ""


def test_a_decision_whose_referral_is_refused_rolls_back_whole(
    fd: Client, waiting_contact: Contact
) -> None:
    open_referral(
        child=waiting_contact.child,
        referral_date=date(2026, 11, 2),
        source=ReferralSource.POLICE,
        today=TODAY,
    )
    response = _decide(fd, waiting_contact)
    assert response.status_code == 200
    assert "the child already has an open referral" in _main(response)
    waiting_contact.refresh_from_db()
    assert (waiting_contact.decision, waiting_contact.decided_at) == ("", None)
    assert Referral.objects.filter(child=waiting_contact.child).count() == 1


def test_a_social_worker_may_not_decide_a_contact(waiting_contact: Contact) -> None:
    area = TeamFactory(name="Area", kind=Team.Kind.SAFEGUARDING)
    user = _user("sam", Role.SOCIAL_WORKER, area)
    url = reverse("record", args=[waiting_contact.child.la_child_id, "decide-contact"])
    assert _client(user).get(url).status_code == 404  # not a child they may open


def test_the_contact_decision_obligation_links_to_the_decision_form(
    waiting_contact: Contact,
) -> None:
    obligation = Obligation.objects.get(child=waiting_contact.child, rule="CONTACT_DECISION")
    link = form_link(obligation, waiting_contact.child.la_child_id)
    url = reverse("record", args=[waiting_contact.child.la_child_id, "decide-contact"])
    assert link == f"{url}?contact={waiting_contact.pk}&for=CONTACT_DECISION"
