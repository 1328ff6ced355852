"""PostgreSQL: a tsvector table with a GIN index; pg_trgm over company names and aliases."""

from __future__ import annotations

from django.db import connection

from redressal.search.backends import filters_sql
from redressal.search.query import MARK_END, MARK_START, RANKED_MATCHES, SearchQuery

_SENTINELS = "E'\\uE000\\uE001'"


def _clean(expr: str) -> str:
    return f"translate({expr}, {_SENTINELS}, '')"


def _vector(expr: str, weight: str) -> str:
    # 'english' stems ("refunds" -> "refund"); 'simple' keeps every word as written, so
    # Hindi and stop words can still be found.
    return (
        f"setweight(to_tsvector('english', {expr}), '{weight}') || "
        f"setweight(to_tsvector('simple', {expr}), '{weight}')"
    )


_UPDATES = (
    "COALESCE((SELECT string_agg(u.body, E'\\n' ORDER BY u.created_at, u.id) "
    "FROM complaints_update u WHERE u.complaint_id = c.id), '')"
)
_INDEX_COMPLAINTS = f"""
INSERT INTO search_complaint_doc (complaint_id, created_at, updates, document)
SELECT c.id, c.created_at, x.updates,
    {_vector("c.title", "A")} || {_vector("c.body", "B")} || {_vector("x.company", "B")}
    || {_vector("c.product", "B")} || {_vector("x.updates", "C")}
FROM complaints_complaint c
JOIN companies_company co ON co.id = c.company_id
CROSS JOIN LATERAL (
    SELECT
        {_clean(_UPDATES)} AS updates,
        co.name || ' ' || COALESCE((
            SELECT string_agg(a, ' ') FROM jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(co.aliases) = 'array' THEN co.aliases ELSE '[]' END
            ) a
        ), '') AS company
) x
WHERE c.visibility = 'published'
"""  # noqa: S608 (constants only; values are parameters)

# Each name and alias, and each of their words on its own, so a misspelt word ("xiomi")
# is compared with "xiaomi" rather than with all of "Xiaomi India".
_INDEX_COMPANIES = """
INSERT INTO search_company_name (company_id, name)
SELECT DISTINCT n.id, t.name FROM (
    SELECT co.id, co.name FROM companies_company co WHERE {where}
    UNION ALL
    SELECT co.id, a FROM companies_company co,
        jsonb_array_elements_text(
            CASE WHEN jsonb_typeof(co.aliases) = 'array' THEN co.aliases ELSE '[]' END
        ) a
    WHERE {where}
) n
CROSS JOIN LATERAL (
    SELECT n.name
    UNION
    SELECT w FROM regexp_split_to_table(n.name, '[[:space:][:punct:]]+') w WHERE length(w) >= 3
) t (name)
WHERE t.name <> ''
"""

_QUERY = "(websearch_to_tsquery('english', %s) || websearch_to_tsquery('simple', %s))"


def index_complaint(complaint_id: int | None) -> None:
    with connection.cursor() as cursor:
        if complaint_id is None:
            cursor.execute("DELETE FROM search_complaint_doc")
            cursor.execute(_INDEX_COMPLAINTS)
        else:
            cursor.execute(
                "DELETE FROM search_complaint_doc WHERE complaint_id = %s", [complaint_id]
            )
            cursor.execute(_INDEX_COMPLAINTS + " AND c.id = %s", [complaint_id])


def index_company_complaints(company_id: int) -> None:
    """The company's posts carry its name and aliases: rebuild them after a rename."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM search_complaint_doc d USING complaints_complaint c "
            "WHERE c.id = d.complaint_id AND c.company_id = %s",
            [company_id],
        )
        cursor.execute(_INDEX_COMPLAINTS + " AND c.company_id = %s", [company_id])


def index_company(company_id: int | None) -> None:
    with connection.cursor() as cursor:
        if company_id is None:
            cursor.execute("DELETE FROM search_company_name")
            cursor.execute(_INDEX_COMPANIES.format(where="TRUE"))
        else:
            cursor.execute("DELETE FROM search_company_name WHERE company_id = %s", [company_id])
            cursor.execute(_INDEX_COMPANIES.format(where="co.id = %s"), [company_id, company_id])


def search_ids(query: SearchQuery, *, limit: int, offset: int) -> list[tuple[int, float]]:
    """The newest `RANKED_MATCHES` matches, by relevance or newest first: a word in every
    tenth complaint costs what a rare one does (ts_rank reads each document it ranks)."""
    where, params = filters_sql(query)
    text = query.parsed.websearch()
    matches = f"""
        SELECT c.id, ts_rank(d.document, q.query) AS rank, c.created_at = d.created_at AS same
        FROM search_complaint_doc d
        -- Joined on the id alone: the planner then reads the newest documents backwards
        -- by primary key and stops early, where a second join column made it sort them all.
        -- A row left behind for a reused id (another creation time) is dropped afterwards.
        JOIN complaints_complaint c ON c.id = d.complaint_id
        CROSS JOIN (SELECT {_QUERY} AS query) q
        WHERE d.document @@ q.query AND {where}
        ORDER BY d.complaint_id DESC
    """  # noqa: S608 (constants only; values are parameters)
    order = "rank DESC, id DESC" if query.sort == "relevance" else "id DESC"
    # Both orders page through the same newest matches, planned on their own (MATERIALIZED)
    # for all of them: a plan for the first twenty only walks far for a rare word.
    sql = f"""
        WITH m AS MATERIALIZED ({matches} LIMIT %s)
        SELECT id, rank FROM m WHERE same ORDER BY {order} LIMIT %s OFFSET %s
    """  # noqa: S608 (constants only; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, text, *params, RANKED_MATCHES, limit, offset])
        return [(row[0], row[1]) for row in cursor.fetchall()]


_HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=20, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


# ts_headline drops anything that looks like an HTML tag; hide the brackets from it and put
# them back afterwards, so a snippet shows exactly the text people wrote (escaped later).
_BRACKETS = "E'<>\\uE000\\uE001', E'\\uE002\\uE003'"


def _unbracket(text: str) -> str:
    return (text or "").replace("\ue002", "<").replace("\ue003", ">")


def snippets(query: SearchQuery, ids: list[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    text = query.parsed.websearch()
    sql = f"""
        SELECT c.id,
            ts_headline('english', translate(c.body, {_BRACKETS}), q.query, %s),
            ts_headline('english', translate(d.updates, {_BRACKETS}), q.query, %s)
        FROM complaints_complaint c
        JOIN search_complaint_doc d ON d.complaint_id = c.id AND d.created_at = c.created_at
        CROSS JOIN (SELECT {_QUERY} AS query) q
        WHERE c.id = ANY(%s)
    """  # noqa: S608 (constants only; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [_HEADLINE_OPTIONS, _HEADLINE_OPTIONS, text, text, list(ids)])
        return {row[0]: (_unbracket(row[1]), _unbracket(row[2])) for row in cursor.fetchall()}


def company_candidates(text: str, *, limit: int) -> list[int]:
    sql = """
        SELECT n.company_id,
            MAX(GREATEST(similarity(n.name, %s), word_similarity(%s, n.name))) AS score
        FROM search_company_name n
        JOIN companies_company co ON co.id = n.company_id
        WHERE co.is_listed AND (n.name %% %s OR %s <%% n.name)
        GROUP BY n.company_id
        ORDER BY score DESC LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, text, text, text, limit])
        return [row[0] for row in cursor.fetchall()]
