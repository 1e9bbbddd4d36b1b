"""Data protection: subject access exports, retention, anonymisation."""
