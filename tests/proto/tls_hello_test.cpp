// ClientHello and ServerHello: every hello of the TLS captures against tshark's dissection
// (tests/data/expected/tls_hellos.tsv), byte-identical re-serialization, crafting, the
// HelloRetryRequest random of RFC 8446 4.1.3, the SSL 2.0 ClientHello, and malformed hellos.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <wirecraft/proto/tls.hpp>
#include <wirecraft/proto/tls_hello.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"
#include "support/tls_frames.hpp"

namespace wc = wirecraft;
using ext = wc::tls_extension_type;

namespace {

template <class List>
std::string joined(const List& items) {
    std::string s;
    for (const auto& v : items) {
        if (!s.empty()) s += ",";
        s += std::to_string(static_cast<unsigned long>(v));
    }
    return s.empty() ? "-" : s;
}
std::string hex_or_dash(std::span<const std::byte> b) { return b.empty() ? "-" : wctest::to_hex(b); }
std::string text(std::span<const std::byte> b) { return std::string(reinterpret_cast<const char*>(b.data()), b.size()); }

template <class Hello>
std::string extension_types(const wc::view<Hello>& hello) {
    std::vector<unsigned> types;
    if (const auto list = hello.template get<"extensions">())
        for (auto e : *list) types.push_back(static_cast<unsigned>(e.kind));
    return joined(types);
}

template <class Body, class Hello>
std::optional<wc::view<Body>> body_or_fail(const wc::view<Hello>& hello, wc::tls_extension_type type) {
    auto b = wc::extension_body<Body>(hello, type);
    INFO("extension " << wc::enum_name(type));
    REQUIRE(b);
    return *b;
}

// The columns of tls_hellos.tsv from our parse.
template <class Hello>
std::vector<std::string> columns(const wc::view<Hello>& hello) {
    std::vector<std::string> c;
    c.push_back(std::to_string(hello.template get<"legacy_version">()));
    const auto random = hello.template get<"random">();
    c.push_back(wctest::to_hex(std::as_bytes(std::span(random.octets))));
    c.push_back(hex_or_dash(hello.template get<"session_id">()));
    if constexpr (std::is_same_v<Hello, wc::tls_client_hello>) {
        c.push_back(joined(hello.template get<"cipher_suites">()));
        c.push_back(joined(hello.template get<"compression_methods">()));
    } else {
        c.push_back(std::to_string(hello.template get<"cipher_suite">()));
        c.push_back(std::to_string(hello.template get<"compression_method">()));
    }
    c.push_back(extension_types(hello));
    std::vector<std::string> names, protocols;
    std::vector<unsigned> versions, groups, shares, algorithms;
    if constexpr (std::is_same_v<Hello, wc::tls_client_hello>) {
        if (auto sni = body_or_fail<wc::tls_server_name_list>(hello, ext::server_name))
            for (auto n : sni->template get<"names">()) names.push_back(text(n.template get<"name">()));
        if (auto v = body_or_fail<wc::tls_supported_versions>(hello, ext::supported_versions))
            for (auto x : v->template get<"versions">()) versions.push_back(x);
        if (auto k = body_or_fail<wc::tls_key_share_client>(hello, ext::key_share))
            for (auto s : k->template get<"shares">()) shares.push_back(s.template get<"group">());
    } else {
        if (auto v = body_or_fail<wc::tls_selected_version>(hello, ext::supported_versions)) versions.push_back(v->template get<"version">());
        if (wc::is_hello_retry_request(hello)) {
            if (auto k = body_or_fail<wc::tls_key_share_retry>(hello, ext::key_share)) shares.push_back(k->template get<"selected_group">());
        } else if (auto k = body_or_fail<wc::tls_key_share_entry>(hello, ext::key_share)) {
            shares.push_back(k->template get<"group">());
        }
    }
    if (auto a = body_or_fail<wc::tls_alpn>(hello, ext::application_layer_protocol_negotiation))
        for (auto p : a->template get<"protocols">()) protocols.push_back(text(p));
    if (auto g = body_or_fail<wc::tls_code_point_list>(hello, ext::supported_groups))
        for (auto x : g->template get<"values">()) groups.push_back(x);
    if (auto s = body_or_fail<wc::tls_code_point_list>(hello, ext::signature_algorithms))
        for (auto x : s->template get<"values">()) algorithms.push_back(x);
    auto strings = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
        return s.empty() ? std::string("-") : s;
    };
    c.push_back(strings(names));
    c.push_back(strings(protocols));
    c.push_back(joined(versions));
    c.push_back(joined(groups));
    c.push_back(joined(shares));
    c.push_back(joined(algorithms));
    return c;
}

