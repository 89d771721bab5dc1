"""The authority's default audit template: questions on the themes the 2022 and 2025
inspections named (decision 0034). Created the first time a sample is drawn."""

from __future__ import annotations

from sightline.quality.models import AuditQuestion, AuditTemplate, Theme

NAME = "Practice audit (default)"
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("Is the child's voice and lived experience clear in the record?", Theme.VOICE),
    ("Is the assessment analytical and the plan specific, with timescales?", Theme.ASSESSMENT),
    ("Is management oversight recorded at the key decisions, with rationale?", Theme.OVERSIGHT),
    ("Was the work done in time (visits, meetings, reviews)?", Theme.TIMELINESS),
    ("Were strategy meetings timely, with the right agencies?", Theme.MULTI_AGENCY),
)


def default_template() -> AuditTemplate:
    template, created = AuditTemplate.objects.get_or_create(name=NAME)
    if created:
        AuditQuestion.objects.bulk_create(
            AuditQuestion(template=template, number=n, text=text, theme=theme)
            for n, (text, theme) in enumerate(QUESTIONS, start=1)
        )
    return template
