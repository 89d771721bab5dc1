from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "sightline.validation"
    verbose_name = "Validation against the DfE rules"
