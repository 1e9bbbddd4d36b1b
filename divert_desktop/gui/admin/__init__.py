"""Administration screens: account dialogs (role, reset, own password) and the lock screen."""
