//! Python in the page: the console runs what a learner types against real
//! sockets, the script editor runs and steps the course's programs, Stop
//! interrupts a blocked call, a shared link carries a script, and an
//! exported session runs under the machine's real `python3`.

use anyhow::{ensure, Context as _, Result};
use socket_playground_e2e::page::Page;
use socket_playground_e2e::wait_for;
use std::io::{Read as _, Write as _};
use std::time::Duration;

/// The course's echo client, as a learner would paste it.
fn echo_client(port: u16) -> String {
    format!(
        "import socket
import sys

HOST, PORT = '127.0.0.1', {port}
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect((HOST, PORT))
    message = b'This is the message.  It will be repeated.'
    print('sending {{!r}}'.format(message))
    s.sendall(message)
    amount_received = 0
    amount_expected = len(message)
    while amount_received < amount_expected:
        data = s.recv(16)
        amount_received += len(data)
        print('received %r' % data, file=sys.stderr)
print('closing socket')
"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_runs_typed_python_against_real_sockets() -> Result<()> {
    let page = Page::open(1366, 900).await?;
    page.set_theme("light").await?;
    let echo = page.tcp_port("echo")?;
    page.show_tab("console").await?;

    page.py("import socket").await?;
    page.py("s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)")
        .await?;
    page.py(&format!("s.connect(('127.0.0.1', {echo}))"))
        .await?;
    page.py("s.sendall(b'hello')").await?;
    let out = page.py("s.recv(1024)").await?;
    ensure!(
        out.contains(">>> s.recv(1024)") && out.contains("b'hello'"),
        "recv's echo: {out:?}"
    );

    // The same calls are in the calls log, beside the line that made them.
    let id = page.newest_id().await?.context("no entries")?;
    let e = page.entry(id).await?;
    ensure!(e.call == "s1.recv(1024)" && e.result == "b'hello'", "{e:?}");
    let origin = page
        .text(&format!("[data-testid=entry-{id}] .origin"))
        .await?;
    ensure!(origin.contains("s.recv(1024)"), "origin: {origin:?}");
    page.wait_cell("state", "s1", |t| t == "ESTABLISHED")
        .await?;

    // An exception is Python's, with its traceback.
    let out = page.py("s.recv(-1)").await?;
    ensure!(
        out.contains("Traceback (most recent call last):")
            && out.contains("ValueError: negative buffersize in recv"),
        "{out:?}"
    );
    // A block, and variables kept from line to line.
    let out = page
        .py("for i in range(2):\n    print(i, s.getpeername()[1] == PORT_CHECK)\n")
        .await?;
    ensure!(
        out.contains("NameError: name 'PORT_CHECK' is not defined"),
        "{out:?}"
    );
    page.py(&format!("PORT_CHECK = {echo}")).await?;
    let out = page
        .py("for i in range(2):\n    print(i, s.getpeername()[1] == PORT_CHECK)\n")
        .await?;
    ensure!(out.contains("0 True\n1 True"), "{out:?}");
    page.screenshot("python-console-1366x900-light").await?;
    page.py("s.close()").await?;
    page.wait_socket_gone("s1").await?;
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_echo_client_runs_and_stop_interrupts_a_blocked_script() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    let echo = page.tcp_port("echo")?;
    let silent = page.tcp_port("silent")?;
    page.show_tab("script").await?;

    page.set_script(&echo_client(echo)).await?;
    page.click("[data-testid=script-run]").await?;
    page.wait_script_idle().await?;
    let out = page.script_output().await?;
    ensure!(
        out.contains("sending b'This is the message.  It will be repeated.'")
            && out.contains("received b'This is the mess'")
            && out.contains("received b' repeated.'")
            && out.ends_with("closing socket"),
        "the echo client's output: {out:?}"
    );

    // A recv with no timeout on a service that never answers blocks until
    // Stop; the script's socket is then closed, as at the end of a process.
    page.set_script(&format!(
        "import socket\ns = socket.create_connection(('127.0.0.1', {silent}))\nprint('waiting')\ns.recv(10)\nprint('not reached')\n"
    ))
    .await?;
    page.click("[data-testid=script-run]").await?;
    wait_for("the script to block in recv", || async {
        Ok((page.script_line().await? == Some(4)).then_some(()))
    })
    .await?;
    page.click("[data-testid=script-stop]").await?;
    page.wait_script_idle().await?;
    let out = page.script_output().await?;
    ensure!(
        out.contains("waiting") && out.contains("stopped") && !out.contains("not reached"),
        "{out:?}"
    );
    let last = page.newest_id().await?.context("no entries")?;
    let e = page.wait_done(last).await?;
    ensure!(
        e.call.ends_with(".close()"),
        "the script's socket is closed at the end: {e:?}"
    );
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stepping_through_an_echo_server_line_by_line() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    page.show_tab("script").await?;
    let server = "import socket

HOST = '127.0.0.1'
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.bind((HOST, 0))
    s.listen(1)
    print('listening on', s.getsockname()[1])
    conn, addr = s.accept()
    with conn:
        print('Connected by', addr[0])
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data)
print('server done')
";
    page.set_script(server).await?;
    // Step starts the run paused before the first line.
    let mut line = page.step_script(None).await?;
    ensure!(line == Some(1), "first pause at {line:?}");
    while line != Some(8) {
        line = page.step_script(line).await?;
        ensure!(line.is_some_and(|l| l <= 8), "stepped to {line:?}");
    }
    let out = page.script_output().await?;
    let port: u16 = out
        .trim()
        .rsplit(' ')
        .next()
        .and_then(|p| p.parse().ok())
        .with_context(|| format!("the port in {out:?}"))?;
    let vars = page.text("[data-testid=script-vars]").await?;
    ensure!(
        vars.contains("HOST") && vars.contains("'127.0.0.1'"),
        "variables: {vars:?}"
    );

    // Step into accept: it blocks until a client connects from outside.
    page.click("[data-testid=script-step]").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    ensure!(page.script_line().await? == Some(8), "accept blocks");
    let mut client =
        tokio::task::spawn_blocking(move || std::net::TcpStream::connect(("127.0.0.1", port)))
            .await??;
    wait_for("accept to return", || async {
        Ok((page.script_line().await? == Some(9)).then_some(()))
    })
    .await?;
    let vars = page.text("[data-testid=script-vars]").await?;
    ensure!(
        vars.contains("conn") && vars.contains("addr"),
        "after accept: {vars:?}"
    );
    page.screenshot("python-stepping-1920x1080").await?;

    // Let it run: it echoes what the client sends until the client closes.
    page.click("[data-testid=script-continue]").await?;
    let echoed = tokio::task::spawn_blocking(move || -> std::io::Result<Vec<u8>> {
        client.write_all(b"ping")?;
        let mut buf = [0u8; 4];
        client.read_exact(&mut buf)?;
        Ok(buf.to_vec())
    })
    .await??;
    ensure!(echoed == b"ping", "echoed {echoed:?}");
    page.wait_script_idle().await?;
    let out = page.script_output().await?;
    ensure!(
        out.contains("Connected by 127.0.0.1") && out.contains("server done"),
        "{out:?}"
    );
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_link_opens_its_script_ready_to_run() -> Result<()> {
    let page = Page::open(1366, 900).await?;
    page.show_tab("script").await?;
    page.set_script("print('shared', 6 * 7)\n").await?;
    page.click("[data-testid=script-share]").await?;
    let link = page
        .el("[data-testid=script-link]")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    ensure!(link.contains("#script="), "the link: {link:?}");

    page.client.goto("about:blank").await?;
    page.client.goto(&link).await?;
    page.wait_connected().await?;
    let source = page
        .el("[data-testid=script-source]")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    ensure!(
        source == "print('shared', 6 * 7)\n",
        "opened with {source:?}"
    );
    ensure!(
        page.attr_now("#pane-script", "hidden").await?.is_none(),
        "the Script tab is shown"
    );
    page.click("[data-testid=script-run]").await?;
    page.wait_script_idle().await?;
    let out = page.script_output().await?;
    ensure!(out.trim_end() == "shared 42", "{out:?}");
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exported_session_runs_under_cpython() -> Result<()> {
    let page = Page::open(1920, 1080).await?;
    let echo = page.tcp_port("echo")?;
    // Clicked: a socket; typed: the rest, with an error on the way.
    let s = page.new_socket("AF_INET", "SOCK_STREAM").await?;
    page.show_tab("console").await?;
    page.py("import socket").await?;
    page.py(&format!(
        "c = socket.create_connection(('127.0.0.1', {echo}))"
    ))
    .await?;
    page.py("c.sendall(b'exported')").await?;
    page.py("c.recv(100)").await?;
    page.py("c.connect(('127.0.0.1', 1))").await?;
    page.py("c.close()").await?;
    let script = page.export_script().await?;
    ensure!(
        script.contains(&format!(
            "{s} = socket.socket(socket.AF_INET, socket.SOCK_STREAM)"
        )),
        "{script}"
    );
    ensure!(
        script.contains("sendall(b'exported')") && script.contains("# -> b'exported'"),
        "{script}"
    );
    ensure!(
        script.contains("except Exception as e:"),
        "the failed connect is caught: {script}"
    );

    let path = std::env::temp_dir().join(format!("exported-{}.py", std::process::id()));
    std::fs::write(&path, &script)?;
    let out = tokio::process::Command::new("python3")
        .arg(&path)
        .output()
        .await?;
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    ensure!(
        out.status.success(),
        "python3 failed:\n{script}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    ensure!(
        stdout.contains("OSError") || stdout.contains("Error"),
        "the caught error is printed: {stdout:?}"
    );
    page.close().await
}
