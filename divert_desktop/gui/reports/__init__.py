"""Reports: the managers' reports page and the evaluation extract dialog."""
