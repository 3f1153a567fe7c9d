from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo district generator and its ``zhifa demo`` command; owns no models."""

    name = "zhifa.demo"
    label = "demo"
    verbose_name = "演示数据"
