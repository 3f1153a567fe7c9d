from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from . import calendar
from .models import CalendarYear, HolidayArrangement


@receiver([post_save, post_delete], sender=HolidayArrangement)
@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_changed(**kwargs):
    calendar.clear_cache()


def ensure_role_groups(**kwargs):
    """The five role groups exist in every database (their names are what access.py checks)."""
    from django.contrib.auth.models import Group

    from .access import Roles

    for name in Roles.ALL:
        Group.objects.get_or_create(name=name)


post_migrate.connect(ensure_role_groups, dispatch_uid="zhifa.core.ensure_role_groups")
