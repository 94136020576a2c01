"""The campaign e-book: composed as a Wagtail page, built as EPUB 3 and PDF, sent to directors.

Modules, one concern each: ``blocks`` (the chapter StreamField), ``models`` (the page, its builds
and deliveries), ``content`` (turns a page into a neutral book both builders read), ``epub`` and
``pdf`` (the writers), ``building`` (versioned builds), ``recipients`` and ``sending`` (mail),
``tasks`` (the task-queue entry points), ``admin_views`` and ``admin_hooks`` (the editor's
screens). Nothing here imports ``portal_auth``: recipients come from an injected provider.
"""
