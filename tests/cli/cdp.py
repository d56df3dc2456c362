"""A minimal Chrome DevTools Protocol client for the browser tests, standard library only: starts headless
Chromium, speaks CDP over a WebSocket (RFC 6455), evaluates script in a page, waits for conditions, takes
screenshots. Usage:

    with Browser(chromium, profile_dir) as b:
        page = b.page()
        page.go("http://127.0.0.1:8080/")
        page.wait("document.body.dataset.loaded == '1'")
        page.screenshot("shot.png")
"""
import base64
import json
import os
import socket
import struct
import subprocess
import time
import urllib.request


class Page:
    """One page target, driven over its WebSocket."""

    def __init__(self, ws_url):
        rest = ws_url[len("ws://"):]
        hostport, path = rest.split("/", 1)
        host, port = hostport.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("the browser closed the WebSocket handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("WebSocket refused: " + head.decode(errors="replace"))
        self.last = 0

    def _send(self, text):
        data, mask = text.encode(), os.urandom(4)
        n = len(data)
        if n < 126:
            header = bytes([0x81, 0x80 | n])
        elif n < 65536:
            header = bytes([0x81, 0x80 | 126]) + struct.pack(">H", n)
        else:
            header = bytes([0x81, 0x80 | 127]) + struct.pack(">Q", n)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise RuntimeError("the browser closed the WebSocket")
            out += chunk
        return out

    def _receive(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            mask = self._exact(4) if b1 & 0x80 else None
            payload = self._exact(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = b0 & 0x0F
            if opcode == 8:
                raise RuntimeError("the browser closed the WebSocket")
            if opcode in (9, 10):
                continue
            message += payload
            if b0 & 0x80:
                return json.loads(message.decode())

    def call(self, method, **params):
        """Sends one CDP command and returns its result (events in between are dropped)."""
        self.last += 1
        self._send(json.dumps({"id": self.last, "method": method, "params": params}))
        while True:
            m = self._receive()
            if m.get("id") == self.last:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m["result"]

    def eval(self, expression):
        """The value of a script expression in the page (promises awaited)."""
        # As a user's gesture: Chromium skips history entries made without one when going back.
        r = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True, userGesture=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression}: {r['exceptionDetails'].get('exception', {}).get('description', r['exceptionDetails'])}")
        return r["result"].get("value")

    def wait(self, expression, timeout=30):
        """Waits until the expression is true; raises TimeoutError naming it otherwise."""
        end = time.time() + timeout
        while time.time() < end:
            try:
                if self.eval(expression):
                    return
            except RuntimeError:  # a document still loading (no body yet) is not an answer
                pass
            time.sleep(0.05)
        raise TimeoutError(expression)

    def go(self, url):
        self.call("Page.navigate", url=url)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


class Browser:
    """Headless Chromium with remote debugging on a free port, in a fresh profile."""

    def __init__(self, chromium, profile):
        self.profile = profile
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1280,900",
             f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        end = time.time() + 60
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if time.time() > end or self.process.poll() is not None:
                raise RuntimeError("Chromium did not start its remote debugging")
            time.sleep(0.1)
        self.port = int(open(port_file).read().split()[0])

    def page(self):
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=30))
        page = next(t for t in targets if t.get("type") == "page")
        return Page(page["webSocketDebuggerUrl"])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait()
