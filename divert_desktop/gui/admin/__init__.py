"""Administration screens: account dialogs (role, reset, own password), the lock screen and
the Admin page's sections (one widget file each)."""
