"""The REST API (issue 5 § 1): the same services as the staff web application, over JSON, with
personal API tokens or the signed-in session. See docs/api.md."""
