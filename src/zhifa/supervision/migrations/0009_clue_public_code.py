"""Clue.public_code: the random part of a clue's public reference (was the record id, which could be counted).

Existing clues get a code each; their old references (XS + date + id) no longer find them on the portal."""

from django.db import migrations, models

import zhifa.supervision.models


def fill_codes(apps, schema_editor):
    Clue = apps.get_model("supervision", "Clue")
    used = set()
    for clue in Clue.objects.filter(public_code__isnull=True).only("pk").iterator():
        code = zhifa.supervision.models.new_clue_code()
        while code in used:
            code = zhifa.supervision.models.new_clue_code()
        used.add(code)
        Clue.objects.filter(pk=clue.pk).update(public_code=code)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0008_exemption_list")]

    operations = [
        migrations.AddField(
            model_name="clue",
            name="public_code",
            field=models.CharField(editable=False, max_length=8, null=True, verbose_name="查询码"),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
    ]
