//! The profile's mirrors and network: recommending among them, the company proxy and embedded
//! CA reaching the probe and a project's `.envrc`, per-OS instructions and pending export.

use super::*;

#[test]
fn recommend_among_the_profiles_mirrors() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let broken = LabMirror::start(
        &rt,
        Behaviour {
            all_status: Some(503),
            ..Behaviour::default()
        },
        None,
    );
    let good = LabMirror::start(
        &rt,
        Behaviour {
            zip_padding: 1024 * 1024,
            ..Behaviour::default()
        },
        None,
    );
    let file = s.path().join("among.gomirror.toml");
    std::fs::write(
        &file,
        format!(
            "version = 1\nrecommend_among_mirrors = true\n[settings]\nGOPRIVATE = \"git.corp.example\"\n\n[[mirrors]]\nname = \"broken\"\nurl = \"{}\"\nkind = \"goproxy\"\n\n[[mirrors]]\nname = \"good\"\nurl = \"{}\"\nkind = \"athens\"\n",
            broken.url, good.url
        ),
    )
    .expect("profile");
    let out = import(&s, &s.env(), &file.display().to_string());
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let written = env_file_text(&s).expect("written");
    let goproxy = written
        .lines()
        .find_map(|l| l.strip_prefix("GOPROXY="))
        .expect("GOPROXY written");
    assert!(
        goproxy.starts_with(good.url.trim_end_matches('/')),
        "{goproxy}"
    );
    assert!(
        !goproxy.contains(broken.url.trim_end_matches('/')),
        "{goproxy}"
    );
    assert!(written.contains("GOPRIVATE=git.corp.example"), "{written}");
}

/// The profile's `[network]`, with its root CA embedded: the CLI's recommend-among probes the
/// profile's https mirror through the company proxy (not in the process environment) and
/// trusts the embedded CA; `--project` writes the proxy and the CA into the project's
/// `.envrc`, and the real go command run from a shell that sources it downloads through the
/// proxy. Neither variable goes into the go env file.
#[test]
fn the_profiles_company_proxy_and_embedded_ca_reach_the_probe_and_a_projects_envrc() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let alias = netlab::loopback_alias();
    let ca = TestCa::with_names("company", &[alias.as_str()]);
    let mirror = LabMirror::start(&rt, Behaviour::default(), Some(&ca));
    let port = mirror
        .url
        .rsplit(':')
        .next()
        .expect("port")
        .trim_end_matches('/');
    let url = format!("https://{alias}:{port}");
    let proxy = netlab::ConnectProxy::start(&rt, std::time::Duration::ZERO);
    let network = format!(
        "[network]\nhttps_proxy = \"{}\"\nca_pem = '''\n{}'''\n",
        proxy.url, ca.ca_pem
    );
    let among = s.path().join("among.gomirror.toml");
    std::fs::write(
        &among,
        format!(
            "version = 1\nrecommend_among_mirrors = true\n\n[[mirrors]]\nname = \"company\"\nurl = \"{url}\"\nkind = \"athens\"\n\n{network}"
        ),
    )
    .expect("profile");
    let env = s.env();
    // The process has only the sandbox's dead safety-net proxy and no CA of the lab.
    assert_ne!(env.get("HTTPS_PROXY"), Some(&proxy.url));
    assert!(!env.contains_key("SSL_CERT_FILE"));
    let out = import(&s, &env, &among.display().to_string());
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let written = env_file_text(&s).expect("written");
    assert!(written.contains(&format!("GOPROXY={url}")), "{written}");
    assert!(
        !written.contains("HTTPS_PROXY") && !written.contains("SSL_CERT_FILE"),
        "{written}"
    );
    let target = format!("{alias}:{port}");
    assert!(
        proxy.targets().iter().any(|t| t == &target),
        "the probe did not go through the profile's proxy: {:?}",
        proxy.targets()
    );
    assert!(out.stderr.contains("profile network"), "{}", out.stderr);

    // Into a project: the settings and the network variables in its .envrc.
    let project = s.path().join("proj");
    std::fs::create_dir_all(&project).expect("dir");
    std::fs::write(
        project.join("go.mod"),
        "module corp.example/app\n\ngo 1.21\n",
    )
    .expect("go.mod");
    let fixed = s.path().join("fixed.gomirror.toml");
    std::fs::write(
        &fixed,
        format!("version = 1\n\n[settings]\nGOPROXY = \"{url}\"\nGOSUMDB = \"off\"\n\n{network}"),
    )
    .expect("profile");
    let before = env_file_text(&s);
    gomirror_ok(
        &[
            "profile",
            "import",
            &fixed.display().to_string(),
            "--project",
            &project.display().to_string(),
        ],
        &env,
        Some(&go("1.27")),
        s.path(),
    );
    assert_eq!(
        env_file_text(&s),
        before,
        "the global settings were touched"
    );
    let envrc = std::fs::read_to_string(project.join(".envrc")).expect(".envrc");
    assert!(
        envrc.contains(&format!("export HTTPS_PROXY='{}'", proxy.url)),
        "{envrc}"
    );
    let ca_line = envrc
        .lines()
        .find_map(|l| l.strip_prefix("export SSL_CERT_FILE='"))
        .expect("SSL_CERT_FILE in .envrc");
    let ca_path = ca_line.trim_end_matches('\'');
    assert_eq!(
        std::fs::read_to_string(ca_path).expect("installed CA"),
        ca.ca_pem
    );
    // `project show` reads the network variables back from the block.
    let shown = gomirror(
        &["project", "show", &project.display().to_string(), "--json"],
        &env,
        Some(&go("1.27")),
        s.path(),
    );
    assert!(
        shown.stdout.contains("HTTPS_PROXY"),
        "{}{}",
        shown.stdout,
        shown.stderr
    );

    let before = proxy.targets().len();
    let mut shell_env = env.clone();
    shell_env.insert(
        "PATH".into(),
        format!(
            "{}:/usr/bin:/bin",
            go("1.27").parent().expect("bin").display()
        ),
    );
    shell_env.insert("GOTOOLCHAIN".into(), "local".into());
    shell_env.insert("GOFLAGS".into(), "-modcacherw".into());
    shell_env.insert(
        "GOMODCACHE".into(),
        s.path().join("modcache").display().to_string(),
    );
    let out = common::run(
        std::path::Path::new("/bin/bash"),
        &[
            "-c",
            ". ./.envrc && go mod download -json example.com/m@v1.0.0",
        ],
        &shell_env,
        &project,
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let v: serde_json::Value = crate::common::json(&out);
    assert!(v.get("Error").is_none(), "{v}");
    assert!(
        proxy.targets()[before..].iter().any(|t| t == &target),
        "the go command did not use the proxy from .envrc: {:?}",
        proxy.targets()
    );
}

