"""A small pre-forking, thread-pooled WSGI server for benchmarks, from the standard library only
(gunicorn is not a dependency of Heard). Like gunicorn's gthread worker: the parent binds one
listening socket, forks N worker processes that accept from it, and each worker hands requests to
a fixed pool of threads, so database connections are reused across requests.

    python -m bench._wsgi_server --port 8765 --workers 2 --threads 8
"""

import argparse
import contextlib
import os
import signal
import socket
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from socketserver import BaseServer
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

ROOT = Path(__file__).resolve().parent.parent


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


class PooledWSGIServer(WSGIServer):
    """wsgiref's server with requests handled on a fixed pool of threads."""

    def __init__(self, listener: socket.socket, port: int, threads: int) -> None:
        BaseServer.__init__(self, ("127.0.0.1", port), QuietHandler)
        self.socket = listener
        self.server_name = "127.0.0.1"
        self.server_port = port
        self.setup_environ()
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="wsgi")

    def fileno(self):
        return self.socket.fileno()

    def get_request(self):
        connection, address = self.socket.accept()
        # wsgiref writes the headers and the body separately: without this, Nagle's algorithm and
        # the client's delayed acknowledgement add some 40 ms to every response.
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address

    def shutdown_request(self, request):
        with contextlib.suppress(OSError):
            request.shutdown(socket.SHUT_WR)
        request.close()

    def close_request(self, request):
        request.close()

    def process_request(self, request, client_address):
        self.pool.submit(self._handle, request, client_address)

    def _handle(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


def serve(listener: socket.socket, port: int, threads: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from config.wsgi import application

    # Every worker waits on the same socket; the one that loses the race to accept goes back to
    # waiting instead of blocking.
    listener.setblocking(False)
    server = PooledWSGIServer(listener, port, threads)
    server.set_app(application)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server.serve_forever(poll_interval=0.5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(2048)
    children = []
    for _ in range(args.workers):
        pid = os.fork()
        if pid == 0:
            serve(listener, args.port, args.threads)
            os._exit(0)
        children.append(pid)

    def stop(*_):
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)
        for child in children:  # reaped, so that their CPU time counts as this process's
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(
        f"Serving on http://127.0.0.1:{args.port}/ with {args.workers} workers x {args.threads} threads",
        flush=True,
    )
    for child in children:
        os.waitpid(child, 0)


if __name__ == "__main__":
    main()
