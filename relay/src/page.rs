//! The page: the files trunk built into `dist/`, served over HTTP.
//!
//! Three sources, in order of preference:
//!
//! 1. a directory given at run time (`page_dir`), e.g. the browser tests'
//!    fresh `dist/`, or a page being developed;
//! 2. the copy embedded in the binary at build time (feature `embed-page`,
//!    which `cargo xtask run` turns on), so one file is all a server needs;
//! 3. a small built-in page saying the page was not built and how to build it.
//!
//! `/` serves `index.html`; other paths name files. A path is accepted only
//! if every segment is a plain name (no `..`, `.`, empty segment, backslash or
//! NUL), and a file from a directory must also resolve inside it after
//! symlinks, so nothing outside the page can be read. Missing files are 404.

use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the page comes from.
#[derive(Debug)]
enum Source {
    /// Files read from this directory on every request.
    Dir(PathBuf),
    /// The `dist/` embedded at build time.
    #[cfg(feature = "embed-page")]
    Embedded,
    /// No page: the built-in explanation.
    #[cfg(not(feature = "embed-page"))]
    Missing,
}

/// The page embedded at build time.
#[cfg(feature = "embed-page")]
static EMBEDDED: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../dist");

/// An id of the embedded page's build, set by `cargo xtask run`.
///
/// `include_dir!` does not tell cargo that the relay depends on the files it
/// embeds, so a rebuilt page would not rebuild the relay. Reading this
/// variable does (cargo reruns the compiler when it changes), and xtask sets
/// it to a hash of the freshly built `dist/index.html`.
#[cfg(feature = "embed-page")]
pub const PAGE_BUILD_ID: Option<&str> = option_env!("SOCKET_PLAYGROUND_PAGE_ID");

/// Shown at `/` when the relay has no page to serve.
#[cfg(not(feature = "embed-page"))]
const NOT_BUILT: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Socket playground: page not built</title>
<meta name="color-scheme" content="light dark"></head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>The page was not built</h1>
<p>This relay was compiled without the playground's page, and no page
directory was given. Run <code>cargo xtask run</code> from the repository: it
builds the page with trunk, embeds it in the relay and starts it.</p>
<p>The relay itself is running: its WebSocket is at <code>/ws</code> and its
services are listening.</p>
</body>
</html>
"#;

/// Router serving the page: from `page_dir` if given, else the copy embedded
/// at build time (feature `embed-page`), else a small built-in HTML page
/// explaining "the page was not built; run `cargo xtask run`".
///
/// It has routes for `/` and `/{*path}` and no fallback, so it merges into
/// the relay's main router, whose own routes (`/ws`, `/healthz`) take
/// precedence over the wildcard.
pub fn router(page_dir: Option<PathBuf>) -> Router {
    let source = match page_dir {
        Some(dir) => Source::Dir(dir),
        None => default_source(),
    };
    Router::new()
        .route("/", get(index))
        .route("/{*path}", get(file))
        .with_state(Arc::new(source))
}

#[cfg(feature = "embed-page")]
fn default_source() -> Source {
    Source::Embedded
}

#[cfg(not(feature = "embed-page"))]
fn default_source() -> Source {
    Source::Missing
}

async fn index(State(source): State<Arc<Source>>, headers: HeaderMap) -> Response {
    #[cfg(not(feature = "embed-page"))]
    if let Source::Missing = &*source {
        return html(Cow::Borrowed(NOT_BUILT.as_bytes()));
    }
    serve_best(&source, "index.html", &headers).await
}

async fn file(
    State(source): State<Arc<Source>>,
    UrlPath(path): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    match safe_relative(&path) {
        Some(rel) => serve_best(&source, &rel, &headers).await,
        None => not_found(),
    }
}

/// Whether the request's `Accept-Encoding` lists brotli.
fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("br") && !refused
        })
}

/// The file, as its precompressed `.br` copy when the browser accepts
/// brotli and the build made one (`cargo xtask` does), else as is (the
/// relay's gzip layer may still compress it).
async fn serve_best(source: &Source, rel: &str, headers: &HeaderMap) -> Response {
    if accepts_brotli(headers) {
        let packed = serve(source, &format!("{rel}.br")).await;
        if packed.status() == StatusCode::OK {
            let mut response = packed;
            let h = response.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(rel)),
            );
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            if rel.ends_with(".html") {
                h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            }
            return response;
        }
    }
    serve(source, rel).await
}

