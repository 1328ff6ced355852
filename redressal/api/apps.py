from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "redressal.api"
    label = "api"
    verbose_name = "API"
