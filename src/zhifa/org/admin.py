from django.contrib import admin

from zhifa.core.admin_base import ReadOnlyAdmin, ScopedAdmin, register_all

from .models import Region, Unit


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent")


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    unit_field = "id"
    list_display = ("name", "kind", "domain", "uscc", "active_from", "active_to", "is_enforcement_body")
    list_filter = ("kind", "is_enforcement_body")
    search_fields = ("name", "uscc")

    def get_queryset(self, request):
        from zhifa.core.access import scope_for

        qs = ReadOnlyAdmin.get_queryset(self, request)
        return scope_for(request.user).filter(qs, unit_field="pk")


register_all("org")
