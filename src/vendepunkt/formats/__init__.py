"""Django's date and number formats, where Vendepunkt's differ from Django's own (FORMAT_MODULE_PATH
in settings). Danish keeps Django's Danish formats."""
