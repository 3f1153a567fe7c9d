from django.contrib import admin

from .admin_base import ScopedAdmin
from .models import AuditLog, CalendarYear, HolidayArrangement


@admin.register(AuditLog)
class AuditLogAdmin(ScopedAdmin):
    unit_field = None
    region_field = None
    list_display = ("at", "actor_label", "action", "object_type", "object_repr", "region_code")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_label", "action")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        from .access import scope_for

        scope = scope_for(request.user)
        return qs if scope.everything else qs.filter(region_code__in=scope.region_codes)


@admin.register(HolidayArrangement)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "notice")


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "notice", "entered_at")
