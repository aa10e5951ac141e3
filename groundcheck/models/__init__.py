"""Model backends behind small protocols, so the pipeline never names a framework."""
