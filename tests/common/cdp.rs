//! A small client of the Chrome DevTools Protocol over `--remote-debugging-pipe` (Chromium reads
//! commands on its file descriptor 3 and writes answers and events on 4, each message a JSON
//! text ended by a NUL byte), for the browser tests that must measure a laid-out page: where an
//! element sits at 360 px, which files a page loaded. No port, no websocket, no timing window:
//! every call waits for its own answer, and a page for its load event, with a generous deadline.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long one call or one page load may take on a busy machine.
const DEADLINE: Duration = Duration::from_secs(90);

pub(crate) struct Browser {
    child: Child,
    commands: std::io::PipeWriter,
    messages: Receiver<Value>,
    /// Events read while waiting for an answer, kept for [`Browser::wait_for_event`].
    events: VecDeque<Value>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// One tab, attached with its own session.
pub(crate) struct Tab {
    session: String,
}

impl Browser {
    /// Starts Debian's headless Chromium (or `CHROMIUM`) with a fresh profile.
    pub(crate) fn launch() -> Browser {
        let chromium = super::chromium();
        let profile = tempfile::tempdir().unwrap();
        let (their_commands, commands) = std::io::pipe().unwrap();
        let (answers, their_answers) = std::io::pipe().unwrap();
        let their_commands = OwnedFd::from(their_commands);
        let their_answers = OwnedFd::from(their_answers);
        let (read_fd, write_fd) = (their_commands.as_raw_fd(), their_answers.as_raw_fd());
        let mut command = Command::new(&chromium);
        command
            .args(super::CHROMIUM_FLAGS)
            .args([
                "--hide-scrollbars",
                "--allow-file-access-from-files",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: between fork and exec only async-signal-safe calls (fcntl, dup2, close) are made, on
        // descriptors that stay open in the parent until the child has started.
        unsafe {
            command.pre_exec(move || {
                // Out of the way first: either end may itself be descriptor 3 or 4.
                let high = [read_fd, write_fd].map(|fd| libc::fcntl(fd, libc::F_DUPFD, 10));
                for (from, to) in high.into_iter().zip([3, 4]) {
                    if from < 0 || libc::dup2(from, to) < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    libc::close(from);
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {chromium}: {e}"));
        drop((their_commands, their_answers));
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(answers);
            loop {
                let mut message = Vec::new();
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                message.pop();
                let Ok(value) = serde_json::from_slice::<Value>(&message) else {
                    continue;
                };
                if send.send(value).is_err() {
                    return;
                }
            }
        });
        Browser {
            child,
            commands,
            messages,
            events: VecDeque::new(),
            next_id: 1,
            _profile: profile,
        }
    }

    fn next_message(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("Chromium: no {waiting_for} in {DEADLINE:?}"),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("Chromium quit waiting for {waiting_for}")
            }
        }
    }

    /// Sends `method` (to a tab's session, or to the browser) and waits for its result.
    pub(crate) fn call(&mut self, tab: Option<&Tab>, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(tab) = tab {
            message["sessionId"] = json!(tab.session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.commands.write_all(&bytes).unwrap();
        let deadline = Instant::now() + DEADLINE;
        loop {
            let message = self.next_message(deadline, method);
            if message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    panic!("{method}: {error}");
                }
                return message["result"].clone();
            }
            if message.get("method").is_some() {
                self.events.push_back(message);
            }
        }
    }

    /// Waits for an event of `tab` named `method` (kept ones first) and returns its params.
    pub(crate) fn wait_for_event(&mut self, tab: &Tab, method: &str) -> Value {
        let ours = |m: &Value| m["method"] == json!(method) && m["sessionId"] == json!(tab.session);
        if let Some(at) = self.events.iter().position(ours) {
            return self.events.remove(at).unwrap()["params"].clone();
        }
        let deadline = Instant::now() + DEADLINE;
        loop {
            let message = self.next_message(deadline, method);
            if ours(&message) {
                return message["params"].clone();
            }
            if message.get("method").is_some() {
                self.events.push_back(message);
            }
        }
    }

    /// Opens a tab of `width` x `height` CSS pixels (a phone: 360 x 740) on `url` and waits
    /// for its load event.
    pub(crate) fn open(&mut self, url: &str, width: u32, height: u32) -> Tab {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        let tab = Tab {
            session: attached["sessionId"].as_str().unwrap().to_string(),
        };
        for domain in [
            "Page.enable",
            "Log.enable",
            "Runtime.enable",
            "Network.enable",
        ] {
            self.call(Some(&tab), domain, json!({}));
        }
        self.call(
            Some(&tab),
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 2, "mobile": true}),
        );
        self.navigate(&tab, url);
        tab
    }

