//! The Team panel's one worker job: read a profile from a file or an https URL.

use super::file::TeamProfile;
use crate::goenv::location::EnvMap;
use crate::i18n::Text;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct ReadProfile {
    pub location: String,
    pub env: EnvMap,
}

/// The profile, or every reason it is refused.
pub type ProfileOutput = Result<Box<TeamProfile>, Vec<Text>>;

pub fn run(job: ReadProfile) -> ProfileOutput {
    let text = if super::fetch::is_url(&job.location) {
        super::fetch::fetch_blocking(&job.location, &job.env, Duration::from_secs(20))
            .map_err(|e| vec![e])?
    } else {
        use std::io::Read;
        let mut text = String::new();
        let read = std::fs::File::open(&job.location).and_then(|f| {
            f.take(super::fetch::MAX_BYTES as u64 + 1)
                .read_to_string(&mut text)
        });
        match read {
            Ok(n) if n > super::fetch::MAX_BYTES => {
                let l = &job.location;
                return Err(vec![Text::new(
                    format!("{l} is larger than 1 MiB: not a profile"),
                    format!("{l} 超过 1 MiB：不是团队配置文件"),
                )]);
            }
            Ok(_) => text,
            Err(e) => {
                let l = &job.location;
                return Err(vec![Text::new(
                    format!("cannot read {l}: {e}"),
                    format!("无法读取 {l}：{}", crate::i18n::io_error_zh(&e)),
                )]);
            }
        }
    };
    super::file::parse(&text)
        .map(Box::new)
        .map_err(|e| e.problems)
}
