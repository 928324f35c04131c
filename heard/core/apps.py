from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "heard.core"

    def ready(self) -> None:
        from heard.core.startup import resume_collector

        resume_collector()  # paused by `heard` while the apps' models load (heard.core.startup)
