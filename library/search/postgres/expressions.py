"""SQL expressions over the index vectors, always with the query text as a parameter.

They compile their column through Django, so they stay correct when the entries query becomes a
subquery (where Django renames the table ``U0``).
"""

from django.db.models import BooleanField, F, FloatField, Func


class Matches(Func):
    """``<vector> @@ <tsquery literal>::tsquery``."""

    output_field = BooleanField()

    def __init__(self, column: str, tsquery: str):
        super().__init__(F(column))
        self.tsquery = tsquery

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"({column} @@ %s::tsquery)", [*params, self.tsquery]


class Rank(Func):
    """Sum of ``ts_rank(weights, <vector>, <tsquery>, 1) * boost`` over the scoring parts."""

    output_field = FloatField()

    def __init__(self, column: str, weights: str, parts: list[tuple[str, float]]):
        super().__init__(F(column))
        self.weights = weights
        self.parts = parts

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.source_expressions[0])
        sql, params = [], []
        for tsquery, boost in self.parts:
            sql.append(f"ts_rank(%s::float4[], {column}, %s::tsquery, 1) * %s")
            params.extend([self.weights, *column_params, tsquery, float(boost)])
        return "(" + " + ".join(sql) + ")", params


class Unindexed(Func):
    """A column the planner cannot answer from a B-tree (``col + 0``, ``col || ''``).

    The entries' ``index_name`` and ``content_type`` filters hold for most rows: answered from
    their B-trees, PostgreSQL would then test ``@@`` row by row (detoasting every vector) instead
    of reading the GIN index and filtering its matches."""

    def __init__(self, column: str, output_field):
        super().__init__(F(column), output_field=output_field)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if self.output_field.get_internal_type() in ("CharField", "TextField"):
            return f"({column} || '')", params
        return f"({column} + 0)", params
