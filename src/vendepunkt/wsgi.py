import os

from django.core.wsgi import get_wsgi_application

from vendepunkt.envfile import load_env_file

load_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendepunkt.settings")
application = get_wsgi_application()
