"""Every kind of chronology entry has plain words (chronology/labels.py)."""

from __future__ import annotations

from sightline.chronology.labels import EVENT_LABELS, MEETINGS, event_label
from sightline.core.events import EventName


def test_every_registered_event_has_a_plain_label() -> None:
    missing = sorted(str(name) for name in EventName if name not in EVENT_LABELS)
    assert missing == [], f"add a label to chronology/labels.py for: {missing}"


def test_labels_are_sentences_not_class_names() -> None:
    for name, text in EVENT_LABELS.items():
        assert text and text[0].isupper(), name
        assert text != str(name), name
        assert " " in text or text.isalpha(), name


def test_the_label_of_an_event_is_its_plain_words() -> None:
    assert event_label("NEETBarrierRecorded") == "Barrier to education, training or work"
    assert event_label("StrategyDiscussionHeld") == "Strategy discussion held"


def test_an_unknown_kind_is_split_into_words_keeping_capitals_together() -> None:
    assert event_label("NEETThingHappened") == "NEET thing happened"
    assert event_label("Section48Review") == "Section 48 review"
    assert event_label("") == ""


def test_meetings_are_registered_events() -> None:
    assert {str(name) for name in EventName} >= MEETINGS
