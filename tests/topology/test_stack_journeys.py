"""What people do, over real HTTP through nginx on the production stack."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.topology


class Visitor:
    """One person's phone: keeps the cookies the site sets, like a browser."""

    def __init__(self, client):
        self.client = client
        self.cookies: dict[str, str] = {}

    def _headers(self) -> dict[str, str]:
        jar = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": jar} if jar else {}

    def _keep(self, response) -> None:
        for line in response.cookies:
            name, _, rest = line.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, path: str):
        response = self.client.get(path, **self._headers())
        self._keep(response)
        return response

    def submit(self, path: str, fields: dict[str, str]):
        """GET the form, then POST it with its CSRF token, as a browser would."""
        form = self.get(path)
        assert form.status == 200, form.status
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)
        body = urlencode({"csrfmiddlewaretoken": token.decode(), **fields}).encode()
        response = self.client.get(
            path,
            method="POST",
            body=body,
            **{"Content-Type": "application/x-www-form-urlencoded"},
            **self._headers(),
        )
        self._keep(response)
        return response


def test_a_pupil_activates_with_the_code_from_the_school_and_sees_published_marks(stack):
    slip = stack.stack_data("pupil_code", "journey")
    pupil = Visitor(stack.nginx)
    password = "ma-kalima-sirr-2026"
    answer = pupil.submit(
        "/account/activate/pupil/",
        {
            "massar_code": slip["massar_code"],
            "code": slip["code"],
            "password1": password,
            "password2": password,
        },
    )
    assert answer.status == 302, answer.body[-2000:]
    marks = pupil.get("/account/marks/")
    assert marks.status == 200
    assert re.search(rb"\d+[.,]\d\d", marks.body), "no published mark on the page"
    stranger = Visitor(stack.nginx)
    assert stranger.get("/account/marks/").status == 302  # to sign-in: marks are the pupil's
