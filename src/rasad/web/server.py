"""Running the app under uvicorn so that it stops when told to (issue 21, finding 1).

On SIGTERM or SIGINT uvicorn stops accepting connections and waits for the requests under way to end. A
request waiting on an analysis (or on reading a PDF) would hold it for that work's whole budget, minutes:
SIGTERM "did not stop the server". So the signal first kills the app's analysis and reading workers; the
requests waiting on them return at once (their reports stored, not analysed), and the server exits.
Anything else still under way after ``GRACEFUL_SHUTDOWN_S`` (a slow download) is cancelled.
"""

from __future__ import annotations

from typing import Any

import uvicorn

GRACEFUL_SHUTDOWN_S = 10


class StoppingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, web_app: Any) -> None:
        super().__init__(config)
        self.web_app = web_app

    def handle_exit(self, sig: int, frame: Any) -> None:
        from rasad.web.views.ingest import stop_analysis

        stop_analysis(self.web_app)
        super().handle_exit(sig, frame)


def serve_app(web_app: Any, host: str, port: int) -> None:
    # Proxy headers are the app's business (RASAD_TRUSTED_PROXIES, off by default), not uvicorn's: its
    # default believes X-Forwarded-For from any process on this machine.
    config = uvicorn.Config(web_app, host=host, port=port, proxy_headers=False, server_header=False,
                            log_level="warning", timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S)
    StoppingServer(config, web_app).run()
