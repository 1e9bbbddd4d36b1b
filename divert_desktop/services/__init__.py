"""Use cases of DIVERT Desktop. Each public call is one unit of work and returns DTOs. No Qt."""
