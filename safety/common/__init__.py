"""Pieces every feature uses, one way each: errors and showing them on forms, the acting user, the office's
calendar, column types, pagination, workbook cells, the API's helpers and the sync revision counter."""
