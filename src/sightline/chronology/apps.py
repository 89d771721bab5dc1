from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "sightline.chronology"
    label = "chronology"
    verbose_name = "Chronology"

    def ready(self) -> None:
        from sightline.chronology import handlers  # noqa: F401  (subscribes to domain events)
