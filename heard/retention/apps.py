from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "heard.retention"
    label = "retention"
    verbose_name = "Retention and disposal"
