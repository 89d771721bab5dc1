"""`sightline validate live --as-of D`: a day whose collection year Sightline cannot build the
returns for is a clear one-line error, not a traceback (issue 12, finding 9)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sightline.validation.models import ValidationRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("as_of", "year"), [("0001-01-01", 1), ("2019-06-01", 2020), ("9999-12-31", 10000)]
)
def test_a_live_check_outside_the_supported_collection_years_is_a_clear_error(
    as_of: str, year: int
) -> None:
    with pytest.raises(CommandError, match=rf"--as-of {as_of}: collection year {year} is not"):
        call_command("validate", "live", "--as-of", as_of, stdout=io.StringIO())
    assert not ValidationRun.objects.exists()
