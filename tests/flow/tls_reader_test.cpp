// TLS over TCP streams: every direction of the TLS captures, reassembled with tcp_stream and read
// with tls_reader, yields the plaintext handshake messages tshark finds with its own
// reassembly on (tests/data/expected/tls_handshake_streams.tsv, from tests/data/tls_expected.py);
// then records and messages split at every byte, views without copies, and the limits.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <wirecraft/flow/tcp_stream.hpp>
#include <wirecraft/flow/tls_reader.hpp>
#include <wirecraft/proto/tls_hello.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"
#include "support/tls_streams.hpp"

namespace wc = wirecraft;

namespace {

std::string joined(const std::vector<unsigned>& v) {
    std::string s;
    for (auto x : v) {
        if (!s.empty()) s += ',';
        s += std::to_string(x);
    }
    return s;
}

// A record of `type` around `fragment`.
std::vector<std::byte> record(wc::tls_content_type type, const std::vector<std::byte>& fragment) {
    return wc::to_bytes(wc::tls_record{.content_type = type} / wc::payload{fragment}).value();
}

}  // namespace

TEST_CASE("tls reader: the handshake messages of every TLS stream in the captures, as tshark reassembles them", "[tls_reader_test]") {
    std::map<std::string, std::map<std::string, std::string>> expected;  // capture -> flow -> types
    for (const auto& row : wctest::tsv_rows("tls_handshake_streams.tsv")) expected[row[0]][row[1]] = row[2];
    REQUIRE(expected.size() == 14);
    std::size_t flows = 0, messages = 0, expected_messages = 0;
    for (const auto& [capture, wanted] : expected)
        for (const auto& [flow, types] : wanted) expected_messages += static_cast<std::size_t>(std::count(types.begin(), types.end(), ',')) + 1;
    for (const auto& [capture, wanted] : expected) {
        INFO(capture);
        const auto directions = wctest::tls_directions(capture);
        for (const auto& [flow, d] : directions) {
            INFO(flow);
            if (capture == "zeek/tls1.2-protocol-violation.pcap" && flow == "68.233.76.12:443 -> 10.0.0.80:56637") {
                // The violation: after the Certificate, a 4-byte handshake record announces a
                // message of 3,214,128 bytes (0x310b30), over the reader's 256 KiB.
                REQUIRE(d.failure);
                CHECK(d.failure->protocol == "tls_handshake");
                CHECK(d.failure->kind == wc::error_kind::limit_exceeded);
                CHECK(d.failure->needed == 3214128);
            } else {
                CHECK_FALSE(d.failure);
            }
            CHECK_FALSE(d.stream_refused);
            std::vector<unsigned> types;
            for (const auto& m : d.messages) types.push_back(std::to_integer<unsigned>(m[0]));
            const auto it = wanted.find(flow);
            CHECK(joined(types) == (it == wanted.end() ? "" : it->second));
            flows += it != wanted.end();
            messages += types.size();
        }
    }
    CHECK(flows == 27);
    CHECK(messages == expected_messages);
}

TEST_CASE("tls reader: records and messages split at every byte come out whole", "[tls_reader_test]") {
    // A ServerHello-sized message split across two records, then a ServerHelloDone, a CCS and an
    // encrypted Finished in a handshake record.
    std::vector<std::byte> body(300);
    for (std::size_t i = 0; i < body.size(); ++i) body[i] = std::byte(i & 0xff);
    auto message = wc::to_bytes(wc::tls_handshake{.msg_type = wc::tls_handshake_type::certificate} / wc::payload{body}).value();
    const std::vector<std::byte> first(message.begin(), message.begin() + 100), second(message.begin() + 100, message.end());
    std::vector<std::byte> stream;
    for (const auto& r : {record(wc::tls_content_type::handshake, first), record(wc::tls_content_type::handshake, second),
                          record(wc::tls_content_type::handshake, wctest::hex_bytes("0e000000")),
                          record(wc::tls_content_type::change_cipher_spec, wctest::hex_bytes("01")),
                          record(wc::tls_content_type::handshake, std::vector<std::byte>(40, std::byte{0x99}))})
        stream.insert(stream.end(), r.begin(), r.end());

    for (std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{100}, stream.size()}) {
        INFO("pieces of " << piece << " bytes");
        wc::tls_reader tls;
        std::vector<unsigned> records, messages;
        std::vector<std::size_t> sizes;
        for (std::size_t at = 0; at < stream.size(); at += piece) {
            const auto chunk = std::span<const std::byte>(stream).subspan(at, std::min(piece, stream.size() - at));
            CHECK_FALSE(tls.add(
                chunk, [&](const wc::view<wc::tls_record>& r) { records.push_back(static_cast<unsigned>(r.get<"content_type">())); },
                [&](const wc::view<wc::tls_handshake>& m) {
                    messages.push_back(static_cast<unsigned>(m.get<"msg_type">()));
                    sizes.push_back(m.payload().size());
                }));
        }
        CHECK(records == std::vector<unsigned>{22, 22, 22, 20, 22});
        CHECK(messages == std::vector<unsigned>{11, 14});  // the Finished after the CCS is encrypted
        CHECK(sizes == std::vector<std::size_t>{300, 0});
        CHECK(tls.encrypted());
        CHECK(tls.counters().encrypted_handshake_records == 1);
        CHECK(tls.buffered() == 0);
    }
}

