from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "heard.cases"
    label = "cases"
