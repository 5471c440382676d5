"""Reports from the records (R42–R44): KPI facts, the goal-attainment annex, leaders' figures and
their exports. The formulas are pure (`vendepunkt.rules.kpi`); this package reads the records."""