template <class Hello>
void check_roundtrip(const wc::view<Hello>& hello, std::span<const std::byte> body) {
    const auto owned = wc::to_owned(hello);
    auto again = wc::to_bytes(owned);
    REQUIRE(again);
    CHECK(wctest::to_hex(*again) == wctest::to_hex(body));
}

}  // namespace

TEST_CASE("tls hellos: every ClientHello and ServerHello of the captures, as tshark dissects them", "[tls_hello_test]") {
    std::map<std::string, std::map<std::size_t, wctest::tls_frame>> frames;
    std::size_t clients = 0, servers = 0, expected_clients = 0;
    const auto rows = wctest::tsv_rows("tls_hellos.tsv");
    for (const auto& row : rows) {
        REQUIRE(row.size() == 15);
        expected_clients += row[2] == "1";
        INFO(row[0] << " frame " << row[1] << " type " << row[2]);
        auto& capture = frames[row[0]];
        if (capture.empty()) capture = wctest::tls_frames(row[0]);
        const auto handshakes = wctest::whole_handshakes(wctest::whole_records(capture.at(std::stoul(row[1])).payload));
        const auto type = static_cast<wc::tls_handshake_type>(std::stoul(row[2]));
        std::vector<std::string> got;
        int found = 0;
        for (const auto& h : handshakes) {
            if (h.get<"msg_type">() != type) continue;
            ++found;
            if (type == wc::tls_handshake_type::client_hello) {
                auto hello = wc::parse_tls_hello<wc::tls_client_hello>(h.payload());
                REQUIRE(hello);
                got = columns(*hello);
                check_roundtrip(*hello, h.payload());
                ++clients;
            } else {
                auto hello = wc::parse_tls_hello<wc::tls_server_hello>(h.payload());
                REQUIRE(hello);
                got = columns(*hello);
                check_roundtrip(*hello, h.payload());
                ++servers;
            }
        }
        REQUIRE(found == 1);
        CHECK(got == std::vector<std::string>(row.begin() + 3, row.end()));
    }
    CHECK(clients == expected_clients);
    CHECK(clients + servers == rows.size());
    CHECK(rows.size() == 26);
}

TEST_CASE("tls hellos: server name, ALPN and the negotiated version through the helpers", "[tls_hello_test]") {
    // pcapplusplus/tls1_3.pcap frames 3 and 4 (tshark: SNI www.google.com, ALPN h2 and
    // http/1.1; the ServerHello's supported_versions 0x0304).
    const auto frames = wctest::tls_frames("pcapplusplus/tls1_3.pcap");
    const auto client = wctest::whole_handshakes(wctest::whole_records(frames.at(3).payload));
    REQUIRE(client.size() == 1);
    auto hello = wc::parse_tls_hello<wc::tls_client_hello>(client[0].payload()).value();
    CHECK(wc::tls_server_name_of(hello) == "www.google.com");
    auto share = wc::extension_body<ext::key_share>(hello);
    REQUIRE(share);
    REQUIRE(*share);
    const auto first = *(**share).get<"shares">().begin();
    CHECK(first.get<"group">() == 29);                // x25519 (RFC 8446 4.2.7)
    CHECK(first.get<"key_exchange">().size() == 32);  // RFC 7748: 32-byte public values
    const auto server = wctest::whole_handshakes(wctest::whole_records(frames.at(4).payload));
    REQUIRE_FALSE(server.empty());
    auto server_hello = wc::parse_tls_hello<wc::tls_server_hello>(server[0].payload()).value();
    CHECK(wc::negotiated_version(server_hello).value() == wc::tls_version::tls_1_3);
    CHECK_FALSE(wc::is_hello_retry_request(server_hello));
    CHECK_FALSE(wc::find_extension(server_hello, ext::server_name));
}

