// TLS records, handshake headers, alerts and ChangeCipherSpec. Expected values are tshark's
// (tests/data/expected/tls_*.tsv, written by tests/data/tls_expected.py with reassembly off),
// and the length limits are RFC 8446 5.1/5.2 and RFC 5246 6.2.3's. Cipher suite names are tshark's
// for every suite the captures offer (tls_cipher_suites.tsv, from tests/data/tls_messages_expected.py).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include <wirecraft/proto/tls.hpp>
#include <wirecraft/proto/tls_hello.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"
#include "support/tls_frames.hpp"

namespace wc = wirecraft;

namespace {

std::string describe(const std::vector<wc::view<wc::tls_record>>& records) {
    std::string s;
    for (const auto& r : records) {
        if (!s.empty()) s += ";";
        s += std::to_string(static_cast<unsigned>(r.get<"content_type">()));
        s += '/';
        s += std::to_string(r.get<"legacy_version">());
        s += '/';
        s += std::to_string(r.get<"length">());
    }
    return s;
}

std::vector<std::byte> record_bytes(std::uint8_t type, std::uint16_t version, std::size_t length) {
    std::vector<std::byte> b(5 + length, std::byte{0x42});
    b[0] = std::byte(type);
    b[1] = std::byte(version >> 8);
    b[2] = std::byte(version & 0xff);
    b[3] = std::byte(length >> 8);
    b[4] = std::byte(length & 0xff);
    return b;
}

}  // namespace

TEST_CASE("tls: every whole record of the TLS captures, as tshark reads them, re-serialized byte for byte", "[tls_test]") {
    std::map<std::string, std::map<std::size_t, wctest::tls_frame>> frames;
    std::size_t records = 0, expected_records = 0;
    for (const auto& row : wctest::tsv_rows("tls_records.tsv")) {  // capture, frame, records
        REQUIRE(row.size() == 3);
        expected_records += static_cast<std::size_t>(std::count(row[2].begin(), row[2].end(), ';')) + 1;
        INFO(row[0] << " frame " << row[1]);
        auto& capture = frames[row[0]];
        if (capture.empty()) capture = wctest::tls_frames(row[0]);
        const auto& frame = capture.at(std::stoul(row[1]));
        const auto parsed = wctest::whole_records(frame.payload);
        CHECK(describe(parsed) == row[2]);
        for (const auto& r : parsed) {
            // The owned header and the fragment, stacked, give the record's bytes back.
            auto again = wc::to_bytes(wc::to_owned(r) / wc::payload{r.payload()});
            REQUIRE(again);
            CHECK(std::equal(again->begin(), again->end(), r.bytes().begin(), r.bytes().end()));
            ++records;
        }
    }
    CHECK(frames.size() == 16);  // the captures with TLS
    CHECK(records == expected_records);
}

TEST_CASE("tls: alerts as tshark names them", "[tls_test]") {
    for (const auto& row : wctest::tsv_rows("tls_alerts.tsv")) {  // capture, frame, level, description
        INFO(row[0] << " frame " << row[1]);
        const auto frames = wctest::tls_frames(row[0]);
        const auto records = wctest::whole_records(frames.at(std::stoul(row[1])).payload);
        const auto record = std::find_if(records.begin(), records.end(),
                                         [](const auto& r) { return r.template get<"content_type">() == wc::tls_content_type::alert; });
        REQUIRE(record != records.end());
        auto alert = wc::parse<wc::tls_alert>(record->payload());
        REQUIRE(alert);
        CHECK(alert->payload().empty());
        CHECK(static_cast<unsigned>(alert->get<"level">()) == std::stoul(row[2]));
        CHECK(static_cast<unsigned>(alert->get<"description">()) == std::stoul(row[3]));
    }
    CHECK(wc::enum_name(wc::tls_alert_description::no_application_protocol) == "no_application_protocol");  // RFC 7301: 120
    CHECK(static_cast<unsigned>(wc::tls_alert_description::no_application_protocol) == 120);
    CHECK(wc::enum_name(wc::tls_alert_description::protocol_version) == "protocol_version");
    const auto fatal_version = wctest::hex_bytes("0246");  // fatal (2), protocol_version (70)
    CHECK(wc::to_string(wc::parse<wc::tls_alert>(fatal_version).value()).find("protocol_version") != std::string::npos);
}

