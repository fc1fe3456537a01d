"""Signing in and out, sessions, and who may see and do what."""
