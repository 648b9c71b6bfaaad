// TLS hellos: the first input byte picks 0 a ClientHello body, 1 a ServerHello body, 2 an SSL
// 2.0 ClientHello or ServerHello; the rest is the message. Hellos go through parse_tls_hello with its vector
// bounds, trailing-byte and duplicate checks, round-trip, and every typed extension body is read.
#include "tls_hello_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    if (size == 0) return 0;
    const bytes_view in = as_bytes(data, size).subspan(1);
    switch (data[0] % 3) {
        case 0: check_tls_hello<wc::tls_client_hello>(in); break;
        case 1: check_tls_hello<wc::tls_server_hello>(in); break;
        default:
            // The two SSL 2.0 hellos differ in msg_type (1 and 4): never both.
            if (wc::recognise_sslv2_client_hello(in) && wc::recognise_sslv2_server_hello(in)) fail("an SSL 2.0 hello of two kinds", "");
            break;
    }
    return 0;
}
