from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "zhifa.enforcement"
    label = "enforcement"
    verbose_name = "执法行为"
