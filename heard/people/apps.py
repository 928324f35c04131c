from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "heard.people"
    label = "people"
    verbose_name = "People: matching, duplicates and merges"
