from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "sightline.insight"
    verbose_name = "Leaders' line of sight (KPIs)"
