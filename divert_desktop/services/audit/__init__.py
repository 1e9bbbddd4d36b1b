"""The audit trail: writing events, the keyed chain, checkpoints, verifying, the viewer's queries."""
