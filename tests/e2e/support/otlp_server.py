"""A loopback OTLP/HTTP stand-in for the telemetry e2e test.

otlp_server.py DIR: listens on 127.0.0.1 (a free port, written to DIR/port), answers each POST with
the next line of DIR/answers ("200", "503", "429 1" = 429 with Retry-After: 1), 200 when none are
left, and saves each request as DIR/request-N.json with its path in DIR/request-N.path.
"""
import http.server
import os
import sys

DIR = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        count = len([n for n in os.listdir(DIR) if n.startswith("request-") and n.endswith(".json")])
        with open(os.path.join(DIR, f"request-{count}.json"), "wb") as f:
            f.write(body)
        with open(os.path.join(DIR, f"request-{count}.path"), "w") as f:
            f.write(self.path + " " + self.headers.get("Content-Type", "") + "\n")
        answers_file = os.path.join(DIR, "answers")
        answer = "200"
        if os.path.exists(answers_file):
            with open(answers_file) as f:
                lines = [line.strip() for line in f if line.strip()]
            if lines:
                answer = lines[0]
                with open(answers_file, "w") as f:
                    f.write("\n".join(lines[1:]) + ("\n" if len(lines) > 1 else ""))
        parts = answer.split()
        self.send_response(int(parts[0]))
        if len(parts) > 1:
            self.send_header("Retry-After", parts[1])
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
server.serve_forever()
