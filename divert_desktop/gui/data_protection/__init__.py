"""Data protection: the data protection page, subject access, merges and erasure."""
