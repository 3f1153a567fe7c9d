from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zhifa.portal"
    label = "portal"
    verbose_name = "公示门户"

    def ready(self):
        from . import caching

        caching.connect()
