"""Python forms generated from ``ui/*.ui`` by ``installer/build_ui.py`` (generated, do not edit)."""