TEST_CASE("tls hellos: the extension list's index finds what a walk over the list finds", "[tls_hello_test]") {
    // Every type 0..63 and a few above, in every ClientHello of the captures: find() on the
    // parsed list (its index) and on the same bytes viewed without a parse (a walk) agree on
    // presence, offset and data.
    std::size_t hellos = 0, present = 0, expected = 0;
    for (const auto& row : wctest::tsv_rows("tls_hellos.tsv")) {
        if (row[2] != "1") continue;
        ++expected;
        const auto frames = wctest::tls_frames(row[0]);
        for (const auto& h : wctest::whole_handshakes(wctest::whole_records(frames.at(std::stoul(row[1])).payload))) {
            if (h.get<"msg_type">() != wc::tls_handshake_type::client_hello) continue;
            const auto hello = wc::parse_tls_hello<wc::tls_client_hello>(h.payload()).value();
            const auto indexed = *hello.get<"extensions">();
            const auto walked = wc::tls_extension_list_codec{}.view_of(indexed.bytes());  // no parse: no index
            // The reference for iteration: the engine's generic TLV iterator, not the TLS one.
            const auto& generic = static_cast<const wc::tls_extension_list_view::list&>(walked);
            ++hellos;
            // Iterating: from the index's list of offsets, and by walking the lengths.
            auto items = [](const auto& list) {
                std::vector<std::tuple<std::uint16_t, std::size_t, const std::byte*, std::size_t>> out;
                for (auto e : list) out.emplace_back(static_cast<std::uint16_t>(e.kind), e.offset, e.data.data(), e.data.size());
                return out;
            };
            CHECK(items(indexed) == items(generic));
            CHECK(items(walked) == items(generic));
            CHECK(indexed.count() == generic.count());
            // extensions_of: the same, through the hello's own index (no copy).
            CHECK(items(wc::extensions_of(hello)) == items(generic));
            CHECK(wc::extensions_of(hello).count() == generic.count());
            std::vector<std::uint16_t> types;
            for (std::uint16_t t = 0; t < 64; ++t) types.push_back(t);
            for (std::uint16_t t : {65281, 13172, 17513, 65037, 2570, 64250}) types.push_back(t);
            for (std::uint16_t t : types) {
                INFO(row[0] << " frame " << row[1] << " type " << t);
                const auto a = indexed.find(static_cast<ext>(t));
                const auto b = walked.find(static_cast<ext>(t));
                REQUIRE(a.has_value() == b.has_value());
                if (!b) continue;
                ++present;
                CHECK(a->offset == b->offset);
                CHECK(a->data.data() == b->data.data());
                CHECK(a->data.size() == b->data.size());
                CHECK(wc::find_extension(hello, static_cast<ext>(t))->offset == b->offset);
            }
        }
    }
    CHECK(hellos == expected);
    CHECK(present > 100);
}

TEST_CASE("tls hellos: long extension lists are iterated in order, listed or walked", "[tls_hello_test]") {
    // The index lists the offsets of up to max_listed extensions; past that, iteration walks.
    // Both must give the extensions as written: types 100, 101, ... with i bytes of data each.
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, wc::tls_extension_index::max_listed, wc::tls_extension_index::max_listed + 1,
                          std::size_t{40}}) {
        INFO(n << " extensions");
        wc::tls_client_hello hello{.cipher_suites = {0x1301}, .extensions = std::vector<wc::tls_extension>{}};
        for (std::size_t i = 0; i < n; ++i)
            hello.extensions->push_back({static_cast<ext>(100 + i), std::vector<std::byte>(i % 5, std::byte{0x5a})});
        const auto bytes = wc::to_bytes(hello).value();
        const auto back = wc::parse_tls_hello<wc::tls_client_hello>(bytes).value();
        const auto list = *back.get<"extensions">();
        CHECK(list.count() == n);
        std::size_t i = 0, offset = 0;
        for (auto e : list) {
            REQUIRE(i < n);
            CHECK(static_cast<std::size_t>(e.kind) == 100 + i);
            CHECK(e.offset == offset);
            CHECK(e.data.size() == i % 5);
            offset += 4 + i % 5;
            ++i;
        }
        CHECK(i == n);
        // Through the hello's index: listed up to max_listed, walked past it, the same items.
        std::size_t j = 0;
        auto listed = list.begin();
        for (auto e : wc::extensions_of(back)) {
            REQUIRE(listed != list.end());
            CHECK(e.kind == (*listed).kind);
            CHECK(e.offset == (*listed).offset);
            CHECK(e.data.data() == (*listed).data.data());
            ++listed;
            ++j;
        }
        CHECK(j == n);
        CHECK(wc::extensions_of(back).count() == n);
        CHECK(wc::to_owned(back).extensions == hello.extensions);
    }
}

