from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "sightline.care"
    label = "care"
    verbose_name = "Children in care"
