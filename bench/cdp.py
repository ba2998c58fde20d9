"""A minimal Chrome DevTools Protocol client over --remote-debugging-pipe, standard library only:
Chromium reads commands from its fd 3 and writes replies and events to fd 4, one JSON message per
NUL byte. Used by bench/report_open.py to time a report opening; no browser is downloaded, the
system's /usr/bin/chromium is driven headless with a fresh profile."""
import json, os, subprocess, tempfile, shutil, time

class Chromium:
    def __init__(self, binary="/usr/bin/chromium", args=()):
        self.profile = tempfile.mkdtemp(prefix="seam-cdp-")
        r_cmd, w_cmd = os.pipe()   # we write commands -> chromium reads fd 3
        r_out, w_out = os.pipe()   # chromium writes fd 4 -> we read
        def child():
            a, b = os.dup(r_cmd), os.dup(w_out)  # out of the way of 3 and 4 first
            os.dup2(a, 3); os.dup2(b, 4)  # dup2 targets are inheritable
        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", *args, "about:blank"],
            # close_fds=False: the fds dup2'd to 3 and 4 must survive; the pipes' own fds are
            # close-on-exec (os.pipe), so nothing else leaks.
            preexec_fn=child, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r_cmd); os.close(w_out)
        self.w = os.fdopen(w_cmd, "wb", buffering=0)
        self.r = os.fdopen(r_out, "rb", buffering=0)
        self.buf = b""; self.next_id = 0; self.events = []
    def _read(self):
        while b"\0" not in self.buf:
            chunk = self.r.read(1 << 16)
            if not chunk: raise EOFError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)
    def send(self, method, params=None, session=None):
        self.next_id += 1
        m = {"id": self.next_id, "method": method, "params": params or {}}
        if session: m["sessionId"] = session
        self.w.write(json.dumps(m).encode() + b"\0")
        while True:
            msg = self._read()
            if msg.get("id") == self.next_id:
                if "error" in msg: raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)
    def wait_event(self, method, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read())
        raise TimeoutError(method)
    def open_tab(self, width=1280, height=1000):
        """A new tab, attached: returns its session id."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
        return session

    def evaluate(self, session, expression):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
        if "exceptionDetails" in r:
            raise RuntimeError(json.dumps(r["exceptionDetails"])[:500])
        return r["result"].get("value")

    def key(self, session, key):
        """Press and release a key that types `key`."""
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": key, "text": key}, session)
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key}, session)

    def open(self, session, path, timeout=300):
        """Navigate to a report and wait until its script has drawn it."""
        self.send("Page.navigate", {"url": "file://" + os.path.abspath(path)}, session)
        end = time.time() + timeout
        while time.time() < end:
            try:
                if self.evaluate(session, "!!document.documentElement && "
                                 "document.documentElement.hasAttribute('data-ready')"):
                    return
            except RuntimeError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"{path} did not open within {timeout} s")

    def close(self):
        try: self.send("Browser.close")
        except Exception: pass
        self.proc.wait(10); shutil.rmtree(self.profile, ignore_errors=True)
