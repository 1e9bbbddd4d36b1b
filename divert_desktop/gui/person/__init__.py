"""A person's record: editing their details, and tabs other features add to the record page."""
