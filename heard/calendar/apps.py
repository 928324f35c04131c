from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "heard.calendar"
    label = "calendar"
