"""Admin conventions: querysets pass through the access selectors; domain records are read-only.

The admin is a window on the records, not a way to change them: every change of a domain record
(org, powers, enforcement, supervision, reports, exchange, the calendar and the audit log) goes through
its service, which checks the rules and the policy and writes the audit row. So the domain admins allow
no add, change or delete for anyone, superusers included. Only the system tables (auth users and
groups) are editable, by superusers (zhifa.core.admin).
"""

from django.contrib import admin

from .access import scope_for

DOMAIN_APPS = ("core", "org", "powers", "enforcement", "supervision", "reports", "exchange", "web")


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only: changes go through the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedAdmin(ReadOnlyAdmin):
    unit_field: str | None = "unit"
    region_field: str | None = "region"
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return scope_for(request.user).filter(qs, unit_field=self.unit_field, region_field=self.region_field)


def register_all(app_label: str, overrides: dict | None = None) -> None:
    """Register every model of an app with ScopedAdmin (or the class given in ``overrides``)."""
    from django.apps import apps

    overrides = overrides or {}
    for model in apps.get_app_config(app_label).get_models():
        if admin.site.is_registered(model):
            continue
        cls = overrides.get(model.__name__)
        if cls is None:
            fields = {f.name for f in model._meta.fields}
            attrs = {
                "unit_field": "unit" if "unit" in fields else None,
                "region_field": "region" if "region" in fields else None,
                "list_display": [f.name for f in model._meta.fields][:8],
            }
            cls = type(f"{model.__name__}Admin", (ScopedAdmin,), attrs)
        admin.site.register(model, cls)
