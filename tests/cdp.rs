//! A small Chrome DevTools Protocol client for the browser tests: headless Chromium driven over
//! `--remote-debugging-pipe` (it reads commands on fd 3 and writes replies and events on fd 4,
//! one JSON message per NUL byte). The two fds are FIFOs a shell opens before it execs the
//! browser, so the standard library is all it takes. The system's Chromium only; nothing is
//! downloaded.

use serde_json::{json, Value};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long one reply may take before the test fails instead of hanging.
const REPLY_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Browser {
    child: Child,
    commands: File,
    messages: Receiver<Value>,
    next_id: u64,
    events: Vec<Value>,
    _dir: tempfile::TempDir,
}

/// One tab, attached to its own session.
pub struct Tab {
    pub session: String,
}

impl Browser {
    /// A fresh headless browser with its own profile, or `None` when Chromium is not installed.
    pub fn launch() -> Option<Browser> {
        if !Path::new(CHROMIUM).exists() {
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let (to_browser, from_browser) = (dir.path().join("in"), dir.path().join("out"));
        for fifo in [&to_browser, &from_browser] {
            let ok = Command::new("mkfifo").arg(fifo).status().expect("mkfifo");
            assert!(ok.success(), "mkfifo failed");
        }
        let profile = dir.path().join("profile");
        let child = Command::new("sh")
            .arg("-c")
            .arg(r#"in=$1; out=$2; shift 2; exec "$@" 3<"$in" 4>"$out""#)
            .arg("sh")
            .arg(&to_browser)
            .arg(&from_browser)
            .arg(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Same order as the shell's redirections: its fd 3 first, then its fd 4.
        let commands = File::options()
            .write(true)
            .open(&to_browser)
            .expect("open command pipe");
        let replies = File::open(&from_browser).expect("open reply pipe");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(replies);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if buf.last() == Some(&0) {
                            buf.pop();
                        }
                        let Ok(v) = serde_json::from_slice::<Value>(&buf) else {
                            break;
                        };
                        if tx.send(v).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Some(Browser {
            child,
            commands,
            messages,
            next_id: 0,
            events: Vec::new(),
            _dir: dir,
        })
    }

    fn receive(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("chromium did not answer in time"),
            Err(RecvTimeoutError::Disconnected) => panic!("chromium closed its pipe"),
        }
    }

    /// Send a command and wait for its reply; events that arrive meanwhile are kept.
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.commands.write_all(&bytes).expect("write to chromium");
        let deadline = Instant::now() + REPLY_TIMEOUT;
        loop {
            let m = self.receive(deadline);
            if m["id"] == json!(id) {
                if let Some(e) = m.get("error") {
                    panic!("{method} failed: {e}");
                }
                return m["result"].clone();
            }
            self.events.push(m);
        }
    }

    /// The first event named `method` (kept or still to come) that `accept` takes.
    pub fn wait_event(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + REPLY_TIMEOUT;
        loop {
            if let Some(i) = self
                .events
                .iter()
                .position(|e| e["method"] == method && accept(&e["params"]))
            {
                return self.events.remove(i)["params"].clone();
            }
            let m = self.receive(deadline);
            self.events.push(m);
        }
    }

    /// Events seen so far named `method`.
    pub fn events(&self, method: &str) -> Vec<&Value> {
        self.events
            .iter()
            .filter(|e| e["method"] == method)
            .map(|e| &e["params"])
            .collect()
    }

    pub fn tab(&mut self, width: u32, height: u32) -> Tab {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        let tab = Tab {
            session: attached["sessionId"].as_str().unwrap().to_string(),
        };
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            self.call(Some(&tab.session), domain, json!({}));
        }
        self.call(
            Some(&tab.session),
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        tab
    }

    /// Downloads go to `dir`, with progress events.
    pub fn allow_downloads(&mut self, dir: &Path) {
        self.call(
            None,
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": dir, "eventsEnabled": true}),
        );
    }

    /// The path of the next download, once it has completed.
    pub fn downloaded(&mut self) -> PathBuf {
        let done = self.wait_event("Browser.downloadProgress", |p| p["state"] == "completed");
        PathBuf::from(done["filePath"].as_str().expect("download path"))
    }

    /// Evaluate an expression in the page and return its value (JSON-serializable).
    pub fn eval(&mut self, tab: &Tab, expression: &str) -> Value {
        let r = self.call(
            Some(&tab.session),
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("{expression} threw: {e}");
        }
        r["result"]["value"].clone()
    }

    /// Navigate and wait until the report's script has drawn the page.
    pub fn open(&mut self, tab: &Tab, url: &str) {
        self.call(Some(&tab.session), "Page.navigate", json!({"url": url}));
        self.wait_ready(tab);
    }

    /// Reload and wait for the new page to be ready (not the old one).
    pub fn reload(&mut self, tab: &Tab) {
        self.eval(tab, "window.__stale = true");
        self.call(Some(&tab.session), "Page.reload", json!({}));
        self.wait_ready(tab);
    }

    fn wait_ready(&mut self, tab: &Tab) {
        let deadline = Instant::now() + REPLY_TIMEOUT;
        let probe = "!window.__stale && !!document.documentElement \
                     && document.documentElement.hasAttribute('data-ready')";
        while Instant::now() < deadline {
            let r = self.call(
                Some(&tab.session),
                "Runtime.evaluate",
                json!({"expression": probe, "returnByValue": true}),
            );
            if r["result"]["value"] == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the report did not become ready");
    }

    /// Press and release a key that types `key` (a letter, `/`); `J` is sent with shift.
    pub fn key(&mut self, tab: &Tab, key: &str) {
        let shift = key.chars().all(|c| c.is_ascii_uppercase());
        let modifiers = if shift { 8 } else { 0 };
        let down = json!({"type": "keyDown", "key": key, "text": key, "modifiers": modifiers});
        let up = json!({"type": "keyUp", "key": key, "modifiers": modifiers});
        self.call(Some(&tab.session), "Input.dispatchKeyEvent", down);
        self.call(Some(&tab.session), "Input.dispatchKeyEvent", up);
    }

    /// Move the mouse onto the element `selector` finds (scrolled into view) and click it,
    /// as a person would: hover first, then press and release.
    pub fn click(&mut self, tab: &Tab, selector: &str) {
        let selector = serde_json::to_string(selector).unwrap();
        let at = self.eval(
            tab,
            &format!(
                "(() => {{ const e = document.querySelector({selector}); \
                 if (!e) return null; e.scrollIntoView({{block: 'center'}}); \
                 const r = e.getBoundingClientRect(); \
                 return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
            ),
        );
        assert!(!at.is_null(), "nothing matches {selector}");
        let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
        for (kind, extra) in [
            ("mouseMoved", json!({})),
            ("mousePressed", json!({"button": "left", "clickCount": 1})),
            ("mouseReleased", json!({"button": "left", "clickCount": 1})),
        ] {
            let mut p = json!({"type": kind, "x": x, "y": y});
            p.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            self.call(Some(&tab.session), "Input.dispatchMouseEvent", p);
        }
    }

    /// Uncaught exceptions, console errors and CSP reports seen so far.
    pub fn problems(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .events("Runtime.exceptionThrown")
            .iter()
            .map(|p| p.to_string())
            .collect();
        for p in self.events("Runtime.consoleAPICalled") {
            if p["type"] == "error" {
                out.push(p.to_string());
            }
        }
        for p in self.events("Log.entryAdded") {
            let text = p["entry"]["text"].as_str().unwrap_or("");
            if p["entry"]["level"] == "error" || text.contains("Content Security Policy") {
                out.push(p.to_string());
            }
        }
        out
    }
}

impl Drop for Browser {
    /// Close the browser (its helper processes go with it), killing it if it does not go.
    fn drop(&mut self) {
        self.next_id += 1;
        let mut close =
            serde_json::to_vec(&json!({"id": self.next_id, "method": "Browser.close"})).unwrap();
        close.push(0);
        let _ = self.commands.write_all(&close);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
