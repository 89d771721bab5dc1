from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "sightline.protection"
    label = "protection"
    verbose_name = "Protection"
