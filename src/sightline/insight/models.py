"""The leaders' figures, kept (decision 0036).

The dashboard reads its figures from what ``insight.store.store`` kept (a background job,
``sightline figures store``, and ``sightline synth``), not computed again on every request: the
complete collection years (they change rarely: a late correction) and the year to date as of
the last store (stored again every few minutes on a schedule). A ``StoredFigure`` is one KPI's
counts for one window and the whole authority, with the KPI's version and when it was
computed; its ``StoredUnit`` rows are the children it counts
(one row a child: how many of the child's units are in the numerator and in the denominator),
so a team's or an age band's figure, a drill-down's page and "how many fail a DfE rule today"
are set-based reads of the same rows, and the list and the figure cannot disagree.
"""

from __future__ import annotations

from django.db import models

from sightline.people.models import Person


class StoredFigure(models.Model):
    kpi = models.CharField(max_length=60, help_text="the KPI's code in the catalogue")
    version = models.PositiveIntegerField(help_text="the version of the KPI's definition used")
    window = models.CharField(
        max_length=24,
        help_text="a collection year (2026: ending 31 March 2026) or the year to date "
        "(rolling-2026-12-06: the 12 months to that day), as insight.windows writes it",
    )
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField(
        null=True, blank=True, help_text="empty: the figure divides by no list of children"
    )
    total = models.FloatField(null=True, blank=True, help_text="a mean's sum of values")
    divisor = models.PositiveIntegerField(null=True, blank=True, help_text="e.g. workers")
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "version", "window"], name="one_stored_figure_a_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} v{self.version} {self.window}"


class StoredUnit(models.Model):
    figure = models.ForeignKey(StoredFigure, on_delete=models.CASCADE, related_name="units")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    numerator = models.PositiveIntegerField(help_text="the child's units in the numerator")
    denominator = models.PositiveIntegerField(help_text="the child's units in the denominator")
    total = models.FloatField(null=True, blank=True, help_text="a mean: the sum of its values")
    birth_date = models.DateField(
        null=True, blank=True, help_text="the child's, when computed: an age band's figure"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["figure", "child"], name="one_stored_unit_a_child")
        ]
        indexes = [
            models.Index(fields=["child", "figure"], name="stored_unit_child"),
            models.Index(fields=["figure", "birth_date"], name="stored_unit_born"),
        ]

    def __str__(self) -> str:
        return f"{self.figure_id}: {self.child_id}"