TEST_CASE("tls hellos: a hello without an extensions block stays without one", "[tls_hello_test]") {
    // pcapplusplus/SSL-PartialCertificate1.pcap frame 1: a TLS 1.0 ServerHello with no extensions
    // (tshark lists none).
    const auto frames = wctest::tls_frames("pcapplusplus/SSL-PartialCertificate1.pcap");
    const auto handshakes = wctest::whole_handshakes(wctest::whole_records(frames.at(1).payload));
    REQUIRE_FALSE(handshakes.empty());
    auto hello = wc::parse_tls_hello<wc::tls_server_hello>(handshakes[0].payload()).value();
    CHECK_FALSE(hello.get<"extensions">().has_value());
    CHECK(wc::extensions_of(hello).count() == 0);
    CHECK(wc::extensions_of(hello).begin() == wc::extensions_of(hello).end());
    CHECK_FALSE(wc::to_owned(hello).extensions.has_value());
    // An empty block is kept as one: 2 more bytes, 00 00.
    wc::tls_server_hello empty = wc::to_owned(hello);
    empty.extensions = std::vector<wc::tls_extension>{};
    auto bytes = wc::to_bytes(empty).value();
    CHECK(bytes.size() == handshakes[0].payload().size() + 2);
    CHECK(wctest::to_hex(std::span(bytes).last(2)) == "0000");
    auto back = wc::parse_tls_hello<wc::tls_server_hello>(bytes).value();
    REQUIRE(back.get<"extensions">().has_value());
    CHECK(back.get<"extensions">()->empty());
}

