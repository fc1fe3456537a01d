"""Inspections: one visit to one enterprise against one checklist version."""
