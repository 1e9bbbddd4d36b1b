"""The diary: booking, moving and marking appointments, its views, free slots and the slot feed."""
