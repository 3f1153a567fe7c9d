"""Clue.public_code required and unique (a migration of its own: PostgreSQL does not alter a table in the
transaction that just updated its rows)."""

from django.db import migrations, models

import zhifa.supervision.models


class Migration(migrations.Migration):
    dependencies = [("supervision", "0009_clue_public_code")]

    operations = [
        migrations.AlterField(
            model_name="clue",
            name="public_code",
            field=models.CharField(
                default=zhifa.supervision.models.new_clue_code,
                editable=False,
                max_length=8,
                unique=True,
                verbose_name="查询码",
            ),
        ),
    ]
