from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "sightline.quality"
    label = "quality"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Quality of practice"

    def ready(self) -> None:
        from sightline.quality.rules import supervision_standard

        supervision_standard()  # a bad local standard stops start-up naming the setting
