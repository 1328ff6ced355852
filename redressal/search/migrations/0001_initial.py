"""Search tables, one set per database vendor.

SQLite: FTS5 tables (complaints with porter stemming over unicode61, so "refunds" finds
"refund" and Devanagari marks stay inside words; company names with trigrams).
PostgreSQL: a tsvector table with a GIN index and a pg_trgm-indexed table of company names.
Rows are written by redressal.search.index; `manage.py reindex` rebuilds them.

No foreign keys: Django's test flush truncates only its own tables, and PostgreSQL refuses to
truncate a table that another references. Queries join the rows to their complaint by id
and creation time, so a row left behind (a deleted complaint, a reused SQLite id) is never
shown.
"""

from django.db import migrations

SQLITE = [
    """
    CREATE VIRTUAL TABLE search_complaint_fts USING fts5(
        title, body, updates, company, product, created_at UNINDEXED,
        tokenize = "porter unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
    )
    """,
    """
    CREATE VIRTUAL TABLE search_company_trgm USING fts5(
        name, aliases, tokenize = 'trigram'
    )
    """,
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS search_complaint_fts",
    "DROP TABLE IF EXISTS search_company_trgm",
]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE TABLE search_complaint_doc (
        complaint_id bigint PRIMARY KEY,
        created_at timestamptz NOT NULL,
        updates text NOT NULL DEFAULT '',
        document tsvector NOT NULL
    )
    """,
    # Every search: document @@ query.
    "CREATE INDEX search_complaint_doc_gin ON search_complaint_doc USING gin (document)",
    """
    CREATE TABLE search_company_name (
        id bigserial PRIMARY KEY,
        company_id bigint NOT NULL,
        name text NOT NULL
    )
    """,
    # Type-ahead: name % q and q <% name.
    "CREATE INDEX search_company_name_trgm ON search_company_name USING gin (name gin_trgm_ops)",
    # Re-indexing one company.
    "CREATE INDEX search_company_name_company ON search_company_name (company_id)",
]
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS search_company_name",
    "DROP TABLE IF EXISTS search_complaint_doc",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0007_spam_signals"),
        ("companies", "0003_claims"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
