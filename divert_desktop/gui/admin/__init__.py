"""The Admin page's sections (one widget file each)."""
