"""Letters in the app: preview and print one letter, batches, the wording and the letterhead."""
