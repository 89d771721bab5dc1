from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "sightline.frontdoor"
    label = "frontdoor"
    verbose_name = "Frontdoor"
