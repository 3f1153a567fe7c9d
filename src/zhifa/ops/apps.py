from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "zhifa.ops"
    label = "ops"
    verbose_name = "运行维护"

    def ready(self):
        from zhifa.core import checks

        checks.register()
