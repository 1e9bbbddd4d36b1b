"""Demo data: a realistic synthetic caseload for training and screenshots."""
