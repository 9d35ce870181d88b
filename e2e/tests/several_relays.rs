//! Two relays behind the README's example nginx configuration
//! (`deploy/nginx/socket-playground.conf`, run as written but for its
//! ports by `deploy/nginx/try.sh`), with real nginx:
//!
//! - native WebSocket clients: a room opened through the proxy lives on
//!   one relay; a member who connects through `/relay/<first letter>/ws`
//!   reaches it and the teacher's listener there; the other relay does not
//!   know the room and says where it is; a page resumes through its
//!   relay's path; each relay reports its own load at `/relay/<id>/metrics`;
//! - two browsers: the teacher's page opens a room on one relay, and a
//!   student whose page reached the other relay types the code: the page
//!   moves to the room's relay and joins (after a code naming no relay
//!   here, which the page reports and recovers from).
//!
//! Every socket is on loopback.

#[path = "../../relay/tests/common/mod.rs"]
mod common;

use anyhow::{ensure, Context as _, Result};
use common::Client;
use shared::*;
use socket_playground_e2e::page::Page;
use socket_playground_e2e::{required_path, wait_for, Playground};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// nginx running the example in front of relays A and C, killed on drop.
struct Nginx {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Nginx {
    /// Starts `deploy/nginx/try.sh` on a free port and waits until it listens.
    async fn start(relay_a: u16, relay_c: u16) -> Result<Nginx> {
        let nginx = std::env::var_os("NGINX_BIN")
            .map_or_else(|| PathBuf::from("/usr/sbin/nginx"), PathBuf::from);
        ensure!(
            nginx.is_file(),
            "nginx is missing at {} (apt-get install nginx; `cargo xtask test` installs it), or set NGINX_BIN",
            nginx.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let dir =
            std::env::temp_dir().join(format!("playground-nginx-{}-{port}", std::process::id()));
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nginx/try.sh");
        let child = Command::new("sh")
            .arg(script)
            .arg(&dir)
            .args([port, relay_a, relay_c].map(|p| p.to_string()))
            .env("NGINX_BIN", nginx)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting deploy/nginx/try.sh")?;
        let nginx = Nginx { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            ensure!(
                Instant::now() < deadline,
                "nginx did not listen: {}",
                std::fs::read_to_string(nginx.dir.join("error.log")).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(nginx)
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn ws(&self, path: &str) -> String {
        format!("ws://127.0.0.1:{}{path}", self.port)
    }

    /// `GET path` through nginx: status line and body.
    async fn get(&self, path: &str) -> Result<(String, String)> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut s = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await?;
        s.write_all(
            format!(
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                self.port
            )
            .as_bytes(),
        )
        .await?;
        let mut out = String::new();
        s.read_to_string(&mut out).await?;
        let status = out.lines().next().unwrap_or_default().to_string();
        let body = out
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        Ok((status, body))
    }
}

/// Relay `id`, trusting nginx's `X-Forwarded-For`, serving the built page.
async fn relay(id: char) -> Result<Playground> {
    let dist = required_path("PLAYGROUND_DIST")?;
    Playground::start_with(dist, |config| {
        config.relay_id = Some(id);
        config.trusted_proxies = vec!["127.0.0.1".parse().expect("a network")];
    })
    .await
}

fn gauge(metrics: &str, name: &str) -> Option<u64> {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

/// The code of the room the client's next view shows.
async fn room_code(c: &mut Client) -> String {
    let ev = c
        .wait_for("the room view", |e| matches!(&e.body, Body::Room(_)))
        .await;
    match ev.body {
        Body::Room(view) => view.code,
        _ => unreachable!(),
    }
}

async fn join(c: &mut Client, code: &str, name: &str) -> Result<OpResult, Rejection> {
    c.answer(Op::JoinRoom {
        code: code.into(),
        name: name.into(),
        teacher_key: None,
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_lives_on_one_relay_and_the_example_proxy_routes_its_members_there() -> Result<()> {
    let (a, c) = (relay('A').await?, relay('C').await?);
    let nginx = Nginx::start(a.addr.port(), c.addr.port()).await?;

    // The teacher reaches some relay through the plain /ws.
    let mut teacher = Client::connect(&nginx.ws("/ws"), Encoding::MessagePack).await;
    let home = teacher
        .hello
        .relay_id
        .clone()
        .context("a grouped relay says its id")?;
    ensure!(home == "A" || home == "C", "{home}");
    let other = if home == "A" { "C" } else { "A" };
    let opened = teacher
        .answer(Op::CreateRoom {
            name: "Sockets 101".into(),
            teacher: "Ms Hopper".into(),
            teacher_key: None,
        })
        .await;
    ensure!(opened.is_ok(), "the room opens: {opened:?}");
    let code = room_code(&mut teacher).await;
    ensure!(
        code.starts_with(&home),
        "room {code} on relay {home} starts with its id"
    );

    // A student who goes through /relay/<first letter>/ws reaches that
    // relay, and the teacher's listener on it.
    let route = nginx.ws(&format!("/relay/{}/ws", &code[..1]));
    let mut ada = Client::connect(&route, Encoding::MessagePack).await;
    ensure!(
        ada.hello.relay_id.as_deref() == Some(home.as_str()),
        "{:?}",
        ada.hello.relay_id
    );
    let joined = join(&mut ada, &code, "Ada").await;
    ensure!(joined.is_ok(), "Ada joins: {joined:?}");
    let srv = teacher.tcp().await;
    let port = teacher.listen_on(srv, Some(5)).await;
    let sock = ada.connected(port).await;
    ada.sendall(sock, b"hello from Ada").await;
    let conn = teacher.accept(srv).await;
    ensure!(teacher.recv_exactly(conn, 14).await == b"hello from Ada");

    // The other relay does not have the room, and says where it is.
    let mut lost = Client::connect(
        &nginx.ws(&format!("/relay/{other}/ws")),
        Encoding::MessagePack,
    )
    .await;
    ensure!(lost.hello.relay_id.as_deref() == Some(other));
    match join(&mut lost, &code, "Grace").await {
        Err(Rejection::Room { detail }) => {
            ensure!(detail.contains(&format!("is on relay {home}")), "{detail}");
        }
        other => anyhow::bail!("joining on the wrong relay: {other:?}"),
    }

    // A page that lost its connection resumes through its relay's path.
    let token = ada.hello.resume_token.clone();
    let last = ada.seen.last().copied().unwrap_or(0);
    drop(ada);
    let ada = Client::resume(&route, token, last).await;
    ensure!(ada.hello.resumed, "Ada's session is still there");

    // Each relay reports its own load through the proxy.
    let (status, mine) = nginx.get(&format!("/relay/{home}/metrics")).await?;
    ensure!(status.contains(" 200 "), "{status}");
    ensure!(mine.contains(&format!("relay_id=\"{home}\"")), "{mine}");
    ensure!(gauge(&mine, "playground_rooms") == Some(1), "{mine}");
    ensure!(gauge(&mine, "playground_room_members") == Some(2), "{mine}");
    let (_, theirs) = nginx.get(&format!("/relay/{other}/metrics")).await?;
    ensure!(
        theirs.contains(&format!("relay_id=\"{other}\"")),
        "{theirs}"
    );
    ensure!(gauge(&theirs, "playground_rooms") == Some(0), "{theirs}");
    let (status, _) = nginx.get("/relay/Q/ws").await?;
    ensure!(status.contains(" 404 "), "an unknown relay: {status}");
    let (status, body) = nginx.get(&format!("/relay/{other}/healthz")).await?;
    ensure!(status.contains(" 200 ") && body.contains("ok"), "{status}");
    drop((ada, lost, teacher));
    a.stop().await?;
    c.stop().await
}

/// The relay a page says it is on (`shared relay K`), once it says one.
async fn page_relay(page: &Page) -> Result<String> {
    wait_for("the page to name its relay", || async {
        Ok(page
            .attr_now("#profile", "data-relay")
            .await?
            .filter(|r| !r.is_empty()))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_students_page_moves_to_the_relay_of_the_room_it_joins() -> Result<()> {
    let (a, c) = (relay('A').await?, relay('C').await?);
    let nginx = Nginx::start(a.addr.port(), c.addr.port()).await?;
    let teacher = Page::visit(1366, 768, &nginx.url("/"), a).await?;
    let home = page_relay(&teacher).await?;
    let code = teacher.open_room("Sockets 101").await?;
    ensure!(
        code.starts_with(&home),
        "room {code} opened on relay {home}"
    );

    // The example balances first connections by fewest open (least_conn),
    // but a page also loads its files through that upstream, so a tie can
    // send a page's WebSocket to the room's relay. A page that lands there
    // stays open (one more connection there) and another tries, so the
    // student does start on the other relay.
    let mut extra = Vec::new();
    let student = loop {
        let page = Page::visit(1366, 768, &nginx.url("/"), c.guest()).await?;
        if page_relay(&page).await? != home {
            break page;
        }
        ensure!(
            extra.len() < 3,
            "four pages in a row started on the room's relay {home}"
        );
        extra.push(page);
    };

    // A code whose first letter is no relay here: the page tries that
    // relay, finds none, says so, and comes back to any relay.
    student.submit_join("Q7P-3QX", "Ada").await?;
    let error = student.wait_join_error().await?;
    ensure!(error.contains("no relay Q answers"), "{error}");
    student.wait_connected().await?;

    // Typing the room's code says, before Join, that the page will move
    // and that its open socket will close.
    student.new_socket("AF_INET", "SOCK_STREAM").await?;
    student.fill("#room-join-code", &code).await?;
    student
        .wait_text(
            "[data-testid=room-join-moves]",
            "the note that joining moves the page",
            |t| {
                t.contains(&format!("is on relay {home} of this server"))
                    && t.contains("closes your open socket")
            },
        )
        .await?;
    student.join_room(&code, "Ada").await?;
    let now = page_relay(&student).await?;
    ensure!(
        now == home,
        "after joining, the student's page is on relay {now}, not {home}"
    );
    teacher.wait_members(&["Teacher", "Ada"]).await?;
    ensure!(
        student.notices().await?.contains(&format!("relay {home}")),
        "the student's page says it moved"
    );
    student.close().await?;
    for page in extra {
        page.close().await?;
    }
    teacher.close().await?;
    c.stop().await
}