TEST_CASE("tls: record lengths are bounded by what the record carries", "[tls_test]") {
    // Parse takes up to 2^14 + 2048 (TLS 1.2 ciphertext), the widest bound.
    const auto widest = record_bytes(23, 0x0303, 16384 + 2048);
    REQUIRE(wc::parse<wc::tls_record>(widest));
    const auto over = record_bytes(23, 0x0303, 16384 + 2049);
    auto too_long = wc::parse<wc::tls_record>(over);
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error().kind == wc::error_kind::out_of_range);
    CHECK(too_long.error().field == "length");
    CHECK(too_long.error().offset == 3);

    const auto plaintext_limit = record_bytes(22, 0x0303, 16384);
    const auto one_more = record_bytes(22, 0x0303, 16385);
    const auto tls13_limit = record_bytes(23, 0x0303, 16384 + 256);
    const auto tls13_over = record_bytes(23, 0x0303, 16384 + 257);
    using p = wc::tls_record_protection;
    CHECK_FALSE(wc::check_record_length(wc::parse<wc::tls_record>(plaintext_limit).value(), p::plaintext));
    const auto e = wc::check_record_length(wc::parse<wc::tls_record>(one_more).value(), p::plaintext);
    REQUIRE(e);
    CHECK(e->kind == wc::error_kind::out_of_range);
    CHECK(e->field == "length");
    CHECK(e->offset == 3);
    CHECK(e->needed == 16385);
    CHECK(e->available == 16384);
    CHECK(e->detail == "plaintext is at most 2^14 bytes");
    CHECK_FALSE(wc::check_record_length(wc::parse<wc::tls_record>(tls13_limit).value(), p::tls_1_3_ciphertext));
    CHECK(wc::check_record_length(wc::parse<wc::tls_record>(tls13_over).value(), p::tls_1_3_ciphertext));
    CHECK_FALSE(wc::check_record_length(wc::parse<wc::tls_record>(tls13_over).value(), p::tls_1_2_ciphertext));

    // A record cut short says how much it needs.
    const auto cut = std::span<const std::byte>(plaintext_limit).first(100);
    auto short_record = wc::parse<wc::tls_record>(cut);
    REQUIRE_FALSE(short_record);
    CHECK(short_record.error().field == "length");
}

TEST_CASE("tls: handshake headers, 24-bit lengths, computed when crafting", "[tls_test]") {
    // A ServerHelloDone: type 14, length 0 (RFC 5246 7.4.5).
    const auto done = wctest::hex_bytes("0e000000");
    auto h = wc::parse<wc::tls_handshake>(done);
    REQUIRE(h);
    CHECK(h->get<"msg_type">() == wc::tls_handshake_type::server_hello_done);
    CHECK(h->get<"length">() == 0u);
    // Crafted: record / handshake / body, every length filled in.
    const auto body = wctest::hex_bytes("0102030405");
    auto crafted = wc::to_bytes(wc::tls_record{.content_type = wc::tls_content_type::handshake, .legacy_version = 0x0301} /
                                wc::tls_handshake{.msg_type = wc::tls_handshake_type::finished} / wc::payload{body});
    REQUIRE(crafted);
    CHECK(wctest::to_hex(*crafted) == "16030100091400000501020304" "05");
    // A length beyond the bytes: the error names the field and its offset.
    const auto too_long = wctest::hex_bytes("01000100aabb");
    auto bad = wc::parse<wc::tls_handshake>(too_long);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().protocol == "tls_handshake");
    CHECK(wc::enum_name(wc::tls_handshake_type::certificate_verify) == "certificate_verify");
}

TEST_CASE("tls: ChangeCipherSpec is one byte, 1", "[tls_test]") {
    const auto one = wctest::hex_bytes("01"), two = wctest::hex_bytes("02");
    CHECK(wc::parse<wc::tls_change_cipher_spec>(one));
    auto bad = wc::parse<wc::tls_change_cipher_spec>(two);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == wc::error_kind::bad_constant);
    // The corpus's CCS records hold exactly that.
    const auto frames = wctest::tls_frames("pcapplusplus/SSL-MultipleRecords1.pcap");
    const auto records = wctest::whole_records(frames.at(1).payload);
    REQUIRE(records.size() == 3);
    REQUIRE(records[1].get<"content_type">() == wc::tls_content_type::change_cipher_spec);
    CHECK(wc::parse<wc::tls_change_cipher_spec>(records[1].payload()));
}

