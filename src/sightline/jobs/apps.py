from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "sightline.jobs"
    verbose_name = "Background jobs"
