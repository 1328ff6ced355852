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


@postgres_only
def test_the_planner_keeps_parallel_workers_for_large_reads():
    with connection.cursor() as cursor:
        cursor.execute("SHOW parallel_setup_cost")
        assert cursor.fetchone() == ("10000",)


def _model_fields(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_a_kept_first_is_the_object_the_orm_reads(django_assert_num_queries):
    from redressal.api.models import ApiToken
    from redressal.api.services import create_token

    token, _ = create_token(user=ComplaintFactory().author, name="t")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.created_at)

    def compose(hashed):
        return ApiToken.objects.active().select_related("user").filter(hashed_key=hashed)

    expected = compose(token.hashed_key).first()
    for _ in range(2):  # composed, then from the kept SQL
        with django_assert_num_queries(1):
            found = stored_sql.first(("test-token",), ApiToken, compose, token.hashed_key)
            # The related user came with it, with its datetimes and flags as the ORM reads them.
            assert _model_fields(found.user) == _model_fields(expected.user)
        assert _model_fields(found) == _model_fields(expected)
        assert found._state.db == DEFAULT_DB_ALIAS and not found._state.adding
    assert stored_sql.first(("test-token",), ApiToken, compose, "no-such-hash") is None


def test_a_kept_first_binds_each_value_it_is_given():
    first, second = CompanyFactory(), CompanyFactory()
    type(first).objects.filter(pk=second.pk).update(name="Renamed")

    def by_slug(slug):
        return type(first).objects.filter(slug=slug)

    assert stored_sql.first(("test-slug",), type(first), by_slug, first.slug).pk == first.pk
    found = stored_sql.first(("test-slug",), type(first), by_slug, second.slug)
    assert (found.pk, found.name) == (second.pk, "Renamed")


def test_a_value_the_orm_changes_on_its_way_into_the_sql_is_read_through_the_orm():
    company = CompanyFactory(name="Kumar Electronics")
    model = type(company)

    def containing(text):  # the value becomes '%text%' in the SQL: nothing to bind as is
        return model.objects.filter(name__contains=text)

    assert stored_sql.first(("test-contains",), model, containing, "Electro").pk == company.pk
    assert stored_sql.first(("test-contains",), model, containing, "Nothing like it") is None


def test_a_lookup_that_cannot_take_the_placeholder_is_read_through_the_orm():
    company = CompanyFactory()
    model = type(company)

    def by_pk(pk):  # an integer column: the ORM refuses a string before any SQL is made
        return model.objects.filter(pk=pk)

    assert stored_sql.first(("test-pk",), model, by_pk, company.pk).pk == company.pk
    assert stored_sql.first(("test-pk",), model, by_pk, company.pk + 1000) is None


def _columns(obj) -> dict:
    """Every column of `obj`'s row as the ORM reads it back."""
    return _model_fields(type(obj).objects.get(pk=obj.pk))


def _fields_of(post) -> dict:
    """What a new post needs to be a copy of `post`: every column but the id."""
    fields = _model_fields(post)
    del fields[Complaint._meta.pk.attname]
    return fields


def test_an_insert_stores_the_row_save_would(django_assert_num_queries):
    post = ComplaintFactory()
    fields = _fields_of(post)
    fields.update(
        original_body="Call me on 98765 43210",
        protected_spans={"body": [[8, 22, "phone"]]},
        private_details="Order 123-456",
        rating=4,
    )
    by_orm = Complaint(**fields)
    by_orm.save()
    kept = Complaint(**fields)

    with django_assert_num_queries(1):
        stored_sql.insert(kept)

    assert kept.pk not in (None, by_orm.pk)
    assert not kept._state.adding
    assert _columns(kept) == {**_columns(by_orm), "id": kept.pk}
    assert _columns(kept)["original_body"] == "Call me on 98765 43210"


def test_an_insert_takes_the_id_of_a_related_object_saved_after_it_was_assigned():
    from redressal.notifications.models import Follow

    post = ComplaintFactory()
    user = type(post.author)(username="later", email="later@example.com")
    follow = Follow(user=user, complaint=post)
    user.save()

    stored_sql.insert(follow)

    assert Follow.objects.get(pk=follow.pk).user_id == user.pk


def test_an_insert_with_ignore_conflicts_skips_a_row_that_breaks_a_unique_constraint():
    from redressal.notifications.models import Follow

    post = ComplaintFactory()
    stored_sql.insert(Follow(user=post.author, complaint=post), ignore_conflicts=True)
    stored_sql.insert(Follow(user=post.author, complaint=post), ignore_conflicts=True)

    assert Follow.objects.filter(user=post.author, complaint=post).count() == 1


def test_an_insert_with_an_expression_goes_through_the_orm():
    from django.db.models.functions import Now

    post = ComplaintFactory()
    fields = _fields_of(post)
    stored = Complaint(**{**fields, "last_activity_at": Now()})

    stored_sql.insert(stored)

    assert Complaint.objects.filter(pk=stored.pk).exists()


def test_an_insert_needs_an_automatic_primary_key():
    from django.contrib.sessions.models import Session

    with pytest.raises(TypeError):
        stored_sql.insert(Session(session_key="x", session_data="", expire_date=None))
