# Tiny development web server: serves this folder on port 8000.
# Every event goes to /log/htpp-server.log and to the terminal (stderr).
import getpass
import http.server
import logging
import socketserver
import sys

PORT = 8000

log = logging.getLogger()
log.setLevel(logging.INFO)
to_file = logging.FileHandler("/log/htpp-server.log")
to_terminal = logging.StreamHandler(sys.stderr)
for destination in (to_file, to_terminal):
    destination.setFormatter(logging.Formatter("%(asctime)s - %(levelname)s - %(message)s"))
    log.addHandler(destination)


class LoggingHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        log.info("%s - %s", self.client_address[0], fmt % args)


log.info("initializing...")
socketserver.TCPServer.allow_reuse_address = True
server = socketserver.TCPServer(("", PORT), LoggingHandler)
log.info("listening port: %s", PORT)
log.info("user: %s", getpass.getuser())
server.serve_forever()
