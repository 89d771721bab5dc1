from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "sightline.access"
    label = "access"
    verbose_name = "Access and audit"

    def ready(self) -> None:
        from sightline.access import (
            audit,  # noqa: F401  (subscribes to domain events)
            passwords,  # noqa: F401  (marks a sign-in with a one-time password)
            session,  # noqa: F401  (notes the time of each sign-in)
        )
