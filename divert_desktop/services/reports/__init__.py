"""Reports: the commissioner's summaries, the referral export and the evaluation extract."""
