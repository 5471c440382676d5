from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "vendepunkt.courses"
    label = "courses"
    verbose_name = "Forløb"
