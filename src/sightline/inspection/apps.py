from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "sightline.inspection"
    verbose_name = "Inspection readiness"
