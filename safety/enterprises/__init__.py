"""Enterprises under supervision: the register, bulk import and export, QR labels."""
