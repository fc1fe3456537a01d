"""Helpers for the sync tests."""



