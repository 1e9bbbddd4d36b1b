"""Casework: assessments, session notes, onward referrals, outcomes, engagement, drafts."""
