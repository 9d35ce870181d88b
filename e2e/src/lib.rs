//! Harness for the browser tests: a real relay serving the trunk-built page,
//! a chromedriver on a free port, a headless Chromium driven through
//! WebDriver (fantoccini), and bounded polling for what the page shows.
//!
//! Run the tests with `cargo xtask test`, which builds the page, installs
//! Chromium and sets the variables this crate reads:
//!
//! - `PLAYGROUND_DIST`: the built page (`<root>/dist`);
//! - `CHROMEDRIVER`: the chromedriver binary;
//! - `CHROMIUM`: the browser binary.
//!
//! Without them the tests fail and say so; they never skip silently.

pub mod page;
pub mod proxy;

use anyhow::{bail, ensure, Context as _, Result};
use fantoccini::{Client, ClientBuilder, Locator};
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long any one wait for the page may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);

/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);

/// A path from an environment variable that `cargo xtask test` sets.
///
/// # Errors
///
/// When the variable is unset or names nothing, with how to fix it.
pub fn required_path(var: &str) -> Result<PathBuf> {
    let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) else {
        bail!(
            "{var} is not set. The browser tests need the built page and Chromium: \
             run them with `cargo xtask test`, which builds dist/ with trunk, installs \
             chromium and chromium-driver, and sets PLAYGROUND_DIST, CHROMEDRIVER and CHROMIUM"
        );
    };
    let path = PathBuf::from(value);
    ensure!(
        path.exists(),
        "{var}={} does not exist; run `cargo xtask test`",
        path.display()
    );
    Ok(path)
}

/// The workspace's target directory (for screenshots).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("target"),
    }
}

/// A relay running in this process on an ephemeral port, serving the page
/// from a directory. Stopped (gracefully) by [`Playground::stop`].
pub struct Playground {
    /// Where the relay listens.
    pub addr: SocketAddr,
    /// The relay's services, as its hello announces them.
    pub services: Vec<shared::ServiceInfo>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), relay::RelayError>>,
}

impl Playground {
    /// Binds a relay with the test configuration and `page_dir` and runs it.
    ///
    /// # Errors
    ///
    /// If the relay cannot bind.
    pub async fn start(page_dir: PathBuf) -> Result<Playground> {
        Self::start_with(page_dir, |_| {}).await
    }

    /// Like [`Playground::start`], with the test configuration changed by
    /// `configure` first (a relay id, trusted proxies).
    ///
    /// # Errors
    ///
    /// If the relay cannot bind.
    pub async fn start_with(
        page_dir: PathBuf,
        configure: impl FnOnce(&mut relay::Config),
    ) -> Result<Playground> {
        ensure!(
            page_dir.join("index.html").is_file(),
            "{} has no index.html: run `cargo xtask test` to build the page",
            page_dir.display()
        );
        let mut config = relay::Config::for_tests();
        config.page_dir = Some(page_dir);
        configure(&mut config);
        let relay = relay::Relay::bind(config)
            .await
            .context("cannot bind the relay")?;
        let addr = relay.local_addr();
        let services = relay.services().to_vec();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(relay.run(async move {
            let _ = stopped.await;
        }));
        Ok(Playground {
            addr,
            services,
            stop: Some(stop),
            task,
        })
    }

    /// The page's URL.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The TCP service called `name`.
    pub fn tcp_service(&self, name: &str) -> Option<&shared::ServiceInfo> {
        self.services
            .iter()
            .find(|s| s.name == name && s.proto == shared::ServiceProto::Tcp)
    }

    /// Shuts the relay down and waits for it.
    ///
    /// # Errors
    ///
    /// If the relay ended with an error or did not stop in time.
    pub async fn stop(mut self) -> Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let task = &mut self.task;
        match tokio::time::timeout(WAIT, task).await {
            Ok(Ok(result)) => result.context("the relay ended with an error"),
            Ok(Err(join)) => bail!("the relay task failed: {join}"),
            Err(_) => bail!("the relay did not shut down within {WAIT:?}"),
        }
    }
}

impl Drop for Playground {
    fn drop(&mut self) {
        // A test that failed before `stop` still must not leave the relay
        // running in the runtime.
        self.task.abort();
    }
}

/// A chromedriver process on a free loopback port, killed on drop, with a
/// fresh Chromium profile directory removed on drop.
pub struct Chromedriver {
    child: Child,
    port: u16,
    chromium: PathBuf,
    profile: PathBuf,
}

