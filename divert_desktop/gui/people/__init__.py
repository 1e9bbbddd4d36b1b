"""People: the people page and a person's record window."""
