"""The audit viewer's parts: the lazily paged events model, the filter bar and the details panel."""