impl Chromedriver {
    /// Starts chromedriver and waits until it accepts connections.
    ///
    /// # Errors
    ///
    /// If it cannot start or does not listen within [`WAIT`].
    pub async fn start(chromedriver: &Path, chromium: &Path) -> Result<Chromedriver> {
        let port = free_port()?;
        static N: AtomicU32 = AtomicU32::new(0);
        let profile = std::env::temp_dir().join(format!(
            "socket-playground-e2e-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&profile)?;
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            // Its own process group, which the Chromium it starts inherits,
            // so dropping the driver can end them all (see `Drop`).
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {}", chromedriver.display()))?;
        let mut driver = Chromedriver {
            child,
            port,
            chromium: chromium.to_path_buf(),
            profile,
        };
        let deadline = Instant::now() + WAIT;
        loop {
            if tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port))
                .await
                .is_ok()
            {
                return Ok(driver);
            }
            if let Some(status) = driver.child.try_wait()? {
                bail!("chromedriver exited before listening: {status}");
            }
            if Instant::now() > deadline {
                bail!("chromedriver did not listen on port {port} within {WAIT:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// A new headless browser session.
    ///
    /// # Errors
    ///
    /// If chromedriver cannot start Chromium.
    pub async fn browser(&self) -> Result<Client> {
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--window-size=1280,1000".into(),
            format!("--user-data-dir={}", self.profile.display()),
        ];
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": self.chromium.to_string_lossy(),
                "args": args,
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("chromedriver could not start a Chromium session")
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // A test that fails before closing its session would otherwise leave
        // Chromium running: kill the whole process group, then the driver.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A free loopback port: bind port 0, read it, release it.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// Polls `check` until it returns `Some`, at most [`WAIT`].
///
/// # Errors
///
/// When time runs out (naming `what`), or `check` fails.
pub async fn wait_for<T, F, Fut>(what: &str, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        match check().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            // The page re-rendered the element between finding and reading
            // it: look again.
            Err(e) if is_stale(&e) => {}
            Err(e) => return Err(e.context(format!("while waiting for {what}"))),
        }
        if Instant::now() > deadline {
            bail!("timed out after {WAIT:?} waiting for {what}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Whether an error is WebDriver's "stale element reference".
fn is_stale(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<fantoccini::error::CmdError>()
            .is_some_and(fantoccini::error::CmdError::is_stale_element_reference)
    })
}

/// The element matching `css`, if present now.
///
/// # Errors
///
/// Only on WebDriver failures other than "no such element".
pub async fn find(client: &Client, css: &str) -> Result<Option<fantoccini::elements::Element>> {
    match client.find(Locator::Css(css)).await {
        Ok(el) => Ok(Some(el)),
        Err(e) if e.is_no_such_element() => Ok(None),
        Err(e) => Err(e).with_context(|| format!("finding {css}")),
    }
}

/// Saves a PNG of the top of the page under `target/screenshots/` and
/// returns its path.
///
/// # Errors
///
/// If the browser cannot take it or the file cannot be written.
pub async fn screenshot(client: &Client, name: &str) -> Result<PathBuf> {
    // Clicking scrolls; show the page as a learner first sees it.
    client
        .execute("window.scrollTo(0, 0);", Vec::new())
        .await
        .context("scrolling to the top")?;
    let png = client.screenshot().await.context("taking a screenshot")?;
    let dir = target_dir().join("screenshots");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png)?;
    Ok(path)
}

/// A sample from the relay's `/metrics` (`name` with its labels, if any).
///
/// # Errors
///
/// If the relay does not answer or has no such sample.
pub async fn metric(relay: SocketAddr, name: &str) -> Result<f64> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut http = tokio::net::TcpStream::connect(relay).await?;
    http.write_all(format!("GET /metrics HTTP/1.0\r\nHost: {relay}\r\n\r\n").as_bytes())
        .await?;
    let mut text = String::new();
    http.read_to_string(&mut text).await?;
    text.lines()
        .find_map(|line| {
            line.strip_prefix(name)?
                .strip_prefix(' ')?
                .trim()
                .parse::<f64>()
                .ok()
        })
        .with_context(|| format!("/metrics has no sample {name}"))
}
