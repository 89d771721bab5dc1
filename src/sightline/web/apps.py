from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sightline.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from sightline.web import journeys  # noqa: F401  (registers the recording pages)