TEST_CASE("tls hellos: HelloRetryRequest is the ServerHello with RFC 8446's special random", "[tls_hello_test]") {
    // RFC 8446 4.1.3: SHA-256("HelloRetryRequest").
    CHECK(wctest::to_hex(std::as_bytes(std::span(wc::tls_hello_retry_request_random.octets))) ==
          "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
    wc::tls_server_hello retry{.random = wc::tls_hello_retry_request_random, .cipher_suite = 0x1301};
    auto key_share = wc::to_bytes(wc::tls_key_share_retry{.selected_group = 23}).value();
    auto versions = wc::to_bytes(wc::tls_selected_version{.version = wc::tls_version::tls_1_3}).value();
    retry.extensions = std::vector<wc::tls_extension>{{ext::supported_versions, versions}, {ext::key_share, key_share}};
    auto bytes = wc::to_bytes(retry).value();
    auto hello = wc::parse_tls_hello<wc::tls_server_hello>(bytes).value();
    CHECK(wc::is_hello_retry_request(hello));
    CHECK(wc::negotiated_version(hello).value() == wc::tls_version::tls_1_3);
    auto group = wc::extension_body<wc::tls_key_share_retry>(hello, ext::key_share).value();
    REQUIRE(group);
    CHECK(group->get<"selected_group">() == 23);
}

TEST_CASE("tls hellos: crafted, with every length computed", "[tls_hello_test]") {
    wc::tls_server_name_list sni{.names = {{.name_type = 0, .name = wctest::text_bytes("example.test")}}};
    wc::tls_alpn alpn{.protocols = {wctest::text_bytes("h2"), wctest::text_bytes("http/1.1")}};
    wc::tls_client_hello hello{.cipher_suites = {0x1301, 0x1302, 0xc02f},
                               .extensions = std::vector<wc::tls_extension>{
                                   {ext::server_name, wc::to_bytes(sni).value()},
                                   {ext::application_layer_protocol_negotiation, wc::to_bytes(alpn).value()}}};
    auto frame = wc::to_bytes(wc::tls_record{.legacy_version = 0x0301} / wc::tls_handshake{} / hello);
    REQUIRE(frame);
    // Record 5 + handshake 4 + hello: 2 + 32 + 1 + (2 + 6) + (1 + 1) + 2 + (4 + 2 + 2 + 1 + 12) + (4 + 2 + 3 + 9).
    CHECK(frame->size() == 5 + 4 + 2 + 32 + 1 + 8 + 2 + 2 + 21 + 18);
    auto record = wc::parse<wc::tls_record>(*frame).value();
    auto handshake = wc::parse<wc::tls_handshake>(record.payload()).value();
    auto back = wc::parse_tls_hello<wc::tls_client_hello>(handshake.payload()).value();
    CHECK(wc::tls_server_name_of(back) == "example.test");
    CHECK(wc::to_owned(back).cipher_suites == hello.cipher_suites);
    CHECK(wc::to_owned(back).extensions == hello.extensions);
}

TEST_CASE("tls hellos: malformed ones are refused with the field and the offset", "[tls_hello_test]") {
    // A minimal ClientHello: version (2), random (32), empty session id (1), one suite (4), null
    // compression (2): 41 bytes, then the extensions block.
    const std::string head = std::string("0303").append(64, '0').append("00" "00021301" "0100");
    SECTION("the same extension twice") {
        const auto bytes = wctest::hex_bytes(head + "0008" + "00170000" + "00170000");
        auto e = wc::parse_tls_hello<wc::tls_client_hello>(bytes);
        REQUIRE_FALSE(e);
        CHECK(e.error().kind == wc::error_kind::malformed);
        CHECK(e.error().offset == 41 + 2 + 4);  // the second extended_master_secret (the block starts at 41)
        CHECK(to_string(e.error()).find("the same extension type twice") != std::string::npos);
    }
    SECTION("types that share the duplicate filter's bit are not duplicates") {
        // Types below 64 are checked exactly; higher ones through a 256-bit filter. 0x0100 and
        // 0x01e9 land on the same bit (bits 8 to 15 of type * 40503): the look-back tells them
        // apart.
        const auto apart = wctest::hex_bytes(head + "000c" + "00000000" + "01000000" + "01e90000");
        CHECK(wc::parse_tls_hello<wc::tls_client_hello>(apart));
        const auto again = wctest::hex_bytes(head + "0010" + "00000000" + "01000000" + "01e90000" + "01000000");
        auto e = wc::parse_tls_hello<wc::tls_client_hello>(again);
        REQUIRE_FALSE(e);
        CHECK(e.error().offset == 41 + 2 + 12);  // the fourth extension, the second 0x0100
        const auto low_again = wctest::hex_bytes(head + "000c" + "00000000" + "01000000" + "00000000");
        auto low = wc::parse_tls_hello<wc::tls_client_hello>(low_again);
        REQUIRE_FALSE(low);
        CHECK(low.error().offset == 41 + 2 + 8);  // the third extension, the second server_name
    }
    SECTION("more than 64 extensions: the exact set") {
        std::string many = head + "0118";  // 70 empty extensions: 280 bytes
        for (int type = 100; type < 170; ++type) {
            many += wctest::to_hex(std::array{std::byte(type >> 8), std::byte(type & 0xff)});
            many += "0000";
        }
        const auto distinct = wctest::hex_bytes(many);
        CHECK(wc::parse_tls_hello<wc::tls_client_hello>(distinct));
        many.replace(many.size() - 8, 4, "0064");  // the last one repeats type 100
        const auto repeated = wctest::hex_bytes(many);
        auto e = wc::parse_tls_hello<wc::tls_client_hello>(repeated);
        REQUIRE_FALSE(e);
        CHECK(e.error().offset == 41 + 2 + 69 * 4);
    }
    SECTION("an extension longer than the block") {
        const auto bytes = wctest::hex_bytes(head + "0004" + "00000010");
        auto e = wc::parse_tls_hello<wc::tls_client_hello>(bytes);
        REQUIRE_FALSE(e);
        CHECK(e.error().field == "extensions");
        CHECK(e.error().offset == 41 + 2 + 2);  // the extension's length field
    }
    SECTION("vector bounds: a session id over 32 bytes, no cipher suite, no compression method") {
        const auto long_id = wctest::hex_bytes(std::string("0303").append(64, '0').append("21").append(66, '1').append("00021301" "0100" "0000"));
        auto e = wc::parse_tls_hello<wc::tls_client_hello>(long_id);
        REQUIRE_FALSE(e);
        CHECK(e.error().field == "session_id");
        CHECK(e.error().offset == 34);
        const auto no_suite = wctest::hex_bytes(std::string("0303").append(64, '0').append("00" "0000" "0100" "0000"));
        auto f = wc::parse_tls_hello<wc::tls_client_hello>(no_suite);
        REQUIRE_FALSE(f);
        CHECK(f.error().field == "cipher_suites");
        CHECK(f.error().offset == 35);
        const auto no_method = wctest::hex_bytes(std::string("0303").append(64, '0').append("00" "00021301" "00" "0000"));
        auto g = wc::parse_tls_hello<wc::tls_client_hello>(no_method);
        REQUIRE_FALSE(g);
        CHECK(g.error().field == "compression_methods");
        CHECK(g.error().offset == 39);
    }
    SECTION("a block longer than the message") {
        const auto bytes = wctest::hex_bytes(head + "0010" + "00170000");
        auto e = wc::parse_tls_hello<wc::tls_client_hello>(bytes);
        REQUIRE_FALSE(e);
        CHECK(e.error().kind == wc::error_kind::length_inconsistent);
        CHECK(e.error().offset == 41);
    }
    SECTION("an odd cipher_suites length") {
        const auto bytes = wctest::hex_bytes(std::string("0303").append(64, '0').append("00" "0003130113" "0100"));
        auto e = wc::parse_tls_hello<wc::tls_client_hello>(bytes);
        REQUIRE_FALSE(e);
        CHECK(e.error().field == "cipher_suites");
        CHECK(e.error().offset == 35 + 2 + 2);  // the second suite, one byte short
    }
    SECTION("bytes after the extensions") {
        const auto bytes = wctest::hex_bytes(head + "0000" + "ff");
        auto e = wc::parse_tls_hello<wc::tls_client_hello>(bytes);
        REQUIRE_FALSE(e);
        CHECK(e.error().offset == 43);
    }
    SECTION("an extension body that does not fill its extension") {
        const auto good_bytes = wctest::hex_bytes(head + "0007" + "002b0003" + "020304");
        auto hello = wc::parse_tls_hello<wc::tls_client_hello>(good_bytes).value();
        auto body = wc::extension_body<ext::supported_versions>(hello);
        CHECK(body);  // 02 0304: one version, fills the body
        const auto bad_bytes = wctest::hex_bytes(head + "0008" + "002b0004" + "02030400");
        auto bad = wc::parse_tls_hello<wc::tls_client_hello>(bad_bytes).value();
        auto refused = wc::extension_body<ext::supported_versions>(bad);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().offset == 47 + 3);  // the extension's data is at 47; its fourth byte is one too many
        CHECK(refused.error().field == "versions");
    }
}

