from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import calendar
from .models import CalendarYear, HolidayArrangement


@receiver([post_save, post_delete], sender=HolidayArrangement)
@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_changed(**kwargs):
    calendar.clear_cache()
