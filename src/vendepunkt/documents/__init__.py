"""Documents for people to read and print: the public document of a standard (`standard`), the
goal-attainment annex (`annex`) and, through the one PDF function (`pdf.html_to_pdf`), the
decision letter (`courses/letters.py`) and the access export (`rights/document.py`).

The room renders; it does not decide who may read what: the callers check permissions and log
reads. Its templates are in `web/templates` (the command line configures the template engine
with that app only), its stylesheets are the site's own (`styles.STATIC`)."""
