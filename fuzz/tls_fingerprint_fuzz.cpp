// TLS fingerprints of any hello the strict parser accepts: the first input byte picks 0 a
// ClientHello, 1 a ServerHello (as tls_hello_fuzz.cpp); the rest is the body. Malformed typed
// extension bodies are the interesting part: JA3/JA4 read supported_groups, ec_point_formats,
// supported_versions, ALPN and signature_algorithms. Each hash is the hash of its own text, and
// each has its fixed shape.
#include <wirecraft/proto/tls_fingerprint.hpp>

#include "fuzz.hpp"

namespace {
bool lowercase_hex(std::string_view s) {
    return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    if (size == 0) return 0;
    const bytes_view body = as_bytes(data, size).subspan(1);
    if (data[0] % 2 == 0) {
        const auto hello = wc::parse_tls_hello<wc::tls_client_hello>(body);
        if (!hello) return 0;
        const auto ja3 = wc::ja3(*hello);
        if (ja3.size() != 32 || !lowercase_hex(ja3) || ja3 != wc::ja3_from_text(wc::ja3_text(*hello))) fail("JA3 must be the MD5 of its text", ja3);
        const auto ja4 = wc::ja4(*hello);
        const auto text = wc::ja4_text(*hello);
        if (ja4.size() != 36 || ja4[10] != '_' || ja4[23] != '_') fail("JA4 is a_b_c of 10, 12 and 12 characters", ja4);
        if (wc::ja4_from_text(text) != ja4 || text.substr(0, 10) != ja4.substr(0, 10)) fail("JA4 must hash its own text", ja4 + "\n" + text);
    } else {
        const auto hello = wc::parse_tls_hello<wc::tls_server_hello>(body);
        if (!hello) return 0;
        const auto ja3s = wc::ja3s(*hello);
        if (ja3s.size() != 32 || !lowercase_hex(ja3s) || ja3s != wc::ja3_from_text(wc::ja3s_text(*hello))) fail("JA3S must be the MD5 of its text", ja3s);
        const auto ja4s = wc::ja4s(*hello);
        const auto text = wc::ja4s_text(*hello);
        if (ja4s.size() != 25 || ja4s[7] != '_' || ja4s[12] != '_') fail("JA4S is a_b_c of 7, 4 and 12 characters", ja4s);
        if (wc::ja4s_from_text(text) != ja4s) fail("JA4S must hash its own text", ja4s + "\n" + text);
    }
    return 0;
}
