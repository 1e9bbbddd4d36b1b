"""Letters: wording, letterhead, the facts a letter needs, making and logging letters, batches."""
