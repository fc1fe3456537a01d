"""Pieces every feature uses: errors, column types, pagination, the sync revision counter."""
