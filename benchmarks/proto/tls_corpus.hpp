// The hellos the TLS benchmarks run on: bodies of real ones from the capture corpus. Shared by
// tls_hello_bench.cpp and tls_fingerprint_bench.cpp.
#pragma once
#include <string>
#include <vector>

#include <wirecraft/wirecraft.hpp>

namespace wcbench {
namespace wc = wirecraft;

// The handshake body of the first hello in frame `number` of a corpus capture.
inline std::vector<std::byte> hello_body(const char* capture, std::size_t number) {
    const auto data = wc::read_file(std::string(WIRECRAFT_TEST_DATA) + "/captures/" + capture).value();
    auto reader = wc::capture_reader::open(data).value();
    std::vector<std::byte> body;
    for (std::size_t n = 1; auto p = reader.next().value(); ++n) {
        if (n != number) continue;
        wc::dissect(p->data, static_cast<std::uint32_t>(p->link), [&](const auto& layer) {
            using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
            if constexpr (std::is_same_v<P, wc::tcp>) {
                auto record = wc::parse<wc::tls_record>(layer.payload()).value();
                auto handshake = wc::parse<wc::tls_handshake>(record.payload()).value();
                body.assign(handshake.payload().begin(), handshake.payload().end());
            }
        });
    }
    return body;
}
inline const std::vector<std::byte>& client_hello() {
    static const auto b = hello_body("pcapplusplus/tls1_3.pcap", 3);
    return b;
}
// A browser's hello of the size class: zeek/tls13-ech.pcap frame 7, a 508-byte body with
// 19 extensions (GREASE, ECH, ALPS among them).
inline const std::vector<std::byte>& browser_client_hello() {
    static const auto b = hello_body("zeek/tls13-ech.pcap", 7);
    return b;
}
inline const std::vector<std::byte>& server_hello() {
    static const auto b = hello_body("pcapplusplus/tls1_3.pcap", 4);
    return b;
}

}  // namespace wcbench
