from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "sightline.providers"
    label = "providers"
    verbose_name = "Ofsted's register of children's social care providers"
