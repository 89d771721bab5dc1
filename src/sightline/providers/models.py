"""Ofsted's register of children's social care providers, kept as reference data (decision
0018): one row per URN, replaced whole by each import (``sightline providers import FILE``)."""

from __future__ import annotations

from django.db import models


class Provider(models.Model):
    urn = models.CharField("Ofsted URN", max_length=8, unique=True)
    name = models.CharField("setting name", max_length=200, blank=True)
    provider_type = models.CharField(max_length=100)
    provider_subtype = models.CharField(max_length=100, blank=True)
    sector = models.CharField(max_length=50)
    registration_status = models.CharField(max_length=50)
    registered_on = models.DateField("registration date")
    deregistered_on = models.DateField("deregistration date", null=True, blank=True)
    local_authority = models.CharField(max_length=100, help_text="as the register names it")
    la_code = models.CharField(
        "local authority code", max_length=9, help_text="ONS code of the upper-tier authority"
    )
    postcode = models.CharField(max_length=8, blank=True)
    place_codes = models.CharField(
        "SSDA903 placement types",
        max_length=60,
        blank=True,
        help_text="comma-separated PLACE codes a placement here may have (from the type)",
    )
    provider_codes = models.CharField(
        "SSDA903 placement providers",
        max_length=30,
        blank=True,
        help_text="comma-separated PLACE_PROVIDER codes (from the sector)",
    )

    class Meta:
        ordering = ("urn",)

    def __str__(self) -> str:
        return f"{self.urn} {self.provider_type}"


class RegisterImport(models.Model):
    """Each import of the register: when, from which file, how many providers, by whom."""

    imported_at = models.DateTimeField()
    file_name = models.CharField(max_length=255)
    providers = models.PositiveIntegerField()
    operator = models.CharField(max_length=150)

    class Meta:
        ordering = ("-imported_at",)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.providers} providers) {self.imported_at:%Y-%m-%d}"
