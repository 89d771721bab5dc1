from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "sightline.timescales"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Statutory timescales"

    def ready(self) -> None:
        import sightline.timescales.engine  # noqa: F401  (subscribes to domain events)
        from sightline.timescales.catalogue import catalogue

        catalogue()  # a bad local standard stops start-up with a message naming the setting
