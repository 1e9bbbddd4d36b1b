"""Documents: ReportLab letters, day sheets and summaries. DTOs in, PDF bytes out. No Qt."""
