"""Small real objects for the tests, never mocks, one module per concern.

``catalog`` (documents, resources), ``media`` (media assets), ``ebook`` (e-book pages, images,
videos), ``schools`` (the portal's organisation, people, their accounts and staff roles),
``records`` (marks, timetables, assessments, absences), ``desk`` (opening hours, families,
desk staff). Each takes what it hangs off as optional arguments and makes unique identifiers.
"""
