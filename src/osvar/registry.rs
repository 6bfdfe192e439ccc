//! Windows: the user's and the machine's environment variables in the registry, read, removed
//! (recorded first, for undo) and put back, and the change announced to every program.

use super::{Location, Place, Scope, UnsetError};
use crate::apply::history::OsVarStep;
use crate::i18n::Text;
use crate::tr;
use winreg::RegKey;
use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, KEY_READ, KEY_SET_VALUE, RegType};

const USER_KEY: &str = "Environment";
const USER_SHOWN: &str = r"HKCU\Environment";
const MACHINE_KEY: &str = r"SYSTEM\CurrentControlSet\Control\Session Manager\Environment";
const MACHINE_SHOWN: &str = r"HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment";

fn type_name(t: &RegType) -> &'static str {
    match t {
        RegType::REG_SZ => "REG_SZ",
        RegType::REG_EXPAND_SZ => "REG_EXPAND_SZ",
        _ => "other",
    }
}

/// A REG_SZ / REG_EXPAND_SZ value's text (UTF-16, without its terminating NUL).
fn text_of(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
        .trim_end_matches('\0')
        .to_string()
}

/// The user's and the machine's values for `keys`.
pub fn find(keys: &[&str]) -> Vec<Place> {
    let mut out = Vec::new();
    for (hive, path, shown, scope) in [
        (HKEY_CURRENT_USER, USER_KEY, USER_SHOWN, Scope::User),
        (
            HKEY_LOCAL_MACHINE,
            MACHINE_KEY,
            MACHINE_SHOWN,
            Scope::System,
        ),
    ] {
        let Ok(key) = RegKey::predef(hive).open_subkey_with_flags(path, KEY_READ) else {
            continue;
        };
        for name in keys {
            if let Ok(v) = key.get_raw_value(name) {
                out.push(Place {
                    key: name.to_string(),
                    scope,
                    location: Location::Registry {
                        registry_key: shown.to_string(),
                        value_type: type_name(&v.vtype).to_string(),
                        value: text_of(&v.bytes),
                    },
                });
            }
        }
    }
    out
}

fn reg_type(code: u32) -> RegType {
    if code == RegType::REG_EXPAND_SZ as u32 {
        RegType::REG_EXPAND_SZ
    } else {
        RegType::REG_SZ
    }
}

/// Records the user value (name, type, data) as an undo step, then deletes it.
pub fn remove(place: &Place, data_dir: &std::path::Path) -> Result<u64, UnsetError> {
    let key = RegKey::predef(HKEY_CURRENT_USER)
        .open_subkey_with_flags(USER_KEY, KEY_READ | KEY_SET_VALUE)
        .map_err(|e| refused(&place.key, &e))?;
    let value = key
        .get_raw_value(&place.key)
        .map_err(|e| refused(&place.key, &e))?;
    let step = OsVarStep {
        store: USER_SHOWN.to_string(),
        name: place.key.clone(),
        value_type: value.vtype.clone() as u32,
        data: value.bytes.clone(),
    };
    super::recorded(
        format!("{USER_SHOWN}\\{}", place.key),
        step,
        data_dir,
        || {
            key.delete_value(&place.key)
                .map_err(|e| refused(&place.key, &e))
        },
    )
}

fn refused(name: &str, e: &std::io::Error) -> UnsetError {
    let zh = crate::i18n::io_error_zh(e);
    UnsetError::Refused(tr!(
        "cannot change the user variable {name} in {USER_SHOWN}: {e}; nothing was written",
        "无法修改 {USER_SHOWN} 中的用户变量 {name}：{zh}；未写入任何内容"
    ))
}

/// Puts a removed user value back as it was (type and data). A value that is there again with
/// the same data is left as it is; one with other data is refused.
pub fn restore(step: &OsVarStep) -> Result<(), Text> {
    let name = &step.name;
    let key = RegKey::predef(HKEY_CURRENT_USER)
        .open_subkey_with_flags(USER_KEY, KEY_READ | KEY_SET_VALUE)
        .map_err(|e| {
            let zh = crate::i18n::io_error_zh(&e);
            tr!(
                "cannot open {USER_SHOWN}: {e}",
                "无法打开 {USER_SHOWN}：{zh}"
            )
        })?;
    if let Ok(now) = key.get_raw_value(name) {
        if now.bytes == step.data {
            return Ok(());
        }
        return Err(tr!(
            "the user variable {name} was set again since (to another value); nothing was changed",
            "用户变量 {name} 此后又被设置（为另一个值）；未做任何修改"
        ));
    }
    let value = winreg::RegValue {
        vtype: reg_type(step.value_type),
        bytes: step.data.clone(),
    };
    key.set_raw_value(name, &value).map_err(|e| {
        let zh = crate::i18n::io_error_zh(&e);
        tr!(
            "cannot restore the user variable {name}: {e}",
            "无法恢复用户变量 {name}：{zh}"
        )
    })?;
    broadcast();
    Ok(())
}

/// Tells every top-level window that the environment changed, as System Properties does, so
/// that Explorer gives new programs the new variables.
pub fn broadcast() {
    use windows_sys::Win32::UI::WindowsAndMessaging::{
        HWND_BROADCAST, SMTO_ABORTIFHUNG, SendMessageTimeoutW, WM_SETTINGCHANGE,
    };
    let what: Vec<u16> = "Environment\0".encode_utf16().collect();
    let mut result = 0usize;
    // SAFETY: `what` is a NUL-terminated UTF-16 string that outlives the call (the message is
    // sent synchronously, with a 5 s bound per window); `result` is a valid out pointer.
    #[allow(unsafe_code)]
    unsafe {
        SendMessageTimeoutW(
            HWND_BROADCAST,
            WM_SETTINGCHANGE,
            0,
            what.as_ptr() as isize,
            SMTO_ABORTIFHUNG,
            5000,
            &mut result,
        );
    }
}
