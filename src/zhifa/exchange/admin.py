from zhifa.core.admin_base import register_all

register_all("exchange")
