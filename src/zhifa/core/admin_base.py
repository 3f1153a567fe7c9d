"""Admin conventions: querysets pass through the access selectors; status fields are read-only."""

from django.contrib import admin

from .access import scope_for

PROTECTED_FIELDS = ("status", "revoked_on", "revocation_reason", "suspended_on", "version", "effective_to")


class ScopedAdmin(admin.ModelAdmin):
    unit_field: str | None = "unit"
    region_field: str | None = "region"
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return scope_for(request.user).filter(qs, unit_field=self.unit_field, region_field=self.region_field)

    def get_readonly_fields(self, request, obj=None):
        names = {f.name for f in self.model._meta.fields}
        return tuple(super().get_readonly_fields(request, obj)) + tuple(f for f in PROTECTED_FIELDS if f in names)


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
            raw = [f.name for f in model._meta.fields if f.is_relation and f.name not in ("region",)]
            attrs["raw_id_fields"] = raw
            cls = type(f"{model.__name__}Admin", (ScopedAdmin,), attrs)
        admin.site.register(model, cls)