    /// Loads `url` in `tab` and waits for its load event, then for its fonts.
    pub(crate) fn navigate(&mut self, tab: &Tab, url: &str) {
        self.load(tab, "Page.navigate", json!({"url": url}));
    }

    /// Reloads the page of `tab` and waits as [`Browser::navigate`] does.
    pub(crate) fn reload(&mut self, tab: &Tab) {
        self.load(tab, "Page.reload", json!({}));
    }

    fn load(&mut self, tab: &Tab, method: &str, params: Value) {
        // What the page logged before belongs to the page before.
        self.events.retain(|m| m["sessionId"] != json!(tab.session));
        self.call(Some(tab), method, params);
        self.wait_for_event(tab, "Page.loadEventFired");
        self.evaluate(tab, "document.fonts.ready.then(() => true)");
    }

    /// Puts `html` in `tab` as the document of a blank page: a document with no address and no
    /// folder around it (as an app that hands over a file's text may show it).
    pub(crate) fn set_content(&mut self, tab: &Tab, html: &str) {
        self.navigate(tab, "about:blank");
        let frames = self.call(Some(tab), "Page.getFrameTree", json!({}));
        let frame = frames["frameTree"]["frame"]["id"].clone();
        self.call(
            Some(tab),
            "Page.setDocumentContent",
            json!({"frameId": frame, "html": html}),
        );
        self.evaluate(tab, "document.fonts.ready.then(() => true)");
    }

    /// The value of a JavaScript expression in the page (awaited when it is a promise).
    pub(crate) fn evaluate(&mut self, tab: &Tab, expression: &str) -> Value {
        let result = self.call(
            Some(tab),
            "Runtime.evaluate",
            json!({"expression": expression, "awaitPromise": true, "returnByValue": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression}: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// The errors of the page open in `tab`: uncaught exceptions, `console.error` calls and
    /// Chromium's own log entries at error level (failed loads, policy violations).
    pub(crate) fn errors(&mut self, tab: &Tab) -> Vec<String> {
        self.evaluate(tab, "1");
        self.events
            .iter()
            .filter(|e| e["sessionId"] == json!(tab.session))
            .filter(|e| match e["method"].as_str() {
                Some("Runtime.exceptionThrown") => true,
                Some("Runtime.consoleAPICalled") => e["params"]["type"] == "error",
                Some("Log.entryAdded") => e["params"]["entry"]["level"] == "error",
                _ => false,
            })
            .map(Value::to_string)
            .collect()
    }
}

impl Browser {
    /// The page printed as the browser prints it (A4, the page's own print styles), as PDF bytes.
    pub(crate) fn print_to_pdf(&mut self, tab: &Tab) -> Vec<u8> {
        let pdf = self.call(
            Some(tab),
            "Page.printToPDF",
            json!({"paperWidth": 8.27, "paperHeight": 11.69, "displayHeaderFooter": false, "preferCSSPageSize": true}),
        );
        base64_decode(pdf["data"].as_str().unwrap())
    }

    /// What the tab shows (its viewport), as PNG bytes. Chromium encodes the same pixels the
    /// same way, so two screenshots are the same bytes exactly when they are the same pixels.
    pub(crate) fn screenshot(&mut self, tab: &Tab) -> Vec<u8> {
        let shot = self.call(
            Some(tab),
            "Page.captureScreenshot",
            json!({"format": "png", "fromSurface": true}),
        );
        base64_decode(shot["data"].as_str().unwrap())
    }
}

/// The number of pages of a PDF that Chromium wrote (each page a `/Type /Page` object).
pub(crate) fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page")
        .filter(|(at, m)| !text[at + m.len()..].starts_with('s'))
        .count()
}

/// Standard base64 (what the protocol sends files in) to bytes.
pub(crate) fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0);
    for sextet in text.bytes().filter_map(value) {
        bits = (bits << 6 | u32::from(sextet)) & 0xFFFF;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
