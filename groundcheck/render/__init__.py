"""Report -> something to look at: JSON, a Rich terminal view (HTML lives beside them)."""
