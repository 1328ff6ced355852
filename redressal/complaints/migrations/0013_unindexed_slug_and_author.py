"""The slug and the author lose their single-column indexes: posts are never found by slug,
and complaint_author_idx (author, -created_at) serves every look-up by author. Both were
written on every insert (and, on PostgreSQL, on every update that is not HOT).

The indexes are dropped by name as the database reports them, not by AlterField: on SQLite
that would copy the whole table twice (minutes at a million posts)."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

UNINDEXED = ("author", "slug")


def _single_column_indexes(schema_editor, model) -> list[str]:
    columns = [[model._meta.get_field(name).column] for name in UNINDEXED]
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [
        name
        for name, info in constraints.items()
        if info["index"]
        and not info["unique"]
        and not info["primary_key"]
        and info["columns"] in columns
    ]


def drop_indexes(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    for name in _single_column_indexes(schema_editor, Complaint):
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_indexes(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    for name in UNINDEXED:
        field = Complaint._meta.get_field(name)
        schema_editor.execute(schema_editor._create_index_sql(Complaint, fields=[field]))
        like = getattr(schema_editor, "_create_like_index_sql", lambda model, field: None)
        if (statement := like(Complaint, field)) is not None:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0012_card_revision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="complaint",
                    name="author",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="complaint",
                    name="slug",
                    field=models.SlugField(db_index=False, max_length=80),
                ),
            ],
        ),
    ]
