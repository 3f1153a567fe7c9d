from django import forms
from django.contrib import admin

from zhifa.core.admin_base import ScopedAdmin

from .models import ReportText
from .texts import DEFAULTS, check_placeholders


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = ReportText
        fields = ["region", "report", "year", "key", "text"]

    def clean_key(self):
        key = self.cleaned_data["key"]
        if key not in DEFAULTS:
            raise forms.ValidationError(f"段落“{key}”不存在（可用：{'、'.join(DEFAULTS)}）")
        return key

    def clean_text(self):
        text = self.cleaned_data["text"]
        problems = check_placeholders(text)
        if problems:
            raise forms.ValidationError(problems)
        return text


@admin.register(ReportText)
class ReportTextAdmin(ScopedAdmin):
    form = ReportTextForm
    unit_field = None
    list_display = ("region", "year", "report", "key", "updated_at")
    list_filter = ("report", "year")
    search_fields = ("key", "text")