TEST_CASE("tls reader: a record inside one piece is a view of it, not a copy", "[tls_reader_test]") {
    const auto bytes = record(wc::tls_content_type::alert, wctest::hex_bytes("0228"));
    wc::tls_reader tls;
    const std::byte* seen = nullptr;
    CHECK_FALSE(tls.add(bytes, [&](const wc::view<wc::tls_record>& r) { seen = r.bytes().data(); }, [](const auto&) {}));
    CHECK(seen == bytes.data());
}

TEST_CASE("tls reader: what is not TLS, and what is over the limits, stops the reader with the offset", "[tls_reader_test]") {
    SECTION("a byte that cannot start a record") {
        wc::tls_reader tls;
        const auto ok = record(wc::tls_content_type::alert, wctest::hex_bytes("0228"));
        CHECK_FALSE(tls.add(ok, [](const auto&) {}, [](const auto&) {}));
        const auto http = wctest::text_bytes("GET / HTTP/1.1\r\n");
        auto e = tls.add(http, [](const auto&) {}, [](const auto&) {});
        REQUIRE(e);
        CHECK(e->field == "content_type");
        CHECK(e->offset == 7);  // after the 7-byte alert record
        CHECK(tls.add(ok, [](const auto&) {}, [](const auto&) {}));  // stopped for good
    }
    SECTION("a record longer than 2^14 + 2048") {
        wc::tls_reader tls;
        auto e = tls.add(wctest::hex_bytes("1703034801"), [](const auto&) {}, [](const auto&) {});
        REQUIRE(e);
        CHECK(e->kind == wc::error_kind::out_of_range);
        CHECK(e->offset == 3);
    }
    SECTION("a handshake message over the reader's limit, held for none of its bytes") {
        wc::tls_reader tls(wc::tls_reader_limits{.max_handshake_message = 1000});
        const auto header = record(wc::tls_content_type::handshake, wctest::hex_bytes("0b0003e9"));  // 1001 bytes announced
        auto e = tls.add(header, [](const auto&) {}, [](const auto&) {});
        REQUIRE(e);
        CHECK(e->kind == wc::error_kind::limit_exceeded);
        CHECK(e->needed == 1001);
        CHECK(e->available == 1000);
        CHECK(tls.buffered() == 0);
    }
}

TEST_CASE("tls reader: TLS 1.3's ChangeCipherSpec starts nothing, so a second ClientHello after it is read", "[tls_reader_test]") {
    // RFC 8446 4.1.4 and D.4: after a HelloRetryRequest, a client in middlebox compatibility mode
    // sends a dummy ChangeCipherSpec and then its second ClientHello, in the clear.
    const auto hello = wctest::hex_bytes("01000004" "00000000");  // a ClientHello header and 4 bytes (framing only)
    std::vector<std::byte> stream = record(wc::tls_content_type::handshake, hello);
    const auto ccs = record(wc::tls_content_type::change_cipher_spec, wctest::hex_bytes("01"));
    const auto second = record(wc::tls_content_type::handshake, hello);
    auto read = [&](bool told) {
        wc::tls_reader tls;
        std::size_t messages = 0;
        auto count = [&](const auto&) { ++messages; };
        CHECK_FALSE(tls.add(stream, [](const auto&) {}, count));
        if (told) tls.negotiating_tls_1_3();  // the HelloRetryRequest, seen in the other direction
        CHECK_FALSE(tls.add(ccs, [](const auto&) {}, count));
        CHECK_FALSE(tls.add(second, [](const auto&) {}, count));
        CHECK(tls.encrypted() == !told);
        return std::pair{messages, tls.counters().encrypted_handshake_records};
    };
    CHECK(read(false) == std::pair<std::size_t, std::size_t>{1, 1});  // TLS 1.2's rule: the record after CCS is encrypted
    CHECK(read(true) == std::pair<std::size_t, std::size_t>{2, 0});
}
