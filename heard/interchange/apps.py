from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "heard.interchange"
    label = "interchange"