TEST_CASE("tls hellos: the SSL 2.0-compatible ClientHello is recognised", "[tls_hello_test]") {
    for (const auto& row : wctest::tsv_rows("tls_sslv2.tsv")) {  // capture, frame, length, version, cipher specs, session id, challenge
        INFO(row[0] << " frame " << row[1]);
        const auto frames = wctest::tls_frames(row[0]);
        const auto info = wc::recognise_sslv2_client_hello(frames.at(std::stoul(row[1])).whole);
        REQUIRE(info);
        CHECK(info->length == std::stoul(row[2]));
        CHECK(info->version == std::stoul(row[3]));
        CHECK(info->cipher_specs_length == std::stoul(row[4]));
        CHECK(info->session_id_length == std::stoul(row[5]));
        CHECK(info->challenge_length == std::stoul(row[6]));
    }
    // Built by hand after RFC 5246 E.2: length 9 + 3 + 0 + 16, type 1, version 3.1, one cipher
    // spec, no session id, a 16-byte challenge.
    const std::string hello = std::string("801c" "01" "0301" "0003" "0000" "0010" "010080").append(32, 'a');
    const auto good = wctest::hex_bytes(hello);
    REQUIRE(wc::recognise_sslv2_client_hello(good));
    CHECK(wc::recognise_sslv2_client_hello(good)->version == 0x0301);
    auto variant = [&](std::size_t at, std::string_view hex) {
        std::string h = hello;
        h.replace(at, hex.size(), hex);
        return wctest::hex_bytes(h);
    };
    CHECK_FALSE(wc::recognise_sslv2_client_hello(variant(0, "801d")));  // lengths do not fill the message
    CHECK_FALSE(wc::recognise_sslv2_client_hello(variant(4, "02")));    // not msg_type 1
    CHECK_FALSE(wc::recognise_sslv2_client_hello(variant(6, "0201")));  // neither SSL 2.0 nor 3.x
    const auto no_specs = wctest::hex_bytes(std::string("8019" "01" "0301" "0000" "0000" "0010").append(32, 'a'));
    CHECK_FALSE(wc::recognise_sslv2_client_hello(no_specs));           // no cipher spec
    const auto short_challenge = wctest::hex_bytes(std::string("801b" "01" "0301" "0003" "0000" "000f" "010080").append(30, 'a'));
    CHECK_FALSE(wc::recognise_sslv2_client_hello(short_challenge));    // challenge under 16 bytes
}

