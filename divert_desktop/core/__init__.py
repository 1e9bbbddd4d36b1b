"""Pure business rules of the DIVERT scheme: no Qt, no database, no I/O."""
