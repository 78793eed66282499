//! Headless Chromium as a test instrument: loads a copy of a page with a small script that
//! measures the layout and writes the result into the page, and reads it back from
//! `--dump-dom`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The A4 content width at 96 dpi: 210 mm less two 15 mm margins, in CSS pixels.
pub const CONTENT_WIDTH: f64 = 180.0 / 25.4 * 96.0;
/// An A4 page at 96 dpi, in CSS pixels.
pub const WINDOW: (u32, u32) = (794, 1123);
/// The longest a page may take to load and lay out.
const TIMEOUT: Duration = Duration::from_secs(90);

/// Where the measurement is written in the page.
const MARK: &str = "sekalk-layout";

/// The script added to the copy: the width of the document and of the body, and every element
/// that reaches outside the body.
const SCRIPT: &str = r#"<script>
(function () {
  var body = document.body.getBoundingClientRect();
  var over = [];
  var outside = new Set();
  document.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width > 0 && (r.right > body.right + 0.5 || r.left < body.left - 0.5)) {
      outside.add(e);
      if (outside.has(e.parentElement)) return;
      var grid = e.closest(".grid");
      var title = grid && grid.querySelector("h3") ? " in \"" + grid.querySelector("h3").textContent + "\"" : "";
      over.push(e.tagName.toLowerCase() + " " + Math.round(r.left) + ".." + Math.round(r.right) + title);
    }
  });
  var out = document.createElement("pre");
  out.id = "sekalk-layout";
  out.textContent = JSON.stringify({
    scroll_width: document.documentElement.scrollWidth,
    client_width: document.documentElement.clientWidth,
    body_width: body.width,
    over: over.slice(0, 20)
  });
  document.body.appendChild(out);
})();
</script>
"#;

/// What the script measured.
#[derive(Debug, serde::Deserialize)]
pub struct Layout {
    /// The document's width including what overflows.
    pub scroll_width: f64,
    /// The window's width.
    pub client_width: f64,
    /// The body's width.
    pub body_width: f64,
    /// Elements reaching outside the body (tag, class, left..right), at most 20.
    pub over: Vec<String>,
}

/// The `chromium` or `chromium-browser` on PATH.
pub fn find() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Loads a copy of `page` with the measuring script in an A4-wide window and returns what it
/// measured.
pub fn measure(browser: &Path, page: &str) -> Layout {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("page.html");
    let instrumented = page.replacen("</body>", &format!("{SCRIPT}</body>"), 1);
    std::fs::write(&file, instrumented).expect("write the copy");
    let dom = dump_dom(browser, &file, &dir.path().join("profile"));
    let start = format!("<pre id=\"{MARK}\">");
    let json = dom
        .split(&start)
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("chromium did not run the measuring script; it printed:\n{dom}"));
    let json = json.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("unreadable measurement {json}: {e}"))
}

/// Runs `browser --headless --dump-dom` on `file` and returns the DOM it printed.
fn dump_dom(browser: &Path, file: &Path, profile: &Path) -> String {
    let mut child = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={},{}", WINDOW.0, WINDOW.1))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    // Read while it runs: a page's DOM is larger than a pipe holds.
    let mut stdout = child.stdout.take().expect("chromium's output");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let started = Instant::now();
    while child.try_wait().expect("chromium runs").is_none() {
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium took more than {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    String::from_utf8_lossy(&reader.join().expect("the reader")).into_owned()
}
