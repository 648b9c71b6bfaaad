// UDP: the length field against the bytes present.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    if (size == 0) return 0;
    const bool truncated_ok = data[0] & 1;
    round_trip<wc::udp>(as_bytes(data + 1, size - 1), {.allow_truncated_payload = truncated_ok});
    return 0;
}
