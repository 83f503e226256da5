/*
 * bcryptprimitives.dll for Wine 8, which lacks it: the Go 1.24+ runtime
 * loads it from system32 at start-up and needs ProcessPrng. ProcessPrng
 * fills a buffer with random bytes and cannot fail; here it is served by
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has, in chunks
 * because RtlGenRandom takes a 32-bit length.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
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
