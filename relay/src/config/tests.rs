//! Unit tests for the parent module.

use super::*;
use clap::{CommandFactory, Parser};

/// Parses flags only, without the environment's influence being tested
/// (clap reads env vars at parse time; the tests set none).
fn cli(args: &[&str]) -> Cli {
    let mut all = vec!["socket-playground"];
    all.extend_from_slice(args);
    Cli::try_parse_from(all).expect("valid flags")
}

fn file(text: &str) -> FileConfig {
    FileConfig::parse(text, Path::new("/etc/socket-playground/relay.toml")).expect("valid toml")
}

fn merged(args: &[&str], toml: &str) -> Result<Config, ConfigError> {
    Config::merge(cli(args), file(toml))
}

#[test]
fn clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn every_flag_has_its_environment_variable() {
    let cmd = Cli::command();
    for arg in cmd.get_arguments() {
        let Some(long) = arg.get_long() else { continue };
        if long == "help" || long == "version" {
            continue;
        }
        let want = format!(
            "SOCKET_PLAYGROUND_{}",
            long.to_ascii_uppercase().replace('-', "_")
        );
        assert_eq!(
            arg.get_env().and_then(|e| e.to_str()),
            Some(want.as_str()),
            "--{long}"
        );
    }
}

#[test]
fn defaults() {
    let c = merged(&[], "").expect("defaults are valid");
    assert_eq!(c.listen, "127.0.0.1:8080".parse().expect("addr"));
    assert_eq!(c.profile, Profile::Local);
    assert_eq!(c.services_host, IpAddr::V4(Ipv4Addr::LOCALHOST));
    assert_eq!(c.services_base_port, 7000);
    assert!(c.allowed_origins.is_empty());
    assert_eq!(c.page_dir, None);
    assert_eq!(c.policy.bind_ports, 1024..=65535);
    assert!(c.policy.allow_connect.is_empty());
    assert_eq!(c.limits, LimitsConfig::default());
    assert_eq!(c.limits.max_message, 1024 * 1024 + 64 * 1024);
    assert!(c.warnings().is_empty());
}

#[test]
fn profile_follows_listen_address() {
    for (listen, profile) in [
        ("127.0.0.1:8080", Profile::Local),
        ("127.0.0.2:80", Profile::Local),
        ("[::1]:8080", Profile::Local),
        ("[::ffff:127.0.0.1]:8080", Profile::Local),
        ("0.0.0.0:8080", Profile::Shared),
        ("[::]:8080", Profile::Shared),
        ("192.168.1.10:8080", Profile::Shared),
    ] {
        let c = merged(&["--listen", listen], "").expect("valid");
        assert_eq!(c.profile, profile, "{listen}");
        assert_eq!(c.policy.bind_ports, default_bind_ports(profile));
    }
    let shared = merged(&["--listen", "0.0.0.0:80"], "").expect("valid");
    assert_eq!(shared.policy.bind_ports, 20000..=29999);
}

#[test]
fn explicit_profile_and_ports_win() {
    let c = merged(&["--profile", "shared"], "").expect("valid");
    assert_eq!(c.profile, Profile::Shared);
    assert_eq!(c.policy.bind_ports, 20000..=29999);
    let c = merged(&["--listen", "0.0.0.0:80", "--bind-ports", "9000-9100"], "").expect("valid");
    assert_eq!(c.policy.bind_ports, 9000..=9100);
    let c = merged(&["--listen", "0.0.0.0:80", "--profile", "local"], "").expect("valid");
    assert_eq!(c.profile, Profile::Local);
    assert_eq!(c.warnings().len(), 1);
    assert!(Cli::try_parse_from(["x", "--profile", "public"]).is_err());
}

#[test]
fn flags_beat_file_beat_defaults() {
    let toml = r#"
        listen = "0.0.0.0:9000"
        max_sockets = 4
        max_payload = 1000
        max_sessions = 10
        grace_secs = 5
        idle_secs = 60
        bind_ports = "21000-21010"
        allow_connect = ["10.0.0.0/8:80"]
        allow_origin = ["https://Class.Example.org/"]
    "#;
    let c = merged(&["--max-sockets", "8", "--allow-connect", "[::1]:1"], toml).expect("valid");
    assert_eq!(c.listen, "0.0.0.0:9000".parse().expect("addr"));
    assert_eq!(c.profile, Profile::Shared);
    assert_eq!(c.limits.max_sockets, 8);
    assert_eq!(c.limits.max_sessions, 10);
    assert_eq!(c.limits.max_payload, 1000);
    assert_eq!(
        c.limits.max_message,
        1000 + 64 * 1024,
        "derived from payload"
    );
    assert_eq!(c.limits.grace, Duration::from_secs(5));
    assert_eq!(c.limits.idle, Duration::from_secs(60));
    assert_eq!(c.limits.ops_per_second, 100);
    assert_eq!(c.policy.bind_ports, 21000..=21010);
    assert_eq!(c.policy.allow_connect.len(), 1);
    assert_eq!(c.policy.allow_connect[0].to_string(), "[::1]:1");
    assert_eq!(c.allowed_origins, ["https://class.example.org"]);
    let file_rules = merged(&[], toml).expect("valid");
    assert_eq!(
        file_rules.policy.allow_connect[0].to_string(),
        "10.0.0.0/8:80"
    );
}

