"""A small HTTP/1.1 client over TCP or a unix socket (the stdlib's, without redirects)."""

from __future__ import annotations

import http.client
import socket
from dataclasses import dataclass, field


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float):
        super().__init__("127.0.0.1", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    cookies: list[str] = field(default_factory=list)  # every Set-Cookie line

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Client:
    host: str
    port: int | None = None
    unix_path: str | None = None

    @classmethod
    def tcp(cls, host: str, port: int) -> Client:
        return cls(host=host, port=port)

    @classmethod
    def unix(cls, path: str) -> Client:
        return cls(host="127.0.0.1", unix_path=path)

    def get(
        self, path: str, method: str = "GET", body: bytes | None = None, **headers: str
    ) -> Response:
        if self.unix_path:
            connection = _UnixConnection(self.unix_path, timeout=30)
        else:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            sent = {"Host": "127.0.0.1"}
            sent.update({name.replace("_", "-"): value for name, value in headers.items()})
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            content = answer.read()
            names = {name.lower(): value for name, value in answer.getheaders()}
            response = Response(answer.status, names, content)
            response.cookies = answer.msg.get_all("Set-Cookie") or []
            return response
        finally:
            connection.close()
