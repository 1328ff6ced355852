from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DEFAULT_DB_ALIAS, connection

from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints.models import Complaint
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.core import stored_sql

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def prepared_statements(marker: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{marker}%"],
        )
        return cursor.fetchone()[0]


def test_a_read_with_parameters_answers_as_the_data_is_now(django_assert_num_queries):
    company = CompanyFactory(name="Before")
    sql = "SELECT name FROM companies_company WHERE slug = %s"

    with django_assert_num_queries(1):
        assert stored_sql.fetch(DEFAULT_DB_ALIAS, sql, [company.slug]) == [("Before",)]
    type(company).objects.filter(pk=company.pk).update(name="After")

    assert stored_sql.fetch(DEFAULT_DB_ALIAS, sql, [company.slug]) == [("After",)]
    assert stored_sql.fetch(DEFAULT_DB_ALIAS, sql, ["no-such-company"]) == []


def test_a_datetime_parameter_compares_as_the_column_stores_it():
    post = ComplaintFactory()
    sql = "SELECT id FROM complaints_complaint WHERE created_at >= %s"

    assert stored_sql.fetch(DEFAULT_DB_ALIAS, sql, [post.created_at]) == [(post.pk,)]
    later = post.created_at + timedelta(microseconds=1)
    assert stored_sql.fetch(DEFAULT_DB_ALIAS, sql, [later]) == []


@postgres_only
def test_a_read_run_often_is_prepared_once_on_the_connection():
    companies = [CompanyFactory() for _ in range(3)]
    sql = "SELECT id /* prepared-read */ FROM companies_company WHERE slug = %s"

    for _ in range(3):
        for company in companies:
            assert stored_sql.fetch(DEFAULT_DB_ALIAS, sql, [company.slug]) == [(company.pk,)]

    assert prepared_statements("prepared-read") == 1


@postgres_only
def test_without_prepared_reads_nothing_is_prepared(monkeypatch):
    options = {**connection.settings_dict["OPTIONS"], "prepare_threshold": None}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    company = CompanyFactory()
    sql = "SELECT id /* unprepared-read */ FROM companies_company WHERE slug = %s"

    for _ in range(8):
        assert stored_sql.fetch(DEFAULT_DB_ALIAS, sql, [company.slug]) == [(company.pk,)]

    assert prepared_statements("unprepared-read") == 0


@postgres_only
def test_a_kept_list_has_its_values_in_its_sql_so_that_its_plan_is_made_for_them():
    stored_sql.forget()
    company = CompanyFactory()
    post = ComplaintFactory(company=company)

    def compose():
        return Complaint.objects.published().filter(company=company).values_list("pk", named=True)

    for _ in range(6):
        assert stored_sql.rows(("values", company.pk), Complaint, compose) == [(post.pk,)]

    kept = stored_sql._kept[(DEFAULT_DB_ALIAS, "values", company.pk)]
    assert kept.params == ()
    assert "'published'" in kept.sql
    assert f"= {company.pk}" in kept.sql


@postgres_only
def test_the_planner_knows_random_reads_are_cheap():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
