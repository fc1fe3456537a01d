"""The issuing office's identity: its names, address, phone, seal text and document number prefixes."""
