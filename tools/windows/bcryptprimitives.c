/* A stand-in bcryptprimitives.dll for Wine 8.0, which lacks ProcessPrng: every Rust >= 1.78
 * and Go >= 1.22 Windows binary imports it for its random numbers. It fills the buffer from
 * RtlGenRandom (SystemFunction036 in advapi32), the system's own generator under Wine.
 * Built by scripts/install-tools.sh with mingw; used only by the tests, never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
