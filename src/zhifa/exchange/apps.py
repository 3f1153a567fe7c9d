from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "zhifa.exchange"
    verbose_name = "数据交换"
    default_auto_field = "django.db.models.BigAutoField"
