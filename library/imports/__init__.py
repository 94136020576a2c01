"""What every import shares, the portal's and the catalogue's: reading CSV and XLSX within
limits (``tables``, ``archive``), the one table of column headers and finding the header row
(``headers``), the report (``report``), writing all or nothing (``writing``), template files
(``template_files``) and the ``manage.py import_*`` command base (``command``).

It sits in ``library`` so that the catalogue (which must not import the portal) and the portal
both use it; it knows no model of either.
"""
