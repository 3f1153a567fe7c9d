from django.contrib import admin

from zhifa.core.admin_base import ScopedAdmin

from .models import ReportText


@admin.register(ReportText)
class ReportTextAdmin(ScopedAdmin):
    """Read-only: report texts are set with reports.texts.report_text_set (placeholders checked, audited)."""

    unit_field = None
    list_display = ("region", "year", "report", "key", "updated_at")
    list_filter = ("report", "year")
    search_fields = ("key", "text")
