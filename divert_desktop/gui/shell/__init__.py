"""The shell: application, main window, pages' base, sign-in, first run, task runner, help."""
