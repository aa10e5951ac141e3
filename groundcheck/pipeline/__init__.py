"""The pipeline: small stages over one `Work` object (see checker.py for their order)."""
