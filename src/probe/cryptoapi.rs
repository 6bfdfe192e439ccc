//! Windows: a server certificate judged as the go command judges it there, Go's
//! `crypto/x509` `systemVerify` (root_windows.go) step by step: an in-memory store with the
//! leaf and what the server sent, `CertGetCertificateChain` for server authentication (or
//! Server Gated Crypto) with no revocation check, the chain's trust status, then
//! `CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL)` with the server name, and Go's
//! own re-check of every ECDSA signature in the chain (CVE-2020-0601). The errors are Go's:
//! an expired chain, a name mismatch, and everything else "signed by unknown authority".

use super::gox509::{self, CertProblem};
use std::ptr;
use windows_sys::Win32::Foundation::{CERT_E_CN_NO_MATCH, CERT_E_EXPIRED, FILETIME};
use windows_sys::Win32::Security::Cryptography::{
    AUTHTYPE_SERVER, CERT_CHAIN_CONTEXT, CERT_CHAIN_PARA, CERT_CHAIN_POLICY_PARA,
    CERT_CHAIN_POLICY_SSL, CERT_CHAIN_POLICY_STATUS, CERT_CONTEXT, CERT_STORE_ADD_ALWAYS,
    CERT_STORE_DEFER_CLOSE_UNTIL_LAST_FREE_FLAG, CERT_STORE_PROV_MEMORY,
    CERT_TRUST_IS_NOT_TIME_VALID, CERT_TRUST_IS_NOT_VALID_FOR_USAGE,
    CertAddCertificateContextToStore, CertCloseStore, CertCreateCertificateContext,
    CertFreeCertificateChain, CertFreeCertificateContext, CertGetCertificateChain, CertOpenStore,
    CertVerifyCertificateChainPolicy, HTTPSPolicyCallbackData, PKCS_7_ASN_ENCODING,
    USAGE_MATCH_TYPE_OR, X509_ASN_ENCODING, szOID_PKIX_KP_SERVER_AUTH,
};

const ENCODING: u32 = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;

/// Also the lower-quality chains (Go 1.27 asks for them and accepts any that passes).
const CERT_CHAIN_RETURN_LOWER_QUALITY_CONTEXTS: u32 = 0x0000_0080;

/// Seconds between 1601-01-01 (FILETIME's epoch) and 1970-01-01.
const FILETIME_UNIX_OFFSET: u64 = 11_644_473_600;

fn filetime(unix_secs: u64) -> FILETIME {
    let ticks = unix_secs
        .saturating_add(FILETIME_UNIX_OFFSET)
        .saturating_mul(10_000_000);
    FILETIME {
        dwLowDateTime: (ticks & 0xFFFF_FFFF) as u32,
        dwHighDateTime: (ticks >> 32) as u32,
    }
}

/// Why the system calls themselves failed (not a verdict on the certificate).
fn system_error(what: &str) -> CertProblem {
    CertProblem::BadSignature {
        detail: format!("{what} failed: {}", std::io::Error::last_os_error()),
    }
}

/// The leaf's context, in a memory store that also holds the sent certificates; freeing the
/// context closes the store (`CERT_STORE_DEFER_CLOSE_UNTIL_LAST_FREE_FLAG`).
struct StoreContext(*const CERT_CONTEXT);

impl Drop for StoreContext {
    fn drop(&mut self) {
        // SAFETY: a context returned by CertAddCertificateContextToStore, freed once.
        #[allow(unsafe_code)]
        unsafe {
            CertFreeCertificateContext(self.0);
        }
    }
}

struct Chain(*mut CERT_CHAIN_CONTEXT);

impl Drop for Chain {
    fn drop(&mut self) {
        // SAFETY: a chain returned by CertGetCertificateChain, freed once.
        #[allow(unsafe_code)]
        unsafe {
            CertFreeCertificateChain(self.0);
        }
    }
}

