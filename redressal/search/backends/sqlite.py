"""SQLite: FTS5 with porter stemming for complaints, trigrams for company names."""

from __future__ import annotations

from django.db import connection

from redressal.search.backends import filters_sql
from redressal.search.query import (
    MARK_END,
    MARK_START,
    RANKED_MATCHES,
    ParsedQuery,
    SearchQuery,
)


def _clean(expr: str) -> str:
    """SQL that removes the highlight sentinels from indexed text."""
    return f"replace(replace({expr}, char(57344), ''), char(57345), '')"


_UPDATES = (
    "COALESCE((SELECT group_concat(u.body, char(10)) FROM complaints_update u "
    "WHERE u.complaint_id = c.id), '')"
)
_COMPANY = (
    "co.name || ' ' || COALESCE((SELECT group_concat(j.value, ' ') "
    "FROM json_each(co.aliases) j), '')"
)
_INDEX_COMPLAINTS = f"""
INSERT INTO search_complaint_fts (rowid, title, body, updates, company, product, created_at)
SELECT c.id, {_clean("c.title")}, {_clean("c.body")}, {_clean(_UPDATES)}, {_clean(_COMPANY)},
    {_clean("c.product")}, c.created_at
FROM complaints_complaint c JOIN companies_company co ON co.id = c.company_id
WHERE c.visibility = 'published'
"""  # noqa: S608 (constants only; values are parameters)

_INDEX_COMPANIES = """
INSERT INTO search_company_trgm (rowid, name, aliases)
SELECT co.id, co.name,
    COALESCE((SELECT group_concat(j.value, ' | ') FROM json_each(co.aliases) j), '')
FROM companies_company co
"""

# Title and company/product outweigh the body; updates count least.
_BM25 = "bm25(search_complaint_fts, 10.0, 2.0, 1.0, 4.0, 4.0)"


def index_complaint(complaint_id: int | None) -> None:
    with connection.cursor() as cursor:
        if complaint_id is None:
            cursor.execute("DELETE FROM search_complaint_fts")
            cursor.execute(_INDEX_COMPLAINTS)
        else:
            cursor.execute("DELETE FROM search_complaint_fts WHERE rowid = %s", [complaint_id])
            cursor.execute(_INDEX_COMPLAINTS + " AND c.id = %s", [complaint_id])


def index_company_complaints(company_id: int) -> None:
    """The company's posts carry its name and aliases: rebuild them after a rename."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM search_complaint_fts WHERE rowid IN "
            "(SELECT id FROM complaints_complaint WHERE company_id = %s)",
            [company_id],
        )
        cursor.execute(_INDEX_COMPLAINTS + " AND c.company_id = %s", [company_id])


def index_company(company_id: int | None) -> None:
    with connection.cursor() as cursor:
        if company_id is None:
            cursor.execute("DELETE FROM search_company_trgm")
            cursor.execute(_INDEX_COMPANIES)
        else:
            cursor.execute("DELETE FROM search_company_trgm WHERE rowid = %s", [company_id])
            cursor.execute(_INDEX_COMPANIES + " WHERE co.id = %s", [company_id])


def _phrase(text: str) -> str:
    # Inside double quotes FTS5 reads nothing as syntax: NEAR, *, ^, :, () are just text.
    return '"' + text.replace('"', '""') + '"'


def match_expression(parsed: ParsedQuery) -> str:
    positive = " AND ".join(_phrase(t.text) for t in parsed.positive)
    if parsed.negative:
        negative = " OR ".join(_phrase(t.text) for t in parsed.negative)
        return f"({positive}) NOT ({negative})"
    return positive


def search_ids(query: SearchQuery, *, limit: int, offset: int) -> list[tuple[int, float]]:
    """Newest first walks the index's doclists from the top and stops at the page; relevance
    ranks the newest `RANKED_MATCHES` matches only, so a word in every tenth complaint costs
    what a rare one does."""
    where, params = filters_sql(query)
    matches = f"""
        SELECT c.id AS id, {_BM25} AS rank
        FROM search_complaint_fts JOIN complaints_complaint c
            ON c.id = search_complaint_fts.rowid AND c.created_at = search_complaint_fts.created_at
        WHERE search_complaint_fts MATCH %s AND {where}
        ORDER BY search_complaint_fts.rowid DESC
    """  # noqa: S608 (constants only; values are parameters)
    if query.sort == "relevance":
        sql = f"SELECT id, rank FROM ({matches} LIMIT %s) ORDER BY rank, id DESC LIMIT %s OFFSET %s"  # noqa: S608
        arguments = [match_expression(query.parsed), *params, RANKED_MATCHES, limit, offset]
    else:
        sql = f"{matches} LIMIT %s OFFSET %s"
        arguments = [match_expression(query.parsed), *params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        return [(row[0], -row[1]) for row in cursor.fetchall()]


def snippets(query: SearchQuery, ids: list[int]) -> dict[int, tuple[str, str]]:
    """(body snippet, updates snippet) per id, hits between the sentinels."""
    if not ids:
        return {}
    marks = [MARK_START, MARK_END, " … "]
    placeholders = ", ".join(["%s"] * len(ids))
    sql = f"""
        SELECT rowid,
            snippet(search_complaint_fts, 1, %s, %s, %s, 40),
            snippet(search_complaint_fts, 2, %s, %s, %s, 40)
        FROM search_complaint_fts
        WHERE search_complaint_fts MATCH %s AND rowid IN ({placeholders})
    """  # noqa: S608 (constants only; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*marks, *marks, match_expression(query.parsed), *ids])
        return {row[0]: (row[1] or "", row[2] or "") for row in cursor.fetchall()}


def company_candidates(text: str, *, limit: int) -> list[int]:
    """Listed companies sharing trigrams with the text, most shared first."""
    grams = {text[i : i + 3] for i in range(len(text) - 2)}
    grams = [g for g in grams if g.strip()]
    if not grams:
        return []
    expression = " OR ".join(_phrase(g) for g in sorted(grams))
    sql = """
        SELECT co.id FROM search_company_trgm
        JOIN companies_company co ON co.id = search_company_trgm.rowid
        WHERE search_company_trgm MATCH %s AND co.is_listed
        ORDER BY rank LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, limit])
        return [row[0] for row in cursor.fetchall()]
