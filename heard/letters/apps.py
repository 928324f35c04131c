from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "heard.letters"
    verbose_name = "Letters"
