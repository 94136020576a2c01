import collections
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.factories.schools import make_class, make_pupil, make_school

pytestmark = pytest.mark.django_db

def test_measure(client_for):
    school = make_school()
    make_pupil(make_class(school))
    client = client_for("director", school)
    client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("wagtailadmin_home"))
    assert r.status_code == 200
    c = collections.Counter()
    for q in ctx.captured_queries:
        sql = q["sql"]
        t = sql.split(" FROM ")[1].split()[0] if " FROM " in sql else sql[:30]
        c[t] += 1
    print(len(ctx.captured_queries), c.most_common())
