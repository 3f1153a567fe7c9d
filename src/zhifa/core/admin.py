from django.contrib import admin

from .admin_base import ReadOnlyAdmin, ScopedAdmin
from .models import AuditLog, CalendarYear, HolidayArrangement


@admin.register(AuditLog)
class AuditLogAdmin(ScopedAdmin):
    unit_field = None
    region_field = None
    list_display = ("at", "actor_label", "action", "object_type", "object_repr", "region_code")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_label", "action")

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        from .access import scope_for

        scope = scope_for(request.user)
        return qs if scope.everything else qs.filter(region_code__in=scope.region_codes)


# The calendar is entered with its import service (zhifa calendar import: the whole year or nothing).
@admin.register(HolidayArrangement)
class HolidayAdmin(ReadOnlyAdmin):
    list_display = ("date", "kind", "name", "notice")


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "notice", "entered_at")


# ---- system tables: only superusers edit accounts and groups here (unit admins use /staff/accounts/).
class SuperuserOnly:
    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


def _reregister():
    from django.contrib.auth.admin import GroupAdmin, UserAdmin
    from django.contrib.auth.models import Group, User

    for model, base in ((User, UserAdmin), (Group, GroupAdmin)):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, type(f"Zhifa{base.__name__}", (SuperuserOnly, base), {}))


_reregister()
