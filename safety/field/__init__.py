"""The offline field app: its shell page, manifest and message catalogue (the app itself is static/js/)."""
