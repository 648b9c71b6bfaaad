// JA3, JA3S, JA4 and JA4S: the published examples of their specifications
// (tests/data/expected/tls_fingerprint_examples.tsv, sources in its last column), then every
// hello of the captures against tshark's own JA3/JA3S and against JA4/JA4S computed by an
// independent Python implementation of FoxIO's specification
// (tests/data/expected/tls_fingerprints.tsv, from tests/data/tls_fingerprints_expected.py).
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include <wirecraft/proto/tls_fingerprint.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"
#include "support/tls_frames.hpp"

namespace wc = wirecraft;

TEST_CASE("tls fingerprints: the published examples hash as published", "[tls_fingerprint_test]") {
    const auto rows = wctest::tsv_rows("tls_fingerprint_examples.tsv");  // kind, raw, published, source
    REQUIRE(rows.size() == 6);
    for (const auto& row : rows) {
        INFO(row[0] << " " << row[3]);
        if (row[0] == "ja3") CHECK(wc::ja3_from_text(row[1]) == row[2]);
        else if (row[0] == "ja4") CHECK(wc::ja4_from_text(row[1]) == row[2]);
        else if (row[0] == "ja4s") CHECK(wc::ja4s_from_text(row[1]) == row[2]);
        else FAIL("unknown kind " << row[0]);
    }
}

TEST_CASE("tls fingerprints: every hello of the captures, against tshark's JA3 and an independent JA4", "[tls_fingerprint_test]") {
    std::map<std::string, std::map<std::size_t, wctest::tls_frame>> frames;
    const auto rows = wctest::tsv_rows("tls_fingerprints.tsv");  // capture, frame, type, ja3 text, ja3, ja4, ja4 text
    REQUIRE(rows.size() == 26);
    std::size_t clients = 0, servers = 0;
    for (const auto& row : rows) {
        INFO(row[0] << " frame " << row[1] << " type " << row[2]);
        auto& capture = frames[row[0]];
        if (capture.empty()) capture = wctest::tls_frames(row[0]);
        const auto handshakes = wctest::whole_handshakes(wctest::whole_records(capture.at(std::stoul(row[1])).payload));
        const auto type = static_cast<wc::tls_handshake_type>(std::stoul(row[2]));
        for (const auto& h : handshakes) {
            if (h.get<"msg_type">() != type) continue;
            if (type == wc::tls_handshake_type::client_hello) {
                const auto hello = wc::parse_tls_hello<wc::tls_client_hello>(h.payload()).value();
                CHECK(wc::ja3_text(hello) == row[3]);
                CHECK(wc::ja3(hello) == row[4]);
                CHECK(wc::ja4(hello) == row[5]);
                CHECK(wc::ja4_text(hello) == row[6]);
                CHECK(wc::ja4_from_text(wc::ja4_text(hello)) == wc::ja4(hello));
                ++clients;
            } else {
                const auto hello = wc::parse_tls_hello<wc::tls_server_hello>(h.payload()).value();
                CHECK(wc::ja3s_text(hello) == row[3]);
                CHECK(wc::ja3s(hello) == row[4]);
                CHECK(wc::ja4s(hello) == row[5]);
                CHECK(wc::ja4s_text(hello) == row[6]);
                CHECK(wc::ja4s_from_text(wc::ja4s_text(hello)) == wc::ja4s(hello));
                ++servers;
            }
        }
    }
    CHECK(clients == 12);
    CHECK(servers == 14);
}

TEST_CASE("tls fingerprints: GREASE, ALPN characters, QUIC and empty lists", "[tls_fingerprint_test]") {
    using ext = wc::tls_extension_type;
    auto body = [](const auto& value) { return wc::to_bytes(value).value(); };
    auto text = [](std::string_view s) {
        std::vector<std::byte> out;
        for (char c : s) out.push_back(static_cast<std::byte>(c));
        return out;
    };
    auto with_alpn = [&](std::vector<std::byte> protocol) {
        wc::tls_client_hello hello;
        hello.cipher_suites = {0x0a0a, 0x1301, 0x1302};
        hello.extensions = std::vector<wc::tls_extension>{
            {static_cast<ext>(0x1a1a), {}},
            {ext::server_name, body(wc::tls_server_name_list{{{0, text("example.test")}}})},
            {ext::application_layer_protocol_negotiation, body(wc::tls_alpn{{std::move(protocol)}})},
            {ext::supported_versions, body(wc::tls_supported_versions{{0x2a2a, 0x0304, 0x0303}})},
            {ext::signature_algorithms, body(wc::tls_code_point_list{{0x0403, 0x0804}})},
        };
        return wc::to_bytes(hello).value();
    };
    {
        const auto bytes = with_alpn(text("h2"));
        const auto hello = wc::parse_tls_hello<wc::tls_client_hello>(bytes).value();
        // GREASE out of every count and list; SNI and ALPN counted, then left out of the sort.
        CHECK(wc::ja4_text(hello) == "t13d0204h2_1301,1302_000d,002b_0403,0804");
        CHECK(wc::ja4_text(hello, wc::ja4_transport::quic).starts_with("q13d"));
        CHECK(wc::ja3_text(hello) == "771,4865-4866,0-16-43-13,,");
    }
    {  // A protocol whose first or last byte is not alphanumeric: its hex's first and last digits.
        const auto bytes = with_alpn({std::byte{0xab}, std::byte{'x'}, std::byte{0xcd}});
        CHECK(wc::ja4_text(wc::parse_tls_hello<wc::tls_client_hello>(bytes).value()).substr(8, 2) == "ad");
        const auto one = with_alpn(text("x"));
        CHECK(wc::ja4_text(wc::parse_tls_hello<wc::tls_client_hello>(one).value()).substr(8, 2) == "xx");
    }
    {  // No extensions, a draft version only: "00", and zeros for the hash of nothing.
        wc::tls_client_hello hello;
        hello.legacy_version = 0x7f1c;
        hello.cipher_suites = {0x1301};
        hello.extensions.reset();
        const auto bytes = wc::to_bytes(hello).value();
        const auto parsed = wc::parse_tls_hello<wc::tls_client_hello>(bytes).value();
        // sha256("1301") begins 0f2cb44170f4 (sha256sum).
        CHECK(wc::ja4(parsed) == "t00i010000_0f2cb44170f4_000000000000");
        CHECK(wc::ja3_text(parsed) == "32540,4865,,,");
    }
}
