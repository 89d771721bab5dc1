"""Leaving care (issue 15, item 2; decision 0029): the personal adviser, the pathway plan and its
reviews, keeping in touch, accommodation, activity and support into education, employment or
training, staying put, the homeless 16/17-year-old's joint assessment, essential documents,
support to 25, custody and parenthood.

Every page calls one of the services ``leaving_care.services`` already has (or the visit service
for a personal adviser's contact) and adds no rule: whether the young person is a care leaver,
and of which kind, is the service's question; the page only says the answer above its fields
(``acting_on``) so a worker learns it before typing. The forms that meet an obligation
(personal adviser allocated, pathway plan, its review, the adviser's contact) say so with
``meets`` and open prefilled from the obligation's link.
"""

from __future__ import annotations

from typing import Any

from django import forms

from sightline.access.policy import viewer_for
from sightline.access.roles import LEAVING_CARE_WORK, MANAGEMENT, SOCIAL_WORK, Role
from sightline.core.calendar import working_days_between
from sightline.core.errors import JourneyError
from sightline.leaving_care import services as leaving_care
from sightline.leaving_care.codes import (
    AccommodationCode,
    ActivityCode,
    HomelessOutcome,
    InTouchCode,
    NEETBarrierCode,
    NEETOfferKind,
    NEETOfferOutcome,
)
from sightline.leaving_care.eligibility import CarePeriod
from sightline.leaving_care.models import (
    Custody,
    EssentialDocuments,
    HomelessPresentation,
    NEETOffer,
    PathwayPlan,
    StayingPut,
)
from sightline.leaving_care.queries import counted_periods, eligibility_for
from sightline.protection.models import Visit
from sightline.protection.services import record_visit
from sightline.timescales.catalogue import became_eligible_on, catalogue
from sightline.web.forms import DateField
from sightline.web.queries import ELIGIBILITY_WORDS
from sightline.web.recording import (
    Recording,
    RecordingForm,
    UseCase,
    YesNoField,
    described,
    register,
)
from sightline.web.templatetags.sightline_web import govuk_date
from sightline.workforce.models import Allocation, Worker

CAPTION = "Leaving care"
EXAMPLE = "For example, 6 12 2026"


def _date(label: str, required: str | None = None, help_text: str = EXAMPLE) -> DateField:
    return DateField(
        label=label,
        help_text=help_text,
        required=required is not None,
        error_messages={"required": required} if required else {},
    )