/// The request path as a relative path of plain segments, or `None` if any
/// segment could step outside the page (`..`), is empty or `.`, or holds a
/// backslash, a NUL or a drive-letter colon.
fn safe_relative(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let plain =
        |s: &&str| !s.is_empty() && *s != "." && *s != ".." && !s.contains(['\\', '\0', ':']);
    if segments.iter().all(plain) {
        Some(segments.join("/"))
    } else {
        None
    }
}

async fn serve(source: &Source, rel: &str) -> Response {
    match source {
        Source::Dir(dir) => match read_inside(dir, rel).await {
            Ok(Some(bytes)) => with_type(rel, Cow::Owned(bytes)),
            Ok(None) => not_found(),
            Err(e) => {
                tracing::warn!(cause = %e, path = rel, dir = %dir.display(), "cannot read page file");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        },
        #[cfg(feature = "embed-page")]
        Source::Embedded => match EMBEDDED.get_file(rel) {
            Some(f) => with_type(rel, Cow::Borrowed(f.contents())),
            None => not_found(),
        },
        #[cfg(not(feature = "embed-page"))]
        Source::Missing => not_found(),
    }
}

/// Reads `dir/rel` if it is a regular file that, symlinks resolved, lies
/// inside `dir`. `Ok(None)` for anything that is not such a file.
async fn read_inside(dir: &Path, rel: &str) -> std::io::Result<Option<Vec<u8>>> {
    let root = match tokio::fs::canonicalize(dir).await {
        Ok(root) => root,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let full = match tokio::fs::canonicalize(root.join(rel)).await {
        Ok(full) => full,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Ok(None),
        Err(e) => return Err(e),
    };
    if !full.starts_with(&root) || !tokio::fs::metadata(&full).await?.is_file() {
        return Ok(None);
    }
    tokio::fs::read(&full).await.map(Some)
}

/// The `Content-Type` for a file name.
fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn with_type(name: &str, body: Cow<'static, [u8]>) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // index.html names the hashed asset files, so it must be revalidated;
    // the assets themselves never change under the same name.
    let cache = if name.ends_with(".html") {
        "no-cache"
    } else {
        "public, max-age=3600"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

#[cfg(not(feature = "embed-page"))]
fn html(body: Cow<'static, [u8]>) -> Response {
    with_type("index.html", body)
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use std::sync::atomic::{AtomicU32, Ordering};
    use tower::ServiceExt;

    /// A scratch directory holding `page/` (the served directory) and a
    /// `secret.txt` beside it that must never be served. Removed on drop.
    struct Scratch {
        root: PathBuf,
    }

    impl Scratch {
        fn new() -> std::io::Result<Scratch> {
            static N: AtomicU32 = AtomicU32::new(0);
            let root = std::env::temp_dir().join(format!(
                "socket-playground-page-test-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            let page = root.join("page");
            std::fs::create_dir_all(page.join("snippets"))?;
            std::fs::write(root.join("secret.txt"), "secret")?;
            std::fs::write(page.join("index.html"), "<!doctype html><title>t</title>")?;
            std::fs::write(page.join("app-1a2b.wasm"), b"\0asm\x01\0\0\0")?;
            std::fs::write(page.join("app-1a2b.js"), "export default 1;")?;
            std::fs::write(page.join("style-9f.css"), "body{}")?;
            std::fs::write(page.join("snippets").join("x.js"), "1")?;
            Ok(Scratch { root })
        }

        fn page(&self) -> PathBuf {
            self.root.join("page")
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }

    async fn get(router: Router, uri: &str) -> (StatusCode, Option<String>, Vec<u8>) {
        let request = Request::builder()
            .uri(uri)
            .body(Body::empty())
            .expect("a valid request");
        let response = router.oneshot(request).await.expect("infallible");
        let status = response.status();
        let ctype = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        (status, ctype, body)
    }

    #[tokio::test]
    async fn serves_index_and_assets_with_their_types() -> std::io::Result<()> {
        let scratch = Scratch::new()?;
        let r = router(Some(scratch.page()));
        let (status, ctype, body) = get(r.clone(), "/").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ctype.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(body, b"<!doctype html><title>t</title>");

        for (uri, expected) in [
            ("/index.html", "text/html; charset=utf-8"),
            ("/app-1a2b.wasm", "application/wasm"),
            ("/app-1a2b.js", "text/javascript; charset=utf-8"),
            ("/style-9f.css", "text/css; charset=utf-8"),
            ("/snippets/x.js", "text/javascript; charset=utf-8"),
        ] {
            let (status, ctype, _) = get(r.clone(), uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            assert_eq!(ctype.as_deref(), Some(expected), "{uri}");
        }
        let (_, _, wasm) = get(r, "/app-1a2b.wasm").await;
        assert_eq!(wasm, b"\0asm\x01\0\0\0");
        Ok(())
    }

    #[tokio::test]
    async fn a_precompressed_copy_goes_to_browsers_that_accept_brotli() -> std::io::Result<()> {
        let scratch = Scratch::new()?;
        std::fs::write(scratch.page().join("app.wasm"), b"plain wasm")?;
        std::fs::write(scratch.page().join("app.wasm.br"), b"brotli bytes")?;
        std::fs::write(scratch.page().join("other.js"), b"no br copy")?;
        let app = router(Some(scratch.page()));
        let ask = |accept: &'static str, uri: &'static str| {
            let app = app.clone();
            async move {
                let request = axum::http::Request::builder()
                    .uri(uri)
                    .header(header::ACCEPT_ENCODING, accept)
                    .body(axum::body::Body::empty())
                    .expect("request");
                let response = tower::ServiceExt::oneshot(app, request)
                    .await
                    .expect("response");
                let encoding = response
                    .headers()
                    .get(header::CONTENT_ENCODING)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let kind = response
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let body = http_body_util::BodyExt::collect(response.into_body())
                    .await
                    .expect("body")
                    .to_bytes()
                    .to_vec();
                (encoding, kind, body)
            }
        };
        let (enc, kind, body) = ask("gzip, deflate, br", "/app.wasm").await;
        assert_eq!(enc.as_deref(), Some("br"));
        assert_eq!(kind.as_deref(), Some("application/wasm"));
        assert_eq!(body, b"brotli bytes");
        let (enc, _, body) = ask("gzip, deflate", "/app.wasm").await;
        assert_eq!(enc, None);
        assert_eq!(body, b"plain wasm");
        let (enc, _, body) = ask("br;q=0, gzip", "/app.wasm").await;
        assert_eq!(enc, None, "br refused with q=0");
        assert_eq!(body, b"plain wasm");
        let (enc, _, body) = ask("br", "/other.js").await;
        assert_eq!(enc, None, "no .br copy: the file as is");
        assert_eq!(body, b"no br copy");
        Ok(())
    }

    #[tokio::test]
    async fn missing_files_and_directories_are_404() -> std::io::Result<()> {
        let scratch = Scratch::new()?;
        let r = router(Some(scratch.page()));
        for uri in ["/nope.js", "/snippets", "/snippets/", "/index.html/x"] {
            let (status, _, _) = get(r.clone(), uri).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        }
        Ok(())
    }

    #[tokio::test]
    async fn no_path_traversal() -> std::io::Result<()> {
        let scratch = Scratch::new()?;
        let r = router(Some(scratch.page()));
        for uri in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/snippets/../../secret.txt",
            "/snippets/%2e%2e/%2e%2e/secret.txt",
            "/snippets%2f..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/.%2e/secret.txt",
            "//etc/passwd",
            "/%2fetc%2fpasswd",
            "/./index.html",
            "/c:%5cwindows",
        ] {
            let (status, _, body) = get(r.clone(), uri).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
            assert_ne!(body, b"secret", "{uri}");
        }
        Ok(())
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn symlinks_out_of_the_page_are_not_followed() -> std::io::Result<()> {
        let scratch = Scratch::new()?;
        std::os::unix::fs::symlink(
            scratch.root.join("secret.txt"),
            scratch.page().join("leak.txt"),
        )?;
        let (status, _, _) = get(router(Some(scratch.page())), "/leak.txt").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        Ok(())
    }

    #[tokio::test]
    async fn a_missing_page_dir_is_404_not_500() {
        let r = router(Some(PathBuf::from("/nonexistent/socket-playground/dist")));
        let (status, _, _) = get(r, "/").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[cfg(not(feature = "embed-page"))]
    #[tokio::test]
    async fn without_a_page_the_builtin_page_says_how_to_build() {
        let (status, ctype, body) = get(router(None), "/").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ctype.as_deref(), Some("text/html; charset=utf-8"));
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("cargo xtask run"), "{body}");
        let (status, _, _) = get(router(None), "/app.wasm").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[cfg(feature = "embed-page")]
    #[tokio::test]
    async fn the_embedded_page_is_served() {
        let (status, ctype, _) = get(router(None), "/").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ctype.as_deref(), Some("text/html; charset=utf-8"));
        let (status, _, _) = get(router(None), "/../Cargo.toml").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a.WASM"), "application/wasm");
        assert_eq!(content_type("noext"), "application/octet-stream");
        assert_eq!(safe_relative("a/b.js").as_deref(), Some("a/b.js"));
        assert_eq!(safe_relative("a/../b.js"), None);
        assert_eq!(safe_relative("a//b.js"), None);
    }
}
