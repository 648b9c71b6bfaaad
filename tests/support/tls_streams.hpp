// The TLS captures direction by direction: each TCP direction reassembled with tcp_stream and
// read with tls_reader, keyed as tshark's oracle scripts key them ("10.0.0.1:443 -> 10.0.0.2:5000",
// IPv6 in brackets). Shared by tests/flow/tls_reader_test.cpp and tests/proto/tls_messages_test.cpp.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <wirecraft/flow/tcp_stream.hpp>
#include <wirecraft/flow/tls_reader.hpp>
#include <wirecraft/proto/tls_hello.hpp>
#include <wirecraft/wirecraft.hpp>

#include "corpus.hpp"

namespace wctest {

struct tls_direction {
    std::vector<std::vector<std::byte>> messages;  // each plaintext handshake message, header included
    std::optional<wirecraft::error> failure;       // where the reader stopped, if it did
    bool stream_refused = false;                   // tcp_stream refused a segment
};

// "address:port -> address:port", appended piece by piece (g++ 12 at -O3 warns falsely on chains of +).
inline std::string direction_key(const std::string& from, std::uint16_t from_port, const std::string& to, std::uint16_t to_port) {
    std::string key = from;
    key += ':';
    key += std::to_string(from_port);
    key += " -> ";
    key += to;
    key += ':';
    key += std::to_string(to_port);
    return key;
}

inline std::map<std::string, tls_direction> tls_directions(const std::string& capture) {
    namespace wc = wirecraft;
    struct state {
        wc::tcp_stream stream;
        wc::tls_reader tls;
    };
    const auto data = load(data_dir() + "/captures/" + capture);
    auto reader = wc::capture_reader::open(data).value();
    std::map<std::string, state> states;
    std::map<std::string, tls_direction> out;
    while (auto p = reader.next().value()) {
        std::string source, destination;
        std::optional<wc::view<wc::tcp>> segment;
        wc::dissect(p->data, static_cast<std::uint32_t>(p->link), [&](const auto& layer) {
            using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
            // Appended piece by piece: g++ 12 at -O3 warns falsely (-Wrestrict) on "x" + string.
            if constexpr (std::is_same_v<P, wc::ipv4>) {
                source = layer.template get<"source">().to_string();
                destination = layer.template get<"destination">().to_string();
            }
            if constexpr (std::is_same_v<P, wc::ipv6>) {
                source.clear();
                source.push_back('[');
                source += layer.template get<"source">().to_string();
                source.push_back(']');
                destination.clear();
                destination.push_back('[');
                destination += layer.template get<"destination">().to_string();
                destination.push_back(']');
            }
            if constexpr (std::is_same_v<P, wc::tcp>) segment = layer;
        });
        if (!segment) continue;
        const std::uint16_t source_port = segment->get<"source_port">(), destination_port = segment->get<"destination_port">();
        const std::string flow = direction_key(source, source_port, destination, destination_port);
        auto& s = states[flow];
        auto& d = out[flow];
        if (segment->get<"syn">()) s.stream.start(segment->get<"sequence_number">() + 1);
        if (segment->get<"rst">() || d.failure) continue;
        // The reverse direction: a ServerHello choosing TLS 1.3 tells its reader that the client's
        // ChangeCipherSpec starts nothing (a second ClientHello may follow in the clear).
        const std::string reverse = direction_key(destination, destination_port, source, source_port);
        const auto added = s.stream.add(segment->get<"sequence_number">(), segment->payload(), segment->get<"fin">(),
                                        [&](std::span<const std::byte> bytes) {
                                            if (d.failure) return;
                                            d.failure = s.tls.add(
                                                bytes, [](const auto&) {},
                                                [&](const wc::view<wc::tls_handshake>& m) {
                                                    d.messages.emplace_back(m.bytes().begin(), m.bytes().end());
                                                    if (m.get<"msg_type">() != wc::tls_handshake_type::server_hello) return;
                                                    const auto hello = wc::parse_tls_hello<wc::tls_server_hello>(m.payload());
                                                    if (!hello || wc::negotiated_version(*hello).value_or(0) != wc::tls_version::tls_1_3) return;
                                                    s.tls.negotiating_tls_1_3();
                                                    states[reverse].tls.negotiating_tls_1_3();
                                                });
                                        });
        if (added) d.stream_refused = true;
    }
    return out;
}

}  // namespace wctest
