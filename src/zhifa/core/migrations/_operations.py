"""CreateModels: an app's CreateModel operations applied as one step (the squashed migrations of new databases).

Django re-renders, after each CreateModel, every model related to the new one, directly or not: nearly all of
zhifa's models are tied to org.Region, org.Unit or the user model, so a squashed migration of n models rendered
about n times the whole project. Here the models are added to the state together and rendered once; the tables
are created by the CreateModel operations themselves, in order.

The module's name starts with "_" so that the migration loader does not take it for a migration.
"""

from django.db import migrations
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ModelState


class CreateModels(Operation):
    reduces_to_sql = True
    reversible = True

    def __init__(self, operations):
        for operation in operations:
            if not isinstance(operation, migrations.CreateModel):
                raise TypeError(f"CreateModels holds CreateModel operations only, not {operation!r}")
        self.operations = list(operations)

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operations], {})

    def state_forwards(self, app_label, state):
        keys = []
        for op in self.operations:
            # what ProjectState.add_model does, without re-rendering after each model
            key = (app_label, op.name_lower)
            state.models[key] = ModelState(
                app_label, op.name, list(op.fields), dict(op.options), tuple(op.bases), list(op.managers)
            )
            if state._relations is not None:
                state.resolve_model_relations(key)
            keys.append(key)
        state.reload_models(keys, delay=False)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for op in self.operations:
            op.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for op in reversed(self.operations):
            op.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Create models " + ", ".join(op.name for op in self.operations)

    @property
    def migration_name_fragment(self):
        return "_".join(op.name_lower for op in self.operations)[:40]

    def references_model(self, name, app_label):
        return any(op.references_model(name, app_label) for op in self.operations)

    def reduce(self, operation, app_label):
        """For squashmigrations: an operation on one of the models is folded into its CreateModel (as
        CreateModel.reduce does); one on none of them can be moved across."""
        hit = [i for i, op in enumerate(self.operations) if operation.references_model(op.name, app_label)]
        if not hit:
            return True
        if len(hit) == 1:
            result = self.operations[hit[0]].reduce(operation, app_label)
            if isinstance(result, list) and all(isinstance(op, migrations.CreateModel) for op in result):
                rest = self.operations[: hit[0]] + result + self.operations[hit[0] + 1 :]
                return [CreateModels(rest)] if rest else []
        return super().reduce(operation, app_label)