#[test]
fn repeated_and_comma_separated_lists() {
    let c = merged(
        &[
            "--allow-connect",
            "10.0.0.5:80,10.0.0.6:*",
            "--allow-connect",
            "[2001:db8::/32]:443",
            "--allow-origin",
            "http://localhost:3000,https://a.example",
        ],
        "",
    )
    .expect("valid");
    assert_eq!(c.policy.allow_connect.len(), 3);
    assert_eq!(
        c.allowed_origins,
        ["http://localhost:3000", "https://a.example"]
    );
}

#[test]
fn bad_values_name_their_setting() {
    let err = |args: &[&str], toml: &str| merged(args, toml).expect_err("refused").to_string();
    assert!(err(&["--max-message", "100", "--max-payload", "100"], "")
        .starts_with("invalid max_message: 100 must be larger than max_payload (100)"));
    assert!(err(&["--max-sockets", "0"], "").starts_with("invalid max_sockets"));
    assert!(err(&["--ops-burst", "0"], "").starts_with("invalid ops_burst"));
    assert!(err(&["--replay-events", "0"], "").starts_with("invalid replay_events"));
    assert!(err(&["--idle-secs", "0"], "").starts_with("invalid idle_secs"));
    assert!(err(&["--max-buffered-bytes", "1000"], "").starts_with("invalid max_buffered_bytes"));
    assert!(err(&["--services-host", "0.0.0.0"], "").starts_with("invalid services_host"));
    assert!(err(&[], "bind_ports = \"9100-9000\"").contains("backwards"));
    assert!(err(&[], "bind_ports = \"0-10\"").starts_with("invalid bind_ports"));
    assert!(err(&[], "allow_connect = [\"example.com:80\"]").starts_with("invalid allow_connect"));
    assert!(err(&["--allow-origin", "*"], "").contains("wildcard"));
    assert!(
        err(&["--page-dir", "/nonexistent/socket-playground"], "").starts_with("invalid page_dir")
    );
    // Saturating, never overflowing, and then refused.
    assert!(err(&["--max-payload", "4294967295"], "").starts_with("invalid max_message"));
    // Grace 0 is allowed: no resume.
    assert!(merged(&["--grace-secs", "0"], "").is_ok());
}

#[test]
fn flag_syntax_errors_come_from_clap() {
    for args in [
        ["--bind-ports", "9100-9000"],
        ["--bind-ports", "0-100"],
        ["--bind-ports", "nine"],
        ["--allow-connect", "10.0.0.5"],
        ["--listen", "localhost:80"],
        ["--services-base-port", "70000"],
    ] {
        let mut all = vec!["socket-playground"];
        all.extend_from_slice(&args);
        assert!(Cli::try_parse_from(all).is_err(), "{args:?}");
    }
}

#[test]
fn port_ranges() {
    assert_eq!(parse_port_range("9000-9100"), Ok(9000..=9100));
    assert_eq!(parse_port_range(" 1 - 65535 "), Ok(1..=65535));
    assert_eq!(parse_port_range("9000"), Ok(9000..=9000));
    assert_eq!(parse_port_range("0"), Err(PortRangeError::Zero));
    assert_eq!(
        parse_port_range("2-1"),
        Err(PortRangeError::Backwards { lo: 2, hi: 1 })
    );
    assert!(matches!(
        parse_port_range("1-70000"),
        Err(PortRangeError::Syntax(_))
    ));
    assert!(matches!(
        parse_port_range(""),
        Err(PortRangeError::Syntax(_))
    ));
}

#[test]
fn origins_are_normalized_or_refused() {
    let ok = |s: &str| normalize_origin(s).expect("valid origin");
    assert_eq!(ok("https://Example.org/"), "https://example.org");
    assert_eq!(ok("http://localhost:8080"), "http://localhost:8080");
    assert_eq!(ok("http://[::1]:8080"), "http://[::1]:8080");
    for bad in [
        "*",
        "null",
        "example.org",
        "ftp://example.org",
        "https://",
        "https://example.org/page",
        "https://user@example.org",
        "https://example.org:http",
        "http://[::1",
    ] {
        assert!(normalize_origin(bad).is_err(), "{bad}");
    }
}

