"""A new database is built from one squashed migration per app, each model one CreateModel, all of an app's
applied as one CreateModels (one rendering of the models instead of one per model), not by replaying every
change since the first release: `zhifa demo`, `zhifa migrate` on a new installation and every test run migrate a
new database. An installation migrated before the squash keeps its migrations (`replaces`)."""

from django.apps import apps
from django.db import migrations, models
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.optimizer import MigrationOptimizer
from django.db.migrations.questioner import NonInteractiveMigrationQuestioner

from zhifa.core.migrations._operations import CreateModels

# Migrations an app may add after its squash before it is squashed again
# (python -m zhifa.cli squashmigrations <app> <last>, then one CreateModel per model, in one CreateModels, by hand).
AFTER_SQUASH = 3

# Operations that a squash folds into the model's CreateModel.
FOLDED = (
    migrations.AddField,
    migrations.RemoveField,
    migrations.RenameField,
    migrations.AddIndex,
    migrations.RemoveIndex,
    migrations.RenameIndex,
    migrations.AddConstraint,
    migrations.RemoveConstraint,
    migrations.AlterModelOptions,
)


def plan(loader):
    """Every migration a new database applies, in order (no connection: nothing is applied)."""
    keys = []
    for leaf in loader.graph.leaf_nodes():
        keys += [key for key in loader.graph.forwards_plan(leaf) if key not in keys]
    return keys


def own_apps():
    return {c.label for c in apps.get_app_configs() if c.name.startswith("zhifa.")}


def test_a_new_database_applies_one_squashed_migration_per_app():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    keys = [key for key in plan(loader) if key[0] in own_apps()]
    for app in sorted({app for app, _ in keys}):
        mine = [loader.graph.nodes[key] for key in keys if key[0] == app]
        on_disk = [key for key in loader.disk_migrations if key[0] == app]
        if len(on_disk) > 1:
            assert mine[0].replaces, f"{app}: a new database replays {len(mine)} migrations; squash them"
        assert len(mine) <= 1 + AFTER_SQUASH, f"{app}: a new database applies {len(mine)} migrations; squash again"
        if mine[0].replaces:
            assert not any(isinstance(op, migrations.CreateModel) for op in mine[0].operations), (
                f"{app}: the squash's CreateModel operations belong in its CreateModels"
            )
        operations = [
            inner for op in mine[0].operations for inner in (op.operations if isinstance(op, CreateModels) else [op])
        ]
        created = set()
        for operation in operations:
            if isinstance(operation, migrations.CreateModel):
                assert operation.name_lower not in created, f"{app}.{operation.name} is created twice"
                created.add(operation.name_lower)
            elif isinstance(operation, FOLDED) or isinstance(operation, migrations.AlterField):
                name = operation.model_name_lower if hasattr(operation, "model_name_lower") else operation.name_lower
                # one exception: a field made unique afterwards keeps the old constraint's name on PostgreSQL
                kept = isinstance(operation, migrations.AlterField) and operation.field.unique
                assert name not in created or kept, (
                    f"{app}.{name}: {type(operation).__name__} belongs in the model's CreateModel"
                )


def test_the_squashed_migrations_build_the_same_models_as_the_replaced_ones():
    squashed = MigrationLoader(None, ignore_no_migrations=True)
    replayed = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    assert plan(squashed) != plan(replayed)
    new, old = squashed.project_state(), replayed.project_state()
    changes = MigrationAutodetector(old, new, NonInteractiveMigrationQuestioner()).changes(graph=squashed.graph)
    assert changes == {}
    for key, model in old.models.items():
        # the column order of a table on PostgreSQL, where AlterField leaves a column where it is
        assert list(new.models[key].fields) == list(model.fields), key


def test_a_later_squash_folds_a_change_into_the_createmodels():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    squash = next(m for key, m in loader.graph.nodes.items() if key[0] == "reports" and m.replaces)
    bulk = next(op for op in squash.operations if isinstance(op, CreateModels))
    last = bulk.operations[-1].name_lower
    added = migrations.AddField(last, "extra", models.CharField(blank=True, max_length=10))
    optimised = MigrationOptimizer().optimize([bulk, added], "reports")
    assert len(optimised) == 1 and isinstance(optimised[0], CreateModels)
    assert list(dict(optimised[0].operations[-1].fields))[-1] == "extra"
