"""The gateway backend named by ``MAKTABA_SMS["BACKEND"]``."""

from __future__ import annotations

from django.utils.module_loading import import_string

from ..conf import sms_setting
from .base import BaseSmsBackend, GatewayError, Outgoing, PermanentGatewayError


def get_backend() -> BaseSmsBackend:
    return import_string(sms_setting("BACKEND"))()


__all__ = ["BaseSmsBackend", "GatewayError", "Outgoing", "PermanentGatewayError", "get_backend"]