#[test]
fn network_instructions_per_os_and_pending_export() {
    let s = Sandbox::new();
    let file = s.path().join("team.gomirror.toml");
    std::fs::write(&file, PROFILE).expect("profile");
    let out = gomirror_ok(
        &[
            "profile",
            "network",
            &file.display().to_string(),
            "--os",
            "windows",
            "--json",
        ],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    let v: serde_json::Value = crate::common::json(&out);
    assert_eq!(v["os"], "windows");
    let text = v.to_string();
    assert!(
        text.contains(
            "SetEnvironmentVariable('HTTPS_PROXY', 'http://proxy.corp.example:3128', 'User')"
        ),
        "{text}"
    );
    let out = gomirror(
        &[
            "profile",
            "network",
            &file.display().to_string(),
            "--os",
            "linux",
        ],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    assert!(
        out.stdout.contains("export NO_PROXY='corp.example'"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("~/.profile") && out.stdout.contains("终端"));

    // Export with pending values: checked by the core, never applied.
    let out = gomirror_ok(
        &[
            "profile",
            "export",
            "--set",
            "GOPRIVATE=git.corp.example",
            "--set",
            "GOPROXY=https://goproxy.cn,direct",
        ],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    let p = gomirror::profile::file::parse(&out.stdout).expect("exported profile parses");
    assert_eq!(p.settings["GOPRIVATE"], "git.corp.example");
    assert_eq!(p.settings["GOPROXY"], "https://goproxy.cn,direct");
    assert!(env_file_text(&s).is_none(), "export applied something");
    let out = gomirror(
        &["profile", "export", "--set", "GOSUMDB=bogus+key"],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.is_empty());
    let out = gomirror(
        &[
            "profile",
            "export",
            "--set",
            "GOPROXY=https://u:pw@corp.example",
        ],
        &s.env(),
        Some(&go("1.27")),
        s.path(),
    );
    assert_ne!(out.code, 0);
    assert!(!out.stderr.contains("pw@"), "{}", out.stderr);
}