TEST_CASE("tls: versions and GREASE", "[tls_test]") {
    CHECK(wc::tls_version_name(0x0002) == "SSL 2.0");  // tshark: "SSL 2.0 (0x0002)" in SSL 2.0 hellos
    CHECK(wc::tls_version_name(0x0303) == "TLS 1.2");
    CHECK(wc::tls_version_name(0x0304) == "TLS 1.3");
    CHECK(wc::tls_version_name(0x7f1c) == "TLS 1.3 draft");
    // RFC 8701 section 2: 0x0A0A, 0x1A1A, ... 0xFAFA.
    int grease = 0;
    for (unsigned v = 0; v <= 0xffff; ++v) grease += wc::is_grease(static_cast<std::uint16_t>(v));
    CHECK(grease == 16);
    CHECK(wc::is_grease(0x0a0a));
    CHECK(wc::is_grease(0xfafa));
    CHECK_FALSE(wc::is_grease(0x0a1a));
    CHECK(wc::tls_version_name(0x2a2a) == "GREASE");
}

TEST_CASE("tls: cipher suite names and key exchanges", "[tls_test]") {
    // Every suite the captures' hellos name, with tshark's name for it
    // (tests/data/expected/tls_cipher_suites.tsv): we name them all, alike.
    std::size_t named = 0;
    const auto rows = wctest::tsv_rows("tls_cipher_suites.tsv");
    REQUIRE(rows.size() > 60);
    for (const auto& row : rows) {
        INFO(row[0] << " " << row[1]);
        const auto name = wc::tls_cipher_suite_name(static_cast<std::uint16_t>(std::stoul(row[0])));
        if (name.empty()) continue;
        CHECK(name == row[1]);
        ++named;
    }
    CHECK(named == rows.size());
    using k = wc::tls_key_exchange;
    CHECK(wc::tls_key_exchange_of(0xc02f) == k::ecdhe);
    CHECK(wc::tls_key_exchange_of(0xc004) == k::ecdh);
    CHECK(wc::tls_key_exchange_of(0x009e) == k::dhe);
    CHECK(wc::tls_key_exchange_of(0x0010) == k::dh);
    CHECK(wc::tls_key_exchange_of(0x0034) == k::dh_anon);
    CHECK(wc::tls_key_exchange_of(0x002f) == k::rsa);
    CHECK(wc::tls_key_exchange_of(0x0003) == k::rsa);
    CHECK(wc::tls_key_exchange_of(0x00a8) == k::psk);
    CHECK(wc::tls_key_exchange_of(0x0090) == k::dhe_psk);
    CHECK(wc::tls_key_exchange_of(0x0094) == k::rsa_psk);
    CHECK(wc::tls_key_exchange_of(0xc01e) == k::srp);
    CHECK(wc::tls_key_exchange_of(0xccac) == k::ecdhe_psk);
    CHECK(wc::tls_key_exchange_of(0x1301) == k::tls13);
    CHECK(wc::tls_key_exchange_of(0x1303) == k::tls13);
    CHECK(wc::tls_key_exchange_of(0x00ff) == k::scsv);
    CHECK(wc::tls_key_exchange_of(0x5600) == k::scsv);
    CHECK(wc::tls_key_exchange_of(0x0a0a) == k::unknown);  // GREASE
    CHECK(wc::tls_key_exchange_of(0x0000) == k::unknown);  // TLS_NULL_WITH_NULL_NULL
    static_assert(wc::tls_key_exchange_of(0xc02b) == wc::tls_key_exchange::ecdhe);
    // The sorted table answers as the names do, for every 16-bit value.
    std::size_t mismatches = 0;
    for (std::uint32_t suite = 0; suite <= 0xffff; ++suite) {
        const auto s = static_cast<std::uint16_t>(suite);
        mismatches += wc::tls_key_exchange_of(s) != wc::detail::tls_key_exchange_named(wc::tls_cipher_suite_name(s));
    }
    CHECK(mismatches == 0);
}
