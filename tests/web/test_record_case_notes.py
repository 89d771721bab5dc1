"""The record's case notes tab: newest first, ten to a page, searched by words and kind; the
names of people the reader may not know exist withheld, and not findable by a search."""

from __future__ import annotations

import re
from datetime import date

from django.test import Client

from sightline.chronology.models import CaseNote
from sightline.chronology.queries import CaseNoteSearch
from sightline.people.models import Person
from tests.web.factories import CaseNoteFactory, ChildFactory

URL = "/children/GL0001234/case-notes/"


def get(client: Client, **params: str) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def notes(page: str) -> list[str]:
    return re.findall(r'<p class="govuk-body">([^<]*)</p>\s*</div>\s*</div>', page)


def test_case_notes_are_newest_first_with_their_author(signed_in: Client, lily: Person) -> None:
    page = get(signed_in)
    assert notes(page) == ["Newer note", "Older note"]
    assert "Written by Priya Shah" in page
    assert "4 May 2026" in page


def test_case_notes_are_ten_to_a_page(signed_in: Client, db: None) -> None:
    child = ChildFactory()
    for day in range(1, 13):
        CaseNoteFactory(child=child, written_on=date(2026, 3, day), text=f"Note of day {day}.")
    url = f"/children/{child.la_child_id}/case-notes/"
    first = signed_in.get(url).content.decode()
    assert "Note of day 12." in first and "Note of day 3." in first
    assert "Note of day 2." not in first and "Note of day 1." not in first
    second = signed_in.get(url, {"page": "2"}).content.decode()
    assert notes(second) == ["Note of day 2.", "Note of day 1."]


def test_a_search_finds_notes_with_every_word_in_any_case(signed_in: Client, lily: Person) -> None:
    CaseNoteFactory(child=lily, written_on=date(2026, 6, 1), text="Met her TEACHER at school.")
    CaseNoteFactory(child=lily, written_on=date(2026, 6, 2), text="Phoned the school nurse.")
    assert notes(get(signed_in, words="school")) == [
        "Phoned the school nurse.",
        "Met her TEACHER at school.",
    ]
    page = get(signed_in, words="teach  School")
    assert notes(page) == ["Met her TEACHER at school."]
    assert "1 note found" in page
    assert 'value="teach  School"' in page  # the words kept in the box, as typed
    assert "Clear search" in page


def test_a_search_by_kind(signed_in: Client, lily: Person) -> None:
    CaseNoteFactory(
        child=lily,
        written_on=date(2026, 6, 3),
        kind=CaseNote.Kind.CHILDS_WORDS,
        text="I like my new school.",
    )
    page = get(signed_in, kind="childs_words")
    assert notes(page) == ["I like my new school."]
    assert '<option value="childs_words" selected>' in page


def test_a_search_that_finds_nothing_says_so(signed_in: Client, lily: Person) -> None:
    assert "No case notes found." in get(signed_in, words="zebra")


def test_an_unknown_kind_is_a_govuk_error(signed_in: Client, lily: Person) -> None:
    page = get(signed_in, kind="gossip")
    assert '<a href="#id_kind">Choose a kind of note from the list</a>' in page
    assert notes(page) == ["Newer note", "Older note"]


def test_a_word_of_a_withheld_name_finds_nothing(db: None) -> None:
    child = ChildFactory()
    CaseNoteFactory(child=child, text="Alfie talked about Bella.")
    CaseNoteFactory(child=child, text="Alfie was happy.")
    search = CaseNoteSearch(words=("bell",))
    assert search.notes(child.pk).count() == 1
    assert search.notes(child.pk, withheld=["Bella Sealed", "Bella"]).count() == 0
    assert CaseNoteSearch(words=("alfie",)).notes(child.pk, withheld=["Bella"]).count() == 2
