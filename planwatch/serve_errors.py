"""A Datasette plugin that answers a page not found (or any 4xx) with one log line, not a traceback.

Datasette's own error handler prints a full traceback, with every frame's
local variables, for every exception, so one mistyped address filled the
terminal with 90 lines (#18). A 4xx is the visitor's mistake, not the
server's: it gets Datasette's usual error page and one line on stderr
(`404 GET /plans/nope: Table not found`). Errors of the server itself (5xx)
are left to Datasette, which prints their traceback to stderr. Registered by `serve.make_datasette`.
"""

from __future__ import annotations

import sys

from datasette import Response, hookimpl
from datasette import handle_exception as default_handler
from datasette.plugins import pm
from datasette.utils.asgi import Base400

PLUGIN_NAME = "planwatch_serve_errors"


def register() -> None:
    """Register this module as a Datasette plugin, once per process, and quieten Datasette's own handler.

    Datasette's handler runs after this one whatever it answers; without rich
    it prints nothing for a 4xx and a plain traceback (stderr) for a 5xx.
    """
    default_handler.rich = None
    if pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(sys.modules[__name__], name=PLUGIN_NAME)


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    if not isinstance(exception, Base400):
        return None

    async def inner():
        status, message = exception.status, exception.args[0] if exception.args else str(exception)
        print(f"{status} {request.method} {request.full_path}: {message}", file=sys.stderr, flush=True)
        info = {"ok": False, "error": message, "status": status, "title": None}
        if request.path.endswith(".json"):
            return Response.json(info, status=status)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        page = await template.render_async(
            dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=lambda: []),
        )
        return Response.html(page, status=status)

    return inner
