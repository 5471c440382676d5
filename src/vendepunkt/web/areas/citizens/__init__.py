"""The citizen screens: find, register, the citizen page, linking and the access log."""
