"""Leaders' reports: key figures, flow, retention, outcomes, capacity, the goal-attainment annex,
with CSV and XLSX exports (R42–R44)."""
