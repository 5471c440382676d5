"""The treatment plan, its reviews and versions, discharge and the follow-ups after it (R24, R25,
R36, R37)."""
