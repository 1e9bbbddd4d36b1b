"""Intake and import: referral drafts checked, phone intake saved, police files imported."""
