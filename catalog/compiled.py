"""Queries built with the ORM once per process and run many times: building and compiling a
small query costs Django more than PostgreSQL takes to run it. What changes from one run to
the next is left in the compiled SQL as a named parameter (``Given``), filled in by ``run``.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Expression, F, Field, Lookup


class Given(Expression):
    """A value left as a parameter named ``name`` in the compiled SQL and filled in when it
    runs: one compiled query serves every value."""

    def __init__(self, name: str, output_field) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]


class AnyOf(Lookup):
    """``column = ANY(list)``: with a ``Given`` list, one compiled query serves lists of any
    length (``__in`` compiles one placeholder per item)."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def any_given(column: str, name: str, field: type[Field]) -> AnyOf:
    """A filter: ``column`` is one of the ``Given`` list named ``name`` (of ``field`` values)."""
    return AnyOf(F(column), Given(name, ArrayField(field())))


def filled(params, given: dict) -> list:
    """``params`` of a compiled query with each ``Given`` replaced by its value."""
    return [given[p.name] if isinstance(p, Given) else p for p in params]


def _fetch(compiled: tuple[str, tuple], given: dict) -> tuple[list[str], list[tuple]]:
    sql, params = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, filled(params, given))
        return [column.name for column in cursor.description], cursor.fetchall()


def run(compiled: tuple[str, tuple], **given) -> list[dict]:
    """The rows of a compiled ``values()`` query as dicts named by their columns (a field's
    column, an annotation's alias), its ``Given`` parameters filled from ``given``."""
    names, rows = _fetch(compiled, given)
    return [dict(zip(names, row, strict=True)) for row in rows]


def run_rows(compiled: tuple[str, tuple], **given) -> list[tuple]:
    """The rows of a compiled query as tuples, in its columns' order."""
    return _fetch(compiled, given)[1]