def _radios(label: str, choices: Any, required: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


def category_in_words(r: Recording) -> str:
    """The young person's care leaver category today, in words; not a care leaver: the reason,
    as the services give it, so the page says before saving what saving would say."""
    category = eligibility_for(r.child, r.today)
    if category is None:
        raise JourneyError(CAPTION, "__all__", f"{r.child.full_name} is not a care leaver today")
    return f"{r.child.full_name}: {ELIGIBILITY_WORDS[category].lower()}"


# --- Personal adviser -------------------------------------------------------------------------


def eligible_since(r: Recording) -> str:
    """When the young person became an eligible child and how long ago in working days, against
    the local standard for allocating a personal adviser (the catalogue's PA_ALLOCATION: its
    configured timescale and its basis)."""
    rule = catalogue()["PA_ALLOCATION"]
    standard = f"The local standard is a personal adviser within {rule.offset} ({rule.basis})."
    birth = r.child.birth_date
    periods = [
        CarePeriod(start, end)
        for start, end in counted_periods(r.today)
        .filter(child=r.child)
        .values_list("started_on", "ended_on")
    ]
    eligible = became_eligible_on(birth, periods) if birth is not None else None
    if eligible is None or eligible > r.today:
        return f"{r.child.full_name} has not become an eligible child. {standard}"
    days = working_days_between(eligible, r.today)
    late = " (later than the standard)" if r.today > rule.offset.due(eligible) else ""
    return (
        f"Became an eligible child on {govuk_date(eligible)}: {days} working "
        f"{'day' if days == 1 else 'days'} ago{late}. {standard}"
    )


class PersonalAdviserForm(RecordingForm):
    worker = forms.ChoiceField(
        label="Personal adviser",
        choices=[],
        error_messages={
            "required": "Choose the personal adviser",
            "invalid_choice": "Choose a personal adviser from your teams",
        },
    )
    started_on = _date("Date the personal adviser is allocated", "Enter the date of allocation")
    on_request = YesNoField(
        label="Has the young person asked for a personal adviser?",
        required_message="Say whether the young person asked for a personal adviser",
        required=False,
        help_text="Only a qualifying care leaver has one on request.",
    )
    field_for_error = {"on": "started_on", "child": "__all__"}

    def prepare(self, r: Recording) -> None:
        teams = viewer_for(r.user).team_ids
        advisers = (
            Worker.objects.filter(team_id__in=teams, role=Role.PERSONAL_ADVISER.value)
            .exclude(left_on__lt=r.today)
            .select_related("team")
            .order_by("family_name", "given_name", "pk")
        )
        field = self.fields["worker"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a personal adviser")] + [
            (str(w.pk), f"{w.full_name} ({w.team.name})") for w in advisers
        ]
        current = (
            Allocation.objects.filter(
                child=r.child, kind=Allocation.Kind.PERSONAL_ADVISER, ended_on__isnull=True
            )
            .select_related("worker")
            .first()
        )
        field.help_text = (
            f"Allocated now: {current.worker.full_name}. That allocation ends on the day the new "
            "one starts."
            if current
            else "The young person has no personal adviser now."
        )


def _allocate(r: Recording, data: dict[str, Any]) -> object:
    return leaving_care.allocate_personal_adviser(
        child=r.child,
        worker=Worker.objects.get(pk=int(data["worker"])),
        on=data["started_on"],
        on_request=bool(data.get("on_request")),
        today=r.today,
    )


PERSONAL_ADVISER = register(
    UseCase(
        name="personal-adviser",
        title="Allocate a personal adviser",
        caption=CAPTION,
        form=PersonalAdviserForm,
        save=_allocate,
        roles=MANAGEMENT,
        done="Personal adviser allocated",
        changes=True,  # ends the current adviser's allocation
        meets=frozenset({"PA_ALLOCATION"}),
        initial=lambda r: {"started_on": r.today},
        acting_on=eligible_since,
    )
)


# --- Pathway plan and its reviews -------------------------------------------------------------


class PathwayPlanForm(RecordingForm):
    started_on = _date("Date the pathway plan started", "Enter the date the pathway plan started")
    field_for_error = {"child": "__all__"}


PATHWAY_PLAN = register(
    UseCase(
        name="pathway-plan",
        title="Start the pathway plan",
        caption=CAPTION,
        form=PathwayPlanForm,
        save=lambda r, data: leaving_care.start_pathway_plan(
            child=r.child, started_on=data["started_on"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Pathway plan started",
        meets=frozenset({"PATHWAY_PLAN"}),
        initial=lambda r: {"started_on": r.today},
        acting_on=category_in_words,
    )
)


def pathway_plan(r: Recording) -> PathwayPlan:
    found = PathwayPlan.objects.filter(child=r.child)
    plan = found.filter(pk=r.subject_id).first() if r.subject_id else found.first()
    if plan is None:
        raise JourneyError("Pathway plan", "__all__", "the young person has no pathway plan")
    return plan


def _plan_in_words(r: Recording) -> str:
    plan = pathway_plan(r)
    last = plan.reviews.order_by("-reviewed_on").values_list("reviewed_on", flat=True).first()
    return described(
        "Pathway plan started",
        plan.started_on,
        f"last reviewed {govuk_date(last)}" if last else "not reviewed yet",
    )


class PathwayPlanReviewForm(RecordingForm):
    reviewed_on = _date("Date of the review", "Enter the date of the review")
    field_for_error = {"plan": "__all__"}


PATHWAY_PLAN_REVIEW = register(
    UseCase(
        name="pathway-plan-review",
        title="Review the pathway plan",
        caption=CAPTION,
        form=PathwayPlanReviewForm,
        save=lambda r, data: leaving_care.review_pathway_plan(
            plan=pathway_plan(r), reviewed_on=data["reviewed_on"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Pathway plan review recorded",
        meets=frozenset({"PATHWAY_PLAN_REVIEW"}),
        subject="plan",
        initial=lambda r: {"reviewed_on": r.today},
        acting_on=_plan_in_words,
    )
)


# --- Keeping in touch -------------------------------------------------------------------------


class KeepingInTouchForm(RecordingForm):
    contacted_on = _date("Date of the contact", "Enter the date of the contact")
    child_seen = YesNoField(
        label="Did you see the young person?",
        required_message="Say whether you saw the young person",
    )
    seen_alone = YesNoField(
        label="Did you see them on their own?",
        required_message="Say whether you saw them on their own",
        required=False,
    )
    note = forms.CharField(
        label="What the young person said, and what you agreed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    field_for_error = {"visited_on": "contacted_on", "worker": "__all__"}


def _keep_in_touch(r: Recording, data: dict[str, Any]) -> object:
    return record_visit(
        child=r.child,
        purpose=Visit.Purpose.PERSONAL_ADVISER,
        visited_on=data["contacted_on"],
        worker=r.worker,
        child_seen=data["child_seen"],
        seen_alone=bool(data.get("seen_alone")),
        note=data["note"],
        today=r.today,
    )


def _last_contact(r: Recording) -> str:
    last = (
        Visit.objects.filter(
            child=r.child, purpose=Visit.Purpose.PERSONAL_ADVISER, struck_out=False
        )
        .order_by("-visited_on")
        .values_list("visited_on", flat=True)
        .first()
    )
    rule = catalogue()["CARE_LEAVER_CONTACT"]
    since = f"Last contact {govuk_date(last)}" if last else "No contact recorded yet"
    return f"{since}. The local standard is a contact at least every {rule.offset}."


KEEPING_IN_TOUCH = register(
    UseCase(
        name="keeping-in-touch",
        title="Record a contact with the young person",
        caption=CAPTION,
        form=KeepingInTouchForm,
        save=_keep_in_touch,
        roles=LEAVING_CARE_WORK,
        done="Contact recorded",
        meets=frozenset({"CARE_LEAVER_CONTACT"}),
        initial=lambda r: {"contacted_on": r.today},
        acting_on=_last_contact,
    )
)


class InTouchForm(RecordingForm):
    recorded_on = _date("Date", "Enter the date")
    in_touch = _radios(
        "Is the authority in touch with the young person?",
        InTouchCode.choices,
        "Choose whether the authority is in touch",
    )
    field_for_error = {"child": "__all__"}


IN_TOUCH = register(
    UseCase(
        name="in-touch",
        title="Record whether you are in touch",
        caption=CAPTION,
        form=InTouchForm,
        save=lambda r, data: leaving_care.record_in_touch(
            child=r.child,
            recorded_on=data["recorded_on"],
            in_touch=data["in_touch"],
            today=r.today,
        ),
        roles=LEAVING_CARE_WORK,
        done="In touch recorded",
        initial=lambda r: {"recorded_on": r.today},
        acting_on=category_in_words,
    )
)


# --- Accommodation ----------------------------------------------------------------------------

# The kinds of accommodation, in words: the OC3 code's letter (its digit is suitability).
ACCOMMODATION_KINDS: list[tuple[str, str]] = []
for _code, _words in AccommodationCode.choices:
    if _code != AccommodationCode.NONE and (_code[0], _words.rsplit(":", 1)[0]) not in (
        ACCOMMODATION_KINDS
    ):
        ACCOMMODATION_KINDS.append((_code[0], _words.rsplit(":", 1)[0]))


class AccommodationForm(RecordingForm):
    from_date = _date("Living there from", "Enter the date they have lived there from")
    kind = _radios(
        "Where does the young person live?",
        ACCOMMODATION_KINDS,
        "Choose where the young person lives",
    )
    suitable = YesNoField(
        label="Is the accommodation suitable?",
        required_message="Say whether the accommodation is suitable",
    )
    field_for_error = {"code": "kind", "child": "__all__"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, suitable = data.get("kind"), data.get("suitable")
        if kind and suitable is not None:
            code = f"{kind}{'1' if suitable else '2'}"
            if code not in AccommodationCode.values:
                # The OC3 list has this kind only one way (no fixed abode, custody: unsuitable).
                self.add_error("suitable", f"{dict(ACCOMMODATION_KINDS)[kind]} is never suitable")
            data["code"] = code
        return data


ACCOMMODATION = register(
    UseCase(
        name="accommodation",
        title="Record accommodation",
        caption=CAPTION,
        form=AccommodationForm,
        save=lambda r, data: leaving_care.record_accommodation(
            child=r.child, from_date=data["from_date"], code=data["code"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Accommodation recorded",
        initial=lambda r: {"from_date": r.today},
        acting_on=category_in_words,
    )
)


# --- Activity, and support into education, employment or training ----------------------------


class ActivityForm(RecordingForm):
    from_date = _date("From", "Enter the date the activity started")
    code = _radios(
        "What is the young person doing?",
        [c for c in ActivityCode.choices if c[0] != ActivityCode.NONE],
        "Choose what the young person is doing",
    )
    field_for_error = {"child": "__all__"}


ACTIVITY = register(
    UseCase(
        name="activity",
        title="Record education, employment or training",
        caption=CAPTION,
        form=ActivityForm,
        save=lambda r, data: leaving_care.record_activity(
            child=r.child, from_date=data["from_date"], code=data["code"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Activity recorded",
        initial=lambda r: {"from_date": r.today},
        acting_on=category_in_words,
    )
)


class NEETBarrierForm(RecordingForm):
    recorded_on = _date("Date", "Enter the date")
    barrier = _radios(
        "What stands in the way of education, employment or training?",
        NEETBarrierCode.choices,
        "Choose what stands in the way",
    )
    note = forms.CharField(
        label="More about it (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    field_for_error = {"child": "__all__"}


NEET_BARRIER = register(
    UseCase(
        name="neet-barrier",
        title="Record a barrier to education, employment or training",
        caption=CAPTION,
        form=NEETBarrierForm,
        save=lambda r, data: leaving_care.record_neet_barrier(
            child=r.child,
            recorded_on=data["recorded_on"],
            barrier=data["barrier"],
            note=data["note"],
            today=r.today,
        ),
        roles=LEAVING_CARE_WORK,
        done="Barrier recorded",
        initial=lambda r: {"recorded_on": r.today},
        acting_on=category_in_words,
    )
)


class NEETOfferForm(RecordingForm):
    offered_on = _date("Date of the offer", "Enter the date of the offer")
    kind = _radios("What was offered?", NEETOfferKind.choices, "Choose what was offered")
    field_for_error = {"child": "__all__"}


NEET_OFFER = register(
    UseCase(
        name="neet-offer",
        title="Record an offer of education, employment or training",
        caption=CAPTION,
        form=NEETOfferForm,
        save=lambda r, data: leaving_care.record_neet_offer(
            child=r.child, offered_on=data["offered_on"], kind=data["kind"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Offer recorded",
        initial=lambda r: {"offered_on": r.today},
        acting_on=category_in_words,
    )
)


def open_offer(r: Recording) -> NEETOffer:
    """The offer the link names, else the newest whose outcome can still move (pending or
    taken up)."""
    offers = NEETOffer.objects.filter(child=r.child)
    offer = (
        offers.filter(pk=r.subject_id).first()
        if r.subject_id
        else offers.filter(outcome__in=[NEETOfferOutcome.PENDING, NEETOfferOutcome.TAKEN_UP])
        .order_by("-offered_on", "-pk")
        .first()
    )
    if offer is None:
        raise JourneyError("NEET offer", "__all__", "the young person has no offer waiting")
    return offer


def _offer_in_words(r: Recording) -> str:
    offer = open_offer(r)
    return described(
        offer.get_kind_display(),
        None,
        f"offered {govuk_date(offer.offered_on)}",
        offer.get_outcome_display().lower(),
    )


class NEETOfferOutcomeForm(RecordingForm):
    outcome = _radios(
        "What happened?",
        [c for c in NEETOfferOutcome.choices if c[0] != NEETOfferOutcome.PENDING],
        "Choose what happened",
    )
    outcome_on = _date("Date", "Enter the date")
    field_for_error = {"offer": "__all__"}


NEET_OFFER_OUTCOME = register(
    UseCase(
        name="neet-offer-outcome",
        title="Record what happened to an offer",
        caption=CAPTION,
        form=NEETOfferOutcomeForm,
        save=lambda r, data: leaving_care.record_neet_offer_outcome(
            offer=open_offer(r),
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            today=r.today,
        ),
        roles=LEAVING_CARE_WORK,
        done="Offer outcome recorded",
        changes=True,
        subject="offer",
        initial=lambda r: {"outcome_on": r.today},
        acting_on=_offer_in_words,
    )
)


# --- Staying put ------------------------------------------------------------------------------


class StayingPutForm(RecordingForm):
    started_on = _date("Date staying put started", "Enter the date staying put started")
    carer = forms.CharField(
        label="Former foster carer",
        max_length=200,
        help_text="The foster carer the young person lived with at 18.",
        error_messages={"required": "Enter the former foster carer's name"},
    )
    field_for_error = {"child": "__all__"}


STAYING_PUT = register(
    UseCase(
        name="staying-put",
        title="Start staying put",
        caption=CAPTION,
        form=StayingPutForm,
        save=lambda r, data: leaving_care.start_staying_put(
            child=r.child, started_on=data["started_on"], carer=data["carer"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Staying put started",
        initial=lambda r: {
            "started_on": r.today,
            "carer": leaving_care.former_foster_carer(r.child) or "",
        },
        acting_on=category_in_words,
    )
)


def open_staying_put(r: Recording) -> StayingPut:
    found = StayingPut.objects.filter(child=r.child)
    arrangement = (
        found.filter(pk=r.subject_id).first()
        if r.subject_id
        else found.filter(ended_on__isnull=True).first()
    )
    if arrangement is None:
        raise JourneyError("Staying put", "__all__", "the young person is not staying put")
    return arrangement


def _staying_put_in_words(r: Recording) -> str:
    arrangement = open_staying_put(r)
    return described(f"Staying put with {arrangement.carer} from", arrangement.started_on)


class EndStayingPutForm(RecordingForm):
    ended_on = _date("Date staying put ended", "Enter the date staying put ended")


END_STAYING_PUT = register(
    UseCase(
        name="end-staying-put",
        title="End staying put",
        caption=CAPTION,
        form=EndStayingPutForm,
        save=lambda r, data: leaving_care.end_staying_put(
            arrangement=open_staying_put(r), ended_on=data["ended_on"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Staying put ended",
        changes=True,
        subject="arrangement",
        initial=lambda r: {"ended_on": r.today},
        acting_on=_staying_put_in_words,
    )
)


# --- Homeless 16/17-year-olds ---------------------------------------------------------------

HOMELESS = "Homeless 16 or 17"


class HomelessPresentationForm(RecordingForm):
    presented_on = _date("Date the young person presented as homeless", "Enter the date")
    advocacy_offered = YesNoField(
        label="Was an advocate offered?", required_message="Say whether an advocate was offered"
    )
    advocacy_taken_up = YesNoField(
        label="Did the young person take up the advocate?",
        required_message="Say whether the young person took up the advocate",
        required=False,
    )
    accommodation_used = forms.CharField(
        label="Where the young person stayed that night (optional)",
        max_length=200,
        required=False,
    )
    is_bed_and_breakfast = YesNoField(
        label="Was it bed and breakfast?",
        required_message="Say whether it was bed and breakfast",
        help_text="Bed and breakfast is never suitable for a 16 or 17-year-old.",
    )
    field_for_error = {"child": "__all__"}


def _present(r: Recording, data: dict[str, Any]) -> object:
    return leaving_care.record_homeless_presentation(
        child=r.child,
        presented_on=data["presented_on"],
        advocacy_offered=data["advocacy_offered"],
        advocacy_taken_up=bool(data.get("advocacy_taken_up")),
        accommodation_used=data["accommodation_used"],
        is_bed_and_breakfast=data["is_bed_and_breakfast"],
        today=r.today,
    )


HOMELESS_PRESENTATION = register(
    UseCase(
        name="homeless-presentation",
        title="Record a homeless 16 or 17-year-old",
        caption=HOMELESS,
        form=HomelessPresentationForm,
        save=_present,
        roles=SOCIAL_WORK,
        done="Homeless presentation recorded",
        initial=lambda r: {"presented_on": r.today, "is_bed_and_breakfast": False},
    )
)


def presentation(r: Recording) -> HomelessPresentation:
    """The presentation the link names, else the newest without an outcome."""
    found = HomelessPresentation.objects.filter(child=r.child)
    chosen = (
        found.filter(pk=r.subject_id).first()
        if r.subject_id
        else found.filter(outcome="").order_by("-presented_on", "-pk").first()
    )
    if chosen is None:
        raise JourneyError(
            "Homeless presentation", "__all__", "the young person has no homeless presentation open"
        )
    return chosen


def _presentation_in_words(r: Recording) -> str:
    p = presentation(r)
    started = p.joint_assessment_started_on
    done = p.joint_assessment_completed_on
    return described(
        "Presented as homeless",
        p.presented_on,
        f"joint assessment started {govuk_date(started)}" if started else "",
        f"completed {govuk_date(done)}" if done else "",
    )


class JointAssessmentStartForm(RecordingForm):
    started_on = _date(
        "Date the joint housing and children's services assessment started", "Enter the date"
    )
    field_for_error = {"joint_assessment_started_on": "started_on"}


JOINT_ASSESSMENT_START = register(
    UseCase(
        name="joint-assessment-start",
        title="Start the joint housing assessment",
        caption=HOMELESS,
        form=JointAssessmentStartForm,
        save=lambda r, data: leaving_care.start_joint_assessment(
            presentation=presentation(r), started_on=data["started_on"], today=r.today
        ),
        roles=SOCIAL_WORK,
        done="Joint assessment started",
        changes=True,
        subject="presentation",
        initial=lambda r: {"started_on": r.today},
        acting_on=_presentation_in_words,
    )
)


class JointAssessmentCompleteForm(RecordingForm):
    completed_on = _date("Date the joint assessment was completed", "Enter the date")
    field_for_error = {"joint_assessment_completed_on": "completed_on"}


JOINT_ASSESSMENT_COMPLETE = register(
    UseCase(
        name="joint-assessment-complete",
        title="Complete the joint housing assessment",
        caption=HOMELESS,
        form=JointAssessmentCompleteForm,
        save=lambda r, data: leaving_care.complete_joint_assessment(
            presentation=presentation(r), completed_on=data["completed_on"], today=r.today
        ),
        roles=SOCIAL_WORK,
        done="Joint assessment completed",
        changes=True,
        subject="presentation",
        initial=lambda r: {"completed_on": r.today},
        acting_on=_presentation_in_words,
    )
)


class HomelessOutcomeForm(RecordingForm):
    outcome = _radios(
        "What did the assessment lead to?",
        HomelessOutcome.choices,
        "Choose what the assessment led to",
    )
    outcome_on = _date("Date", "Enter the date")
    accommodation_used = forms.CharField(
        label="Where the young person is accommodated", max_length=200, required=False
    )
    is_bed_and_breakfast = YesNoField(
        label="Is it bed and breakfast?",
        required_message="Say whether it is bed and breakfast",
        help_text="Bed and breakfast is never suitable for a 16 or 17-year-old.",
    )


def _outcome(r: Recording, data: dict[str, Any]) -> object:
    return leaving_care.record_homeless_outcome(
        presentation=presentation(r),
        outcome=data["outcome"],
        outcome_on=data["outcome_on"],
        accommodation_used=data["accommodation_used"],
        is_bed_and_breakfast=data["is_bed_and_breakfast"],
        today=r.today,
    )


def _outcome_initial(r: Recording) -> dict[str, Any]:
    initial: dict[str, Any] = {"outcome_on": r.today}
    try:
        p = presentation(r)
    except JourneyError:
        return initial
    return {
        **initial,
        "accommodation_used": p.accommodation_used,
        "is_bed_and_breakfast": p.is_bed_and_breakfast,
    }


HOMELESS_OUTCOME = register(
    UseCase(
        name="homeless-outcome",
        title="Record where the young person is accommodated",
        caption=HOMELESS,
        form=HomelessOutcomeForm,
        save=_outcome,
        roles=SOCIAL_WORK,
        done="Outcome recorded",
        changes=True,
        subject="presentation",
        initial=_outcome_initial,
        acting_on=_presentation_in_words,
    )
)


# --- Essential documents ----------------------------------------------------------------------


class EssentialDocumentsForm(RecordingForm):
    updated_on = _date("Date of this update", "Enter the date of this update")
    field_for_error = {"documents": "__all__", "child": "__all__"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, words in leaving_care.DOCUMENTS.items():
            self.fields[name] = _date(
                f"{words}: date in the young person's hands (optional)",
                help_text="Leave it empty if they do not have it. " + EXAMPLE,
            )


def _documents(r: Recording, data: dict[str, Any]) -> object:
    return leaving_care.update_essential_documents(
        child=r.child,
        updated_on=data["updated_on"],
        documents={name: data.get(name) for name in leaving_care.DOCUMENTS},
        today=r.today,
    )


def _documents_initial(r: Recording) -> dict[str, Any]:
    held = EssentialDocuments.objects.filter(child=r.child).first()
    return {
        "updated_on": r.today,
        **{name: getattr(held, name) for name in leaving_care.DOCUMENTS if held is not None},
    }


ESSENTIAL_DOCUMENTS = register(
    UseCase(
        name="essential-documents",
        title="Update essential documents",
        caption=CAPTION,
        form=EssentialDocumentsForm,
        save=_documents,
        roles=LEAVING_CARE_WORK,
        done="Essential documents updated",
        changes=True,
        initial=_documents_initial,
        acting_on=category_in_words,
    )
)


# --- Support to 25, custody, parenthood -------------------------------------------------------


class SupportTo25Form(RecordingForm):
    requested_on = _date("Date the young person asked", "Enter the date the young person asked")
    field_for_error = {"child": "__all__"}


SUPPORT_TO_25 = register(
    UseCase(
        name="support-to-25",
        title="Record a request for support to 25",
        caption=CAPTION,
        form=SupportTo25Form,
        save=lambda r, data: leaving_care.request_support_to_25(
            child=r.child, requested_on=data["requested_on"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Request for support to 25 recorded",
        initial=lambda r: {"requested_on": r.today},
        acting_on=category_in_words,
    )
)


class CustodyForm(RecordingForm):
    from_date = _date("Date custody started", "Enter the date custody started")
    to_date = _date("Date of release (optional)")
    field_for_error = {"child": "__all__"}


CUSTODY = register(
    UseCase(
        name="custody",
        title="Record custody",
        caption=CAPTION,
        form=CustodyForm,
        save=lambda r, data: leaving_care.record_custody(
            child=r.child, from_date=data["from_date"], to_date=data["to_date"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Custody recorded",
        initial=lambda r: {"from_date": r.today},
        acting_on=category_in_words,
    )
)


def in_custody(r: Recording) -> Custody:
    found = Custody.objects.filter(child=r.child)
    custody = (
        found.filter(pk=r.subject_id).first()
        if r.subject_id
        else found.filter(to_date__isnull=True).first()
    )
    if custody is None:
        raise JourneyError("Custody", "__all__", "the young person is not in custody")
    return custody


class ReleaseForm(RecordingForm):
    to_date = _date("Date of release", "Enter the date of release")


RELEASE = register(
    UseCase(
        name="release-from-custody",
        title="Record a release from custody",
        caption=CAPTION,
        form=ReleaseForm,
        save=lambda r, data: leaving_care.record_release_from_custody(
            custody=in_custody(r), to_date=data["to_date"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Release recorded",
        changes=True,
        subject="custody",
        initial=lambda r: {"to_date": r.today},
        acting_on=lambda r: described("In custody from", in_custody(r).from_date),
    )
)


class ParenthoodForm(RecordingForm):
    became_parent_on = _date("Date the young person became a parent", "Enter the date")
    field_for_error = {"child": "__all__"}


PARENTHOOD = register(
    UseCase(
        name="parenthood",
        title="Record that the young person became a parent",
        caption=CAPTION,
        form=ParenthoodForm,
        save=lambda r, data: leaving_care.record_parenthood(
            child=r.child, became_parent_on=data["became_parent_on"], today=r.today
        ),
        roles=LEAVING_CARE_WORK,
        done="Parenthood recorded",
        initial=lambda r: {"became_parent_on": r.today},
        acting_on=category_in_words,
    )
)
