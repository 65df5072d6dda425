"""ASGI entry point, served in production by granian (``python -m modelref.serve``)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelref.settings")
django_application = get_asgi_application()

from modelref.bodylimit import RequestBodyLimitMiddleware  # noqa: E402
from modelref.pathsend import PathsendMiddleware  # noqa: E402

application = RequestBodyLimitMiddleware(PathsendMiddleware(django_application))
