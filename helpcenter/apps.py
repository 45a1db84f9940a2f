from django.apps import AppConfig


class HelpcenterConfig(AppConfig):
    name = "helpcenter"
    verbose_name = "Help Center"

    def ready(self):
        # Connects the receivers that bump the content version.
        from . import pagecache  # noqa: F401
