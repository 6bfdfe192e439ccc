//! What each class means, in both languages, and the fix where one is safe. A fix sets a
//! mirror or a checksum database that serves what failed, or changes separators; it takes a
//! module away from the mirror or the checksum database (GOPRIVATE) only with [`Evidence`] that
//! the module is private, and a missing version stays a missing version.

use super::{Class, Evidence, classify::quoted_status, module_of};
use crate::i18n::Text;
use crate::tr;
use std::collections::BTreeMap;

fn fix(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
    Some(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// GOPROXY with `|` before every mirror that follows another: a 5xx or a timeout then moves on
/// to the next mirror instead of stopping (`,` falls through only on 404 and 410). None when
/// nothing would change.
pub fn with_fallthrough(goproxy: &str) -> Option<String> {
    let entries: Vec<&str> = goproxy.split([',', '|']).collect();
    if entries.len() < 2 {
        return None;
    }
    let mut out = String::new();
    let mut rest = goproxy;
    for (i, entry) in entries.iter().enumerate() {
        rest = &rest[entry.len()..];
        out.push_str(entry);
        let Some(sep) = rest.chars().next() else {
            break;
        };
        rest = &rest[1..];
        let next = entries.get(i + 1).map_or("", |e| e.trim());
        out.push(if sep == ',' && next != "direct" && next != "off" {
            '|'
        } else {
            sep
        });
    }
    (out != goproxy).then_some(out)
}

/// The explanation and the fix for a line of a class.
pub fn describe(
    class: Class,
    line: &str,
    evidence: &Evidence,
) -> (Text, Option<BTreeMap<String, String>>) {
    // A fix that changes the mirror offers only what the probe saw work here.
    let mirror_fix = || {
        evidence
            .measured_goproxy
            .as_deref()
            .and_then(|m| fix(&[("GOPROXY", m)]))
    };
    let module = module_of(line).unwrap_or("");
    let private = evidence.private_fix(module);
    let private_fix = private.as_deref().and_then(|p| fix(&[("GOPRIVATE", p)]));
    let status =
        quoted_status(&line.to_ascii_lowercase()).map_or_else(String::new, |s| s.to_string());
    match class {
        Class::ProxyUnreachable => (
            tr!(
                "The go command cannot connect to the module proxy (refused, no such host, or blocked). In mainland China proxy.golang.org is often unreachable: use a mirror that answers from your network (gomirror probe finds the best one).",
                "go 命令无法连接模块代理（被拒绝、找不到主机或被拦截）。在中国大陆 proxy.golang.org 常常无法访问：请使用在你的网络中能连通的镜像（“gomirror probe”会找出最合适的）。"
            ),
            mirror_fix(),
        ),
        Class::ProxyTimeout => (
            tr!(
                "The module proxy did not answer in time (a blocked host often drops packets, so the go command waits and then times out). Use a mirror that answers from your network.",
                "模块代理没有及时响应（被封锁的主机常常直接丢弃数据包，go 命令只能等到超时）。请使用在你的网络中能连通的镜像。"
            ),
            mirror_fix(),
        ),
        Class::ProxyServerError => (
            tr!(
                "The module proxy failed on its side (HTTP {status}): it is not your setup. With ',' after a proxy in GOPROXY the go command stops at a 5xx and never tries the next entry; with '|' it moves on. Put '|' between mirrors (the fix does, keeping your mirrors), or use another mirror.",
                "模块代理自身出错（HTTP {status}），不是你的设置问题。GOPROXY 中代理后面用 ',' 时，go 命令遇到 5xx 就会停止，不会尝试下一项；用 '|' 才会继续。请在镜像之间使用 '|'（修复会这样改，并保留你的镜像），或换一个镜像。"
            ),
            with_fallthrough(&evidence.goproxy)
                .as_deref()
                .and_then(|p| fix(&[("GOPROXY", p)])),
        ),
        Class::InvalidProxyResponse => (
            tr!(
                "The proxy answered with something that is not Go module data: usually an HTML page (a login page, a captive portal of the office or hotel Wi-Fi, a block page), or a broken mirror. Sign in in a browser if it is a portal; otherwise use another mirror.",
                "代理返回的不是 Go 模块数据：通常是一个 HTML 网页（登录页、办公室或酒店无线网络的认证门户、拦截页），或是镜像本身有问题。如果是认证门户，请先在浏览器中登录；否则请换一个镜像。"
            ),
            None,
        ),
        Class::SumdbUnreachable => (
            tr!(
                "The checksum database (sum.golang.org) cannot be reached, so downloads cannot be verified. Use sum.golang.google.cn (the same database, reachable from mainland China) or a mirror that proxies it; do not turn verification off.",
                "无法连接校验和数据库（sum.golang.org），下载无法被验证。请使用 sum.golang.google.cn（同一个数据库，中国大陆可访问）或代理了它的镜像；不要关闭校验。"
            ),
            // A module known to be private is in no public database: keep it out. Any other:
            // the same database through a host that answers, verification on.
            private_fix
                .clone()
                .or_else(|| fix(&[("GOSUMDB", "sum.golang.google.cn")])),
        ),
        Class::SumdbMissing => (
            tr!(
                "The checksum database has no record of this module version (it answered {status}). For a public module this usually means the version does not exist (check the tag) or was published minutes ago. A private module is never in the public database: if it is yours, add its host to GOPRIVATE.",
                "校验和数据库中没有这个模块版本的记录（返回 {status}）。对公共模块来说，这通常表示该版本不存在（请检查标签），或刚刚发布。私有模块永远不会出现在公共数据库中：如果这是你们公司的模块，请把它的主机加入 GOPRIVATE。"
            ),
            private_fix,
        ),
        Class::SumdbServerError => (
            tr!(
                "The checksum database, or the mirror that proxies it, failed on its side (HTTP {status}). It is not your setup and not a missing module: try again later, or use a mirror whose checksum-database proxy works. Do not turn verification off.",
                "校验和数据库（或代理它的镜像）自身出错（HTTP {status}）。这不是你的设置问题，也不是模块不存在：请稍后重试，或换一个校验和数据库代理正常的镜像。不要关闭校验。"
            ),
            None,
        ),
        Class::SumdbDisabled => (
            tr!(
                "Checksum verification is off (GOSUMDB=off), and the go command refuses to download a Go toolchain without it. Turn verification back on: sum.golang.google.cn is the same database and reachable from mainland China.",
                "校验和验证已关闭（GOSUMDB=off），而 go 命令在未校验时拒绝下载 Go 工具链。请重新开启校验：sum.golang.google.cn 是同一个数据库，在中国大陆也可访问。"
            ),
            fix(&[("GOSUMDB", "sum.golang.google.cn")]),
        ),
        Class::SumdbKeyMismatch => (
            tr!(
                "The checksum database's answer is not signed by the key GOSUMDB names: a wrong key for that database, or something in between answering in its place. Check the name+key in GOSUMDB (sum.golang.org and sum.golang.google.cn need no key); never turn verification off.",
                "校验和数据库的应答没有使用 GOSUMDB 中指定的公钥签名：可能是该数据库的公钥写错了，也可能是中间有别的服务器冒充它应答。请检查 GOSUMDB 中的名称和公钥（sum.golang.org 与 sum.golang.google.cn 不需要写公钥）；不要关闭校验。"
            ),
            None,
        ),
        Class::NotFound => (
            tr!(
                "The proxy does not have this module or version: check the path and the version (a tag that does not exist stays missing on every mirror; a brand-new tag may take a few minutes to reach a mirror). A private module must not go through a public proxy: if it is yours, add its host to GOPRIVATE.",
                "代理上没有这个模块或版本：请检查路径和版本（不存在的标签在任何镜像上都找不到；刚发布的标签可能要几分钟才会同步到镜像）。私有模块不能经过公共代理：如果这是你们公司的模块，请把它的主机加入 GOPRIVATE。"
            ),
            private_fix,
        ),
        Class::Gone => (
            tr!(
                "410 Gone: the proxy or the checksum database refuses this module: it could not fetch it from its origin (a private repository, or one that was deleted). If the module is yours, add its host to GOPRIVATE so that it is fetched directly and not looked up in the public database.",
                "“410 Gone”：代理或校验和数据库拒绝了这个模块：它无法从源站获取（私有仓库，或已被删除的仓库）。如果这是你们公司的模块，请把它的主机加入 GOPRIVATE，直接获取且不去公共数据库查询。"
            ),
            private_fix,
        ),
        Class::AuthRequired => (
            tr!(
                "The proxy asks for credentials (401/403). Put them in .netrc (GOAUTH=netrc, the default), never in GOPROXY; gomirror move-credentials does it for a GOPROXY that carries a password.",
                "代理要求凭据（401/403）。请把凭据放进 .netrc（GOAUTH=netrc，默认），不要写在 GOPROXY 里；GOPROXY 中已带密码时可用“gomirror move-credentials”移走。"
            ),
            None,
        ),
        Class::GoauthFailed => (
            tr!(
                "GOAUTH failed: a credential command it names did not run or did not give credentials, or the setting is malformed (off cannot be combined with others; git needs an absolute directory). Check GOAUTH; unset it to use .netrc, the default.",
                "GOAUTH 出错：它指定的凭据命令没有运行成功或没有给出凭据，或者设置格式有误（off 不能与其他方式组合；git 方式需要绝对路径的目录）。请检查 GOAUTH；取消设置即使用默认的 .netrc。"
            ),
            None,
        ),
        Class::TlsUntrusted => (
            tr!(
                "The server's certificate is not trusted: a company gateway that inspects TLS, or a wrong host. Give the go command the company's root certificate with SSL_CERT_FILE (or install it in the system store); never switch to http.",
                "服务器证书不受信任：可能是检查 TLS 的公司网关，或主机不对。请用 SSL_CERT_FILE 把公司的根证书交给 go 命令（或装入系统证书库）；不要改用 http。"
            ),
            None,
        ),
        Class::ChecksumMismatch => (
            tr!(
                "SECURITY ERROR: the downloaded module is not what the checksum database recorded. Do not turn verification off: a mirror may serve a stale or tampered copy. Clean the module cache (go clean -modcache) and download through another mirror.",
                "安全错误：下载的模块与校验和数据库记录的不一致。不要关闭校验：镜像可能提供了过期或被篡改的副本。请清理模块缓存（“go clean -modcache”）并换一个镜像下载。"
            ),
            None,
        ),
        Class::InvalidGoproxy => (
            tr!(
                "GOPROXY is not valid: each entry must be an https:// (or http://, file://) URL, direct or off, separated by , or |.",
                "GOPROXY 无效：每一项必须是 https://（或 http://、file://）网址、direct 或 off，用 , 或 | 分隔。"
            ),
            mirror_fix(),
        ),
        Class::InvalidGosumdb => (
            tr!(
                "GOSUMDB is not valid: it must be off, a database name (sum.golang.org, sum.golang.google.cn), a name with its key, or a name and a URL.",
                "GOSUMDB 无效：它必须是 off、数据库名称（sum.golang.org、sum.golang.google.cn）、带公钥的名称，或名称加网址。"
            ),
            fix(&[("GOSUMDB", "sum.golang.google.cn")]),
        ),
        Class::LookupDisabled => (
            tr!(
                "GOPROXY=off forbids every download. Set a proxy list instead.",
                "GOPROXY=off 禁止了所有下载。请改为设置代理列表。"
            ),
            mirror_fix(),
        ),
        Class::ModReadonly => (
            tr!(
                "The go command may not change go.mod or go.sum here (-mod=readonly, the default for builds and tests): the code imports a package no required module provides, or go.sum lacks an entry. Run go get <module> or go mod tidy. This is not a network or mirror problem.",
                "go 命令在这里不能修改 go.mod 或 go.sum（-mod=readonly，构建和测试的默认方式）：代码导入了没有任何依赖模块提供的包，或 go.sum 缺少条目。请运行“go get <模块>”或“go mod tidy”。这不是网络或镜像问题。"
            ),
            None,
        ),
        Class::VendorInconsistent => (
            tr!(
                "vendor/modules.txt does not match go.mod: run go mod vendor to bring the vendor directory up to date (or build with -mod=mod to ignore it). This is not a network or mirror problem.",
                "vendor/modules.txt 与 go.mod 不一致：请运行“go mod vendor”更新 vendor 目录（或用 -mod=mod 构建以忽略它）。这不是网络或镜像问题。"
            ),
            None,
        ),
        Class::GitAuth => (
            tr!(
                "git needs credentials for a module fetched directly (GOPRIVATE, GONOPROXY or direct), and the go command does not let it ask. Use SSH (url.insteadOf) or store a token in .netrc; gomirror project git-check explains and fixes it.",
                "直接获取的模块（GOPRIVATE、GONOPROXY 或 direct）需要 git 凭据，而 go 命令不允许 git 询问。请改用 SSH（url.insteadOf）或在 .netrc 中保存令牌；“gomirror project git-check”会说明并修复。"
            ),
            None,
        ),
        Class::ToolchainUnavailable => (
            tr!(
                "The project asks for a newer Go toolchain than the one installed, and the configured proxy does not offer it. Install that Go version, use a mirror that serves golang.org/toolchain, or keep the local one (GOTOOLCHAIN=local) if the project allows it.",
                "项目要求的 Go 工具链比已安装的新，而配置的代理不提供它。请安装该 Go 版本、使用提供 golang.org/toolchain 的镜像，或在项目允许时继续使用本地版本（GOTOOLCHAIN=local）。"
            ),
            fix(&[("GOTOOLCHAIN", "local")]),
        ),
        Class::ToolchainDownloadFailed => (
            tr!(
                "The go command tried to download the Go toolchain this project needs, and the download failed on the way (the proxy answered {status}, or the network failed). Use a mirror that serves golang.org/toolchain reliably, or install that Go version yourself.",
                "go 命令尝试下载本项目需要的 Go 工具链，但下载中途失败（代理返回 {status}，或网络出错）。请使用能稳定提供 golang.org/toolchain 的镜像，或自行安装该 Go 版本。"
            ),
            None,
        ),
        Class::GoTooOld => {
            let local = line.contains("GOTOOLCHAIN=local");
            (
                tr!(
                    "This module needs a newer go than the one running, and the go command may not switch (GOTOOLCHAIN=local, or a go too old to know toolchains). Allow the switch with GOTOOLCHAIN=auto (the mirror must serve golang.org/toolchain), or install the Go version it names.",
                    "这个模块需要比当前更新的 go，而 go 命令不能自动切换（GOTOOLCHAIN=local，或 go 版本太旧，不认识工具链）。请用 GOTOOLCHAIN=auto 允许切换（镜像需要提供 golang.org/toolchain），或安装它要求的 Go 版本。"
                ),
                if local {
                    fix(&[("GOTOOLCHAIN", "auto")])
                } else {
                    None
                },
            )
        }
        Class::ServerResponse => (
            tr!(
                "This is the server's own message (the proxy's or the checksum database's), which the go command quotes: the failure happened on the server's side, for example it could not fetch a repository that is private or does not exist. It is not a problem with your git or your credentials.",
                "这是服务器（代理或校验和数据库）自己返回的信息，go 命令只是转述：失败发生在服务器一侧，例如它无法获取私有或不存在的仓库。这不是你的 git 或凭据的问题。"
            ),
            None,
        ),
        Class::Unknown => (
            tr!(
                "Not a known problem (or not a problem).",
                "不是已知的问题（或不是问题）。"
            ),
            None,
        ),
    }
}
