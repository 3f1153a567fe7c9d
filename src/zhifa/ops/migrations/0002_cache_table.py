"""The shared cache's table (settings.CACHES: the database cache when ZHIFA_REDIS_URL is unset).

`zhifa migrate` creates it, so no separate `createcachetable` step is needed; it is a no-op when the
configured cache is Redis or the table exists.
"""

from django.core.management import call_command
from django.db import migrations


def _create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_initial")]
    operations = [migrations.RunPython(_create, migrations.RunPython.noop, elidable=False)]
