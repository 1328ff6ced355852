"""PostgreSQL: keep statistics on ten times as many words of the search documents.

With the default, a word outside the most common few hundred is assumed to match about one
document in a hundred. A rare word ("leeds": 535 of a million) then looked common enough to
find its newest thousand by reading documents newest first, and that read all of them (2 s);
with figures for more words the planner takes the word's index instead (20 ms), and still
reads newest first for a common one.
"""

from django.db import migrations

TARGET = "ALTER TABLE search_complaint_doc ALTER COLUMN document SET STATISTICS {}"


def _set(target):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(TARGET.format(target))

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_set(1000), _set(-1))]