/// Go's `createStoreContext`.
#[allow(unsafe_code)]
fn store_context(leaf: &[u8], intermediates: &[&[u8]]) -> Result<StoreContext, CertProblem> {
    let len = |d: &[u8]| u32::try_from(d.len()).unwrap_or(u32::MAX);
    // SAFETY: the DER buffers outlive the calls (CryptoAPI copies them into the contexts);
    // every handle and context is checked before use and freed on every path.
    unsafe {
        let leaf_ctx = CertCreateCertificateContext(ENCODING, leaf.as_ptr(), len(leaf));
        if leaf_ctx.is_null() {
            return Err(gox509::unknown_authority(leaf));
        }
        let store = CertOpenStore(
            CERT_STORE_PROV_MEMORY,
            0,
            0,
            CERT_STORE_DEFER_CLOSE_UNTIL_LAST_FREE_FLAG,
            ptr::null(),
        );
        if store.is_null() {
            CertFreeCertificateContext(leaf_ctx);
            return Err(system_error("CertOpenStore"));
        }
        let mut in_store: *mut CERT_CONTEXT = ptr::null_mut();
        let added =
            CertAddCertificateContextToStore(store, leaf_ctx, CERT_STORE_ADD_ALWAYS, &mut in_store);
        CertFreeCertificateContext(leaf_ctx);
        if added == 0 || in_store.is_null() {
            CertCloseStore(store, 0);
            return Err(system_error("CertAddCertificateContextToStore"));
        }
        let result = StoreContext(in_store);
        for der in intermediates {
            let ctx = CertCreateCertificateContext(ENCODING, der.as_ptr(), len(der));
            if ctx.is_null() {
                CertCloseStore(store, 0);
                return Err(gox509::unknown_authority(der));
            }
            let ok = CertAddCertificateContextToStore(
                store,
                ctx,
                CERT_STORE_ADD_ALWAYS,
                ptr::null_mut(),
            );
            CertFreeCertificateContext(ctx);
            if ok == 0 {
                CertCloseStore(store, 0);
                return Err(system_error("CertAddCertificateContextToStore"));
            }
        }
        // The store now lives until the leaf's context is freed.
        CertCloseStore(store, 0);
        Ok(result)
    }
}

/// The certificates of the chain's last simple chain, leaf first (Go's `extractSimpleChain`).
#[allow(unsafe_code)]
fn chain_certificates(ctx: *const CERT_CHAIN_CONTEXT) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    // SAFETY: a chain context from CertGetCertificateChain: its arrays hold the counts it
    // states, and every pointer in them is valid while the chain is.
    unsafe {
        let ctx = &*ctx;
        if ctx.cChain == 0 || ctx.rgpChain.is_null() {
            return out;
        }
        let last = *ctx.rgpChain.add(ctx.cChain as usize - 1);
        if last.is_null() {
            return out;
        }
        let simple = &*last;
        for i in 0..simple.cElement as usize {
            let element = *simple.rgpElement.add(i);
            if element.is_null() || (*element).pCertContext.is_null() {
                continue;
            }
            let cert = &*(*element).pCertContext;
            out.push(
                std::slice::from_raw_parts(cert.pbCertEncoded, cert.cbCertEncoded as usize)
                    .to_vec(),
            );
        }
    }
    out
}

