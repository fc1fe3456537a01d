"""Helpers for the users tests."""



