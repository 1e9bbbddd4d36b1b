"""People: records, search keys of names, and merging duplicate records."""
