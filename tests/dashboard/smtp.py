"""A real SMTP server on a free port, in a thread, for the mail tests: it refuses every
connection (554 at the greeting), or accepts and keeps what it is sent."""

import socketserver
import threading
from email import message_from_bytes


class SMTPServer:
    def __init__(self):
        self.refusing = True
        self.received: list = []
        self.connections = 0
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self) -> None:
                server.connections += 1
                if server.refusing:
                    self.reply("554 5.3.2 mail service unavailable")
                    return
                self.reply("220 test ESMTP")
                while line := self.rfile.readline():
                    verb = line.strip().split(b" ")[0].upper()
                    if verb == b"DATA":
                        self.reply("354 go on")
                        data = b""
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            data += chunk
                        server.received.append(message_from_bytes(data))
                        self.reply("250 queued")
                    elif verb == b"QUIT":
                        self.reply("221 bye")
                        return
                    elif verb == b"EHLO":
                        self.reply("250 test")
                    else:
                        self.reply("250 ok")

        self.tcp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.tcp.daemon_threads = True
        self.port = self.tcp.server_address[1]
        self.thread = threading.Thread(target=self.tcp.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.tcp.shutdown()
        self.tcp.server_close()
