"""Reports and the staff dashboard: counts only, scoped by agency, small counts suppressed when
shared outside the agency."""