TEST_CASE("tls hellos: an SSL 2.0 ServerHello is recognised", "[tls_hello_test]") {
    // zeek/ssl-v2.pcap frame 6, as tshark 4.0 decodes it: length 948, session id hit false,
    // certificate type 1 (X.509), version 0x0002, certificate 903, cipher specs 18, connection id 16.
    const auto frames = wctest::tls_frames("zeek/ssl-v2.pcap");
    const auto info = wc::recognise_sslv2_server_hello(frames.at(6).whole);
    REQUIRE(info);
    CHECK(info->length == 948);
    CHECK_FALSE(info->session_id_hit);
    CHECK(info->certificate_type == 1);
    CHECK(info->version == 0x0002);
    CHECK(info->certificate_length == 903);
    CHECK(info->cipher_specs_length == 18);
    CHECK(info->connection_id_length == 16);
    CHECK_FALSE(wc::recognise_sslv2_client_hello(frames.at(6).whole));  // and it is no ClientHello
    CHECK_FALSE(wc::recognise_sslv2_server_hello(frames.at(4).whole));  // nor the ClientHello a ServerHello
    // Built by hand after the same layout: 11 + 2 (certificate) + 3 (one spec) + 16 (connection id).
    const std::string hello = std::string("8020" "04" "00" "01" "0002" "0002" "0003" "0010" "3000" "010080").append(32, 'c');
    REQUIRE(wc::recognise_sslv2_server_hello(wctest::hex_bytes(hello)));
    auto variant = [&](std::size_t at, std::string_view hex) {
        std::string h = hello;
        h.replace(at, hex.size(), hex);
        return wctest::hex_bytes(h);
    };
    CHECK_FALSE(wc::recognise_sslv2_server_hello(variant(0, "0020")));  // no SSL 2.0 header bit
    CHECK_FALSE(wc::recognise_sslv2_server_hello(variant(0, "8021")));  // lengths do not fill the message
    CHECK_FALSE(wc::recognise_sslv2_server_hello(variant(4, "01")));    // not msg_type 4
    CHECK_FALSE(wc::recognise_sslv2_server_hello(variant(6, "02")));    // session_id_hit neither 0 nor 1
}

TEST_CASE("tls hellos: a list viewed without a parse ends at an item that does not fit", "[tls_hello_test]") {
    // No index, so iteration walks the bytes as given. Type 16 with 1 byte of data (00 10 00 01
    // aa), then type 17 claiming 9 bytes where 1 is left: the walk gives the first and stops,
    // reading nothing past the list.
    const std::vector<std::byte> bytes = wctest::hex_bytes("00100001aa0011000901");
    const auto list = wc::tls_extension_list_codec{}.view_of(bytes);
    std::vector<std::pair<std::uint16_t, std::size_t>> seen;
    for (auto e : list) seen.emplace_back(static_cast<std::uint16_t>(e.kind), e.data.size());
    CHECK(seen == std::vector<std::pair<std::uint16_t, std::size_t>>{{16, 1}});
    // A tail of 1 to 3 bytes after a whole item: the item, then the end.
    for (const char* hex : {"00100001aa00", "00100001aa0011", "00100001aa001100"}) {
        INFO(hex);
        const std::vector<std::byte> tail_bytes = wctest::hex_bytes(hex);
        std::size_t n = 0;
        for (auto e : wc::tls_extension_list_codec{}.view_of(tail_bytes)) {
            CHECK(e.offset == 0);
            ++n;
        }
        CHECK(n == 1);
    }
    // A first item that does not fit: nothing.
    const std::vector<std::byte> short_bytes = wctest::hex_bytes("0010000500");
    const auto none = wc::tls_extension_list_codec{}.view_of(short_bytes);
    CHECK(none.begin() == none.end());
}

// extensions_of borrows the hello's view: not callable on a temporary one.
template <class View>
concept extensions_of_callable = requires { wc::extensions_of(std::declval<View>()); };
static_assert(!extensions_of_callable<const wc::view<wc::tls_client_hello>&&>);
static_assert(!extensions_of_callable<wc::view<wc::tls_client_hello>>);
static_assert(extensions_of_callable<const wc::view<wc::tls_client_hello>&>);