/// Go's `verifyChain` for one chain context: its trust status, the SSL policy for the
/// server name, then Go's own check of every ECDSA signature in it (CVE-2020-0601).
#[allow(unsafe_code)]
fn verify_chain(
    ctx: *const CERT_CHAIN_CONTEXT,
    leaf: &[u8],
    host: &str,
) -> Result<(), CertProblem> {
    // SAFETY: a chain context from CertGetCertificateChain (the top one or one of its lower
    // quality ones), valid while its top chain is; the policy structures are zeroed with
    // their sizes set and the server name outlives the call.
    unsafe {
        // Go's checkChainTrustStatus.
        let status = (*ctx).TrustStatus.dwErrorStatus;
        if status != 0 {
            return Err(match status {
                CERT_TRUST_IS_NOT_TIME_VALID => gox509::expired_problem(leaf),
                CERT_TRUST_IS_NOT_VALID_FOR_USAGE => gox509::incompatible_usage(leaf),
                _ => gox509::unknown_authority(leaf),
            });
        }
        // Go's checkChainSSLServerPolicy.
        let mut name: Vec<u16> = host
            .trim_end_matches('.')
            .encode_utf16()
            .chain(std::iter::once(0))
            .collect();
        let mut ssl: HTTPSPolicyCallbackData = std::mem::zeroed();
        ssl.Anonymous.cbSize = size_of::<HTTPSPolicyCallbackData>() as u32;
        ssl.dwAuthType = AUTHTYPE_SERVER;
        ssl.pwszServerName = name.as_mut_ptr();
        let mut policy: CERT_CHAIN_POLICY_PARA = std::mem::zeroed();
        policy.cbSize = size_of::<CERT_CHAIN_POLICY_PARA>() as u32;
        policy.pvExtraPolicyPara = (&raw mut ssl).cast();
        let mut result: CERT_CHAIN_POLICY_STATUS = std::mem::zeroed();
        result.cbSize = size_of::<CERT_CHAIN_POLICY_STATUS>() as u32;
        if CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, ctx, &policy, &mut result) == 0 {
            return Err(system_error("CertVerifyCertificateChainPolicy"));
        }
        match result.dwError as i32 {
            0 => {}
            CERT_E_EXPIRED => return Err(gox509::expired_problem(leaf)),
            CERT_E_CN_NO_MATCH => return Err(gox509::hostname_problem(leaf, host)),
            _ => return Err(gox509::unknown_authority(leaf)),
        }
    }
    let certs = chain_certificates(ctx);
    if certs.is_empty() {
        return Err(CertProblem::NoValidChains {
            detail: String::from("x509: internal error: system verifier returned an empty chain"),
        });
    }
    for pair in certs.windows(2) {
        gox509::check_ecdsa_parent(&pair[0], &pair[1])?;
    }
    Ok(())
}

/// Verifies a server's certificate for `host` at `now` (Unix seconds) as go.exe 1.27 does:
/// the chain Windows builds for server authentication and, failing it, any lower-quality
/// chain it offers; the best chain's error when none passes.
#[allow(unsafe_code)]
pub fn system_verify(
    leaf: &[u8],
    intermediates: &[&[u8]],
    host: &str,
    now: u64,
) -> Result<(), CertProblem> {
    gox509::check_sent_keys(leaf, intermediates)?;
    let store_ctx = store_context(leaf, intermediates)?;
    let mut oids = [szOID_PKIX_KP_SERVER_AUTH.cast_mut()];
    // SAFETY: a zeroed CERT_CHAIN_PARA (all integers and pointers, as MSDN asks for unused
    // fields) with its size set; the OIDs and the time outlive the call; the chain is freed
    // by its guard, and the lower-quality contexts are read while it lives.
    unsafe {
        let mut para: CERT_CHAIN_PARA = std::mem::zeroed();
        para.cbSize = size_of::<CERT_CHAIN_PARA>() as u32;
        para.RequestedUsage.dwType = USAGE_MATCH_TYPE_OR;
        para.RequestedUsage.Usage.cUsageIdentifier = oids.len() as u32;
        para.RequestedUsage.Usage.rgpszUsageIdentifier = oids.as_mut_ptr();
        let time = filetime(now);
        let mut chain_ptr: *mut CERT_CHAIN_CONTEXT = ptr::null_mut();
        let built = CertGetCertificateChain(
            ptr::null_mut(),
            store_ctx.0,
            &time,
            (*store_ctx.0).hCertStore,
            &para,
            CERT_CHAIN_RETURN_LOWER_QUALITY_CONTEXTS,
            ptr::null(),
            &mut chain_ptr,
        );
        if built == 0 || chain_ptr.is_null() {
            return Err(system_error("CertGetCertificateChain"));
        }
        let chain = Chain(chain_ptr);
        let top = verify_chain(chain.0, leaf, host);
        if top.is_ok() {
            return top;
        }
        let lower = &*chain.0;
        for i in 0..lower.cLowerQualityChainContext as usize {
            let ctx = *lower.rgpLowerQualityChainContext.add(i);
            if !ctx.is_null() && verify_chain(ctx, leaf, host).is_ok() {
                return Ok(());
            }
        }
        top
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn filetime_counts_100ns_ticks_from_1601() {
        // 1970-01-01 is 116444736000000000 ticks after 1601-01-01.
        let t = super::filetime(0);
        let ticks = (u64::from(t.dwHighDateTime) << 32) | u64::from(t.dwLowDateTime);
        assert_eq!(ticks, 116_444_736_000_000_000);
    }
}
