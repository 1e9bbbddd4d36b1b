"""DIVERT Desktop: case management for a pre-arrest drug diversion scheme."""

__version__ = "0.1.0"
