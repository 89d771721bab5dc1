from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "sightline.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic"
