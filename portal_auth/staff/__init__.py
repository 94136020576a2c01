"""Staff screens inside the Wagtail admin: pupils, guardians, classes, codes, import, log.

Every screen filters through ``portal_auth.schools.scoping``: an object outside the user's schools is a
404 (guessing IDs reveals nothing), an object inside them but beyond the role's capability is a
403 (a teacher who may look but not issue codes).
"""
