"""The one table of import headers, and finding the header row below a sheet's title rows."""

from __future__ import annotations

import pytest

from library.imports.headers import (
    COLUMNS,
    AmbiguousHeader,
    alias_table,
    check_unambiguous,
    find_header,
    labels,
)
from library.imports.tables import Table, normalise_header
from portal_auth.importers.template_columns import READ_COLUMNS, TEMPLATE_COLUMNS


@pytest.mark.parametrize("kind", sorted(READ_COLUMNS))
def test_no_header_means_two_columns_of_one_importer(kind):
    fields, numbered = READ_COLUMNS[kind]
    check_unambiguous(fields, numbered)


def test_a_shared_header_between_two_columns_is_refused():
    # «الاسم» is the first name in a pupils file and the full name in a marks sheet: never both.
    with pytest.raises(AmbiguousHeader):
        alias_table(["first_name_ar", "full_name"])


@pytest.mark.parametrize("kind", sorted(TEMPLATE_COLUMNS))
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_template_header_reads_back_as_its_column(kind, language):
    fields = TEMPLATE_COLUMNS[kind]
    read, numbered = READ_COLUMNS[kind]
    table = alias_table(read, numbered)
    read_back = [table[normalise_header(label)] for label in labels(fields, language)]
    assert [key.rstrip("1") if key[:-1] in numbered else key for key in read_back] == list(fields)


@pytest.mark.parametrize(
    "header", ["رقم التلميذ", "الرمز", "code massar", "CNE", "Code Massar", "رمز مسار", "رقم مسار"]
)
def test_every_massar_code_synonym_is_the_massar_code(header):
    assert alias_table(["massar_code"])[normalise_header(header)] == "massar_code"


def test_the_labels_are_among_the_synonyms():
    for column in COLUMNS.values():
        assert column.ar in column.names and column.fr in column.names


def test_the_header_row_is_found_below_title_rows():
    rows = [
        (2, ["الأكاديمية الجهوية للتربية والتكوين"]),
        (3, []),
        (4, ["رقم التلميذ", "القسم", "النسب"]),
        (5, ["J130000001", "1BAC-SP-1", "العلوي"]),
    ]
    table = Table(["وزارة التربية الوطنية"], rows, "xlsx", 1)
    found, columns = find_header(
        table, ["massar_code", "class_name", "last_name_ar"], ["massar_code"]
    )
    assert found.header_row == 4
    assert columns == {"massar_code": 0, "class_name": 1, "last_name_ar": 2}
    assert found.rows == [(5, ["J130000001", "1BAC-SP-1", "العلوي"])]


def test_without_the_anchor_the_first_row_stays_the_header():
    table = Table(["Nom", "Classe"], [(2, ["A", "B"])], "utf-8", 1)
    found, columns = find_header(table, ["massar_code", "class_name"], ["massar_code"])
    assert found is table and columns == {"class_name": 1}
