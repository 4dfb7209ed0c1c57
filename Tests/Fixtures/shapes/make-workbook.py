"""Writes workbook.xlsx and its CSV twins (workbook-panel.csv, workbook-targets.csv) from invented rows.

Run with openpyxl installed (python3 -m venv /tmp/v && /tmp/v/bin/pip install openpyxl):
    /tmp/v/bin/python Tests/Fixtures/shapes/make-workbook.py
The workbook has two sheets: "panel" (a long panel: series_id, year, value, note; an empty row in the
middle, notes only on some rows, one value left empty) and "targets" (the targets of the panel).
"""
import csv
import os

import openpyxl

here = os.path.dirname(os.path.abspath(__file__))
panel = [("series_id", "year", "value", "note")]
levels = {"north:income": (100.0, 4.0), "south:income": (80.0, 1.5), "east:income": (120.0, -1.0)}
for sid, (start, step) in levels.items():
    for k, year in enumerate(range(2015, 2023)):
        value = round(start + step * k + (0.3 if k % 3 == 0 else -0.2), 2)
        note = "estimate, provisional" if year == 2022 else None
        if sid == "south:income" and year == 2018:
            value = None  # an empty cell: a missing observation
        panel.append((sid, year, value, note))
targets = [
    ("target_id", "series_id", "form", "bound", "value", "baseline", "baseline_year", "target_year"),
    ("north-2030", "north:income", "level", ">=", 160, None, 2015, 2030),
    ("south-2030", "south:income", "level", ">=", 110, None, 2015, 2030),
    ("east-2030", "east:income", "level", ">=", 130, None, 2015, 2030),
]

book = openpyxl.Workbook()
sheet = book.active
sheet.title = "panel"
for i, row in enumerate(panel):
    if i == 9:
        sheet.append([])  # an empty row in the sheet: a blank line in CSV, skipped
    sheet.append(list(row))
t = book.create_sheet("targets")
for row in targets:
    t.append(list(row))
book.save(os.path.join(here, "workbook.xlsx"))


def write_csv(name, rows):
    with open(os.path.join(here, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


write_csv("workbook-panel.csv", panel)
write_csv("workbook-targets.csv", targets)
