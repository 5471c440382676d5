from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "vendepunkt.registers"
    label = "registers"
    verbose_name = "Registerindberetning"