#[test]
fn file_errors() {
    let path = Path::new("relay.toml");
    let unknown = FileConfig::parse("max_socket = 4", path).expect_err("typo");
    assert!(unknown.to_string().contains("max_socket"), "{unknown}");
    let wrong_type = FileConfig::parse("max_sockets = \"many\"", path).expect_err("type");
    assert!(wrong_type
        .to_string()
        .starts_with("config file relay.toml is not valid"));
    let out_of_range = FileConfig::parse("services_base_port = 70000", path).expect_err("range");
    assert!(matches!(out_of_range, ConfigError::Parse { .. }));
    let missing = Config::from_cli(Cli {
        config: Some(PathBuf::from("/nonexistent/socket-playground.toml")),
        ..Cli::default()
    })
    .expect_err("missing file");
    assert!(missing
        .to_string()
        .starts_with("cannot read the config file"));
}

#[test]
fn file_is_read_and_page_dir_is_relative_to_it() {
    let dir = std::env::temp_dir().join(format!("sp-config-test-{}", std::process::id()));
    let page = dir.join("page");
    std::fs::create_dir_all(&page).expect("temp dir");
    let path = dir.join("relay.toml");
    std::fs::write(&path, "page_dir = \"page\"\nops_per_second = 7\n").expect("write");
    let c = Config::from_cli(Cli {
        config: Some(path),
        ..Cli::default()
    });
    let _ = std::fs::remove_dir_all(&dir);
    let c = c.expect("valid");
    assert_eq!(c.page_dir, Some(page));
    assert_eq!(c.limits.ops_per_second, 7);
}

#[test]
fn test_config_and_hello_limits() {
    let c = Config::for_tests();
    assert_eq!(c.listen.port(), 0);
    assert_eq!(c.services_base_port, 0);
    assert_eq!(c.profile, Profile::Local);
    assert!(c.validate().is_ok());
    let h = c.hello_limits();
    assert_eq!(
        h,
        shared::Limits {
            max_sockets: 16,
            max_payload: 1 << 20,
            max_message: (1 << 20) + (64 << 10),
            ops_per_second: 100,
            ops_burst: 200,
            bytes_per_second: 8 << 20,
            room_bytes_per_second: 32 << 20,
            max_buffered_bytes: 8 << 20,
            grace_secs: 30,
            idle_secs: 1800,
            bind_port_min: 1024,
            bind_port_max: 65535,
        }
    );
}

#[test]
fn warns_about_open_rules() {
    let c = merged(&["--allow-connect", "0.0.0.0/0:*"], "").expect("valid");
    assert_eq!(c.warnings().len(), 1);
}

#[test]
fn classroom_settings_merge_and_a_shared_relay_gets_a_teacher_key() {
    let c = merged(&["--listen", "0.0.0.0:8080"], "").expect("valid");
    assert_eq!(c.profile, Profile::Shared);
    let key = c.teacher_key().expect("a shared relay has a key");
    assert!(c.teacher_key_generated && key.len() == 20, "{key}");
    let c = merged(
        &["--listen", "0.0.0.0:8080", "--teacher-key", " secret "],
        "max_room_members = 5\nroom_idle_secs = 60\ntrust_proxy = [\"10.0.0.1\", \"192.168.0.0/16\"]",
    )
    .expect("valid");
    assert_eq!(c.teacher_key().as_deref(), Some("secret"));
    assert!(!c.teacher_key_generated);
    assert_eq!(c.room_limits.max_members, 5);
    assert_eq!(c.room_limits.idle, Duration::from_secs(60));
    assert_eq!(c.trusted_proxies.len(), 2);
    // The local profile needs no key: the machine is one person's.
    let local = merged(&["--teacher-key", "k"], "").expect("valid");
    assert_eq!(local.teacher_key(), None);
    assert!(merged(&[], "trust_proxy = [\"proxy.example\"]").is_err());
}

#[test]
fn byte_rates_and_relay_id_are_configurable_and_checked() {
    let c = merged(
        &["--bytes-per-second", "2000000", "--relay-id", "k"],
        "room_bytes_per_second = 9000000",
    )
    .expect("valid");
    assert_eq!(c.limits.bytes_per_second, 2_000_000);
    assert_eq!(c.room_limits.bytes_per_second, 9_000_000);
    assert_eq!(c.relay_id, Some('K'));
    assert_eq!(c.service_connections, 256);
    assert_eq!(
        merged(&["--service-connections", "500"], "")
            .expect("valid")
            .service_connections,
        500
    );
    assert!(merged(&["--service-connections", "0"], "").is_err());
    let err = merged(&["--room-bytes-per-second", "10"], "").expect_err("below max_payload");
    assert!(err.to_string().contains("room_bytes_per_second"), "{err}");
    assert_eq!(
        merged(&["--relay-id", "2"], "").expect("valid").relay_id,
        Some('D')
    );
    let err = merged(&["--relay-id", "O"], "").expect_err("a look-alike");
    assert!(err.to_string().contains("relay_id"), "{err}");
    let err = merged(&["--bytes-per-second", "1000"], "").expect_err("below max_payload");
    assert!(err.to_string().contains("bytes_per_second"), "{err}");
}
