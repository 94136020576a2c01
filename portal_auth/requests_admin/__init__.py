"""The staff side of requests and messages, inside the Wagtail admin (``/admin/requests/``).

Every screen filters through ``document_requests.requests_for_staff`` and
``school_messages.threads_for_staff``, which rest on ``portal_auth.scoping``: staff of one
school never see another school's requests or messages.
"""
