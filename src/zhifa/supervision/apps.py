from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhifa.supervision"
    label = "supervision"
    verbose_name = "监督"

    def ready(self):
        from . import hooks

        hooks.connect()
