"""Every table of the diagnosis as CSV (one table) or XLSX (one sheet per table).

The cells are the figures the report shows. Text cells a spreadsheet would run as a formula
get a leading quote in both formats (names come from editors and imports).
"""

import csv
import io

from openpyxl import Workbook

from portal.validators import spreadsheet_safe

SHEET_TITLE_LENGTH = 31  # Excel's limit


def _cell(value):
    return spreadsheet_safe(value) if isinstance(value, str) else value


def table_csv(table):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_cell(str(column)) for column in table.columns])
    writer.writerows([[_cell(value) for value in row] for row in table.rows])
    return "\ufeff" + buffer.getvalue()  # a BOM, so that spreadsheets read UTF-8


def tables_xlsx(tables):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(str(table.title)[:SHEET_TITLE_LENGTH].rstrip())
        sheet.append([str(column) for column in table.columns])
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
