// Crafting a ClientHello from settings: what build() fills in, checked against the RFCs' sizes
// and rules (key share sizes RFC 8446 4.2.8.1-2, the NIST generators against SEC 2), repeatable
// from a seed, parsed back by the strict parser, and fingerprinted. That a real server accepts
// it is tests/live/tls_openssl_check.sh's part.
#include <catch2/catch.hpp>

#include <wirecraft/proto/tls_crafting.hpp>
#include <wirecraft/proto/tls_fingerprint.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"

namespace wc = wirecraft;
using ext = wc::tls_extension_type;

TEST_CASE("tls crafting: a ClientHello from a server name and ALPN", "[tls_crafting_test]") {
    const auto hello = wc::tls_client_hello_settings{.server_name = "example.test", .alpn = {"h2", "http/1.1"}, .seed = 7}.build().value();
    const auto record = wc::to_bytes(wc::tls_record{} / wc::tls_handshake{} / hello).value();
    // The record and handshake headers around it, lengths computed.
    REQUIRE(record.size() > 9);
    CHECK(wctest::to_hex(std::span(record).first(3)) == "160303");
    CHECK((std::to_integer<std::size_t>(record[3]) << 8 | std::to_integer<std::size_t>(record[4])) == record.size() - 5);
    CHECK(std::to_integer<unsigned>(record[5]) == 1);
    const auto body = std::span<const std::byte>(record).subspan(9);
    const auto parsed = wc::parse_tls_hello<wc::tls_client_hello>(body).value();
    CHECK(parsed.get<"legacy_version">() == 0x0303);
    CHECK(parsed.get<"session_id">().size() == 32);  // RFC 8446 D.4: a middlebox-compatible session id
    CHECK(wc::tls_server_name_of(parsed) == "example.test");
    std::vector<std::string> protocols;
    for (auto p : (**wc::extension_body<ext::application_layer_protocol_negotiation>(parsed)).get<"protocols">())
        protocols.emplace_back(reinterpret_cast<const char*>(p.data()), p.size());
    CHECK(protocols == std::vector<std::string>{"h2", "http/1.1"});
    std::vector<std::uint16_t> versions;
    for (auto v : (**wc::extension_body<ext::supported_versions>(parsed)).get<"versions">()) versions.push_back(v);
    CHECK(versions == std::vector<std::uint16_t>{0x0304, 0x0303});
    const auto shares = (**wc::extension_body<ext::key_share>(parsed)).get<"shares">();
    REQUIRE(shares.count() == 1);
    CHECK((*shares.begin()).get<"group">() == wc::tls_group::x25519);
    CHECK((*shares.begin()).get<"key_exchange">().size() == 32);
    CHECK(wc::find_extension(parsed, ext::psk_key_exchange_modes));
    // Every offered suite and group is one the registry names; the suites end with the SCSV.
    for (auto suite : parsed.get<"cipher_suites">()) CHECK_FALSE(wc::tls_cipher_suite_name(suite).empty());
    CHECK(wc::tls_cipher_suite_name(*std::prev(std::vector<std::uint16_t>(parsed.get<"cipher_suites">().begin(), parsed.get<"cipher_suites">().end()).end())) ==
          "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
    // JA4's first part: TLS 1.3, SNI, 12 suites, 11 extensions, "h2".
    CHECK(wc::ja4(parsed).substr(0, 10) == "t13d1211h2");
    // And it re-serializes as it came.
    CHECK(wc::to_bytes(wc::to_owned(parsed)).value() == std::vector<std::byte>(body.begin(), body.end()));
}

TEST_CASE("tls crafting: key shares have each group's size, and NIST shares are the generator", "[tls_crafting_test]") {
    using g = std::uint16_t;
    const std::pair<g, std::size_t> sizes[] = {{wc::tls_group::secp256r1, 65}, {wc::tls_group::secp384r1, 97}, {wc::tls_group::secp521r1, 133},
                                               {wc::tls_group::x25519, 32},     {wc::tls_group::x448, 56},      {wc::tls_group::ffdhe2048, 256},
                                               {wc::tls_group::ffdhe3072, 384}, {wc::tls_group::ffdhe4096, 512}};
    wc::tls_client_hello_settings settings{.seed = 1};
    settings.groups.clear();
    settings.key_share_groups.clear();
    for (const auto& [group, size] : sizes) {
        settings.groups.push_back(group);
        settings.key_share_groups.push_back(group);
    }
    const auto hello = settings.build().value();
    const auto bytes = wc::to_bytes(hello).value();
    const auto parsed = wc::parse_tls_hello<wc::tls_client_hello>(bytes).value();
    std::map<g, std::vector<std::byte>> shares;
    for (auto s : (**wc::extension_body<ext::key_share>(parsed)).get<"shares">())
        shares[s.get<"group">()].assign(s.get<"key_exchange">().begin(), s.get<"key_exchange">().end());
    for (const auto& [group, size] : sizes) {
        INFO(group);
        CHECK(wc::tls_key_share_size(group) == size);
        CHECK(shares.at(group).size() == size);
    }
    // SEC 2 2.4.2: P-256's G, uncompressed.
    CHECK(wctest::to_hex(shares.at(wc::tls_group::secp256r1)) ==
          "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
    CHECK(std::to_integer<unsigned>(shares.at(wc::tls_group::secp384r1)[0]) == 4);
    CHECK(std::to_integer<unsigned>(shares.at(wc::tls_group::secp521r1)[0]) == 4);
    CHECK(std::to_integer<unsigned>(shares.at(wc::tls_group::ffdhe2048)[0]) < 0x80);  // below the prime
}

TEST_CASE("tls crafting: a seed repeats the hello, no seed varies it; TLS 1.2 only leaves 1.3's extensions out", "[tls_crafting_test]") {
    const auto a = wc::to_bytes(wc::tls_client_hello_settings{.server_name = "a.test", .seed = 42}.build().value()).value();
    const auto b = wc::to_bytes(wc::tls_client_hello_settings{.server_name = "a.test", .seed = 42}.build().value()).value();
    const auto c = wc::to_bytes(wc::tls_client_hello_settings{.server_name = "a.test", .seed = 43}.build().value()).value();
    const auto d = wc::to_bytes(wc::tls_client_hello_settings{.server_name = "a.test"}.build().value()).value();
    const auto e = wc::to_bytes(wc::tls_client_hello_settings{.server_name = "a.test"}.build().value()).value();
    CHECK(a == b);
    CHECK(a != c);
    CHECK(d != e);  // 2^-256 of failing by chance: the randoms differ
    const auto only_1_2 = wc::to_bytes(wc::tls_client_hello_settings{.versions = {wc::tls_version::tls_1_2}, .seed = 1}.build().value()).value();
    const auto parsed = wc::parse_tls_hello<wc::tls_client_hello>(only_1_2).value();
    CHECK_FALSE(wc::find_extension(parsed, ext::key_share));
    CHECK_FALSE(wc::find_extension(parsed, ext::psk_key_exchange_modes));
    CHECK_FALSE(wc::find_extension(parsed, ext::server_name));
    CHECK(wc::ja4(parsed).substr(0, 4) == "t12i");
    // RFC 8446 4.1.2: legacy_version is 0x0303 when offering 1.2 or 1.3, else the highest offered.
    CHECK(parsed.get<"legacy_version">() == 0x0303);
    const auto only_1_0 = wc::to_bytes(wc::tls_client_hello_settings{.versions = {wc::tls_version::tls_1_0}, .seed = 1}.build().value()).value();
    CHECK(wc::parse_tls_hello<wc::tls_client_hello>(only_1_0).value().get<"legacy_version">() == 0x0301);
}

TEST_CASE("tls crafting: settings the RFCs forbid are refused, naming the setting", "[tls_crafting_test]") {
    auto refused = [](const wc::tls_client_hello_settings& settings) {
        const auto hello = settings.build();
        REQUIRE_FALSE(hello);
        return std::string(hello.error().field);
    };
    CHECK(refused({.alpn = {""}}) == "alpn");                                   // ProtocolName<1..2^8-1>
    CHECK(refused({.alpn = {std::string(256, 'a')}}) == "alpn");
    CHECK(refused({.versions = {}}) == "versions");
    CHECK(refused({.cipher_suites = {}}) == "cipher_suites");
    CHECK(refused({.groups = {}}) == "groups");
    CHECK(refused({.key_share_groups = {wc::tls_group::x25519, wc::tls_group::x25519}}) == "key_share_groups");  // RFC 8446 4.2.8
    CHECK(refused({.groups = {wc::tls_group::x25519}, .key_share_groups = {wc::tls_group::secp256r1}}) == "key_share_groups");
    CHECK(refused({.groups = {0x1234}, .key_share_groups = {0x1234}}) == "key_share_groups");  // unknown size
    CHECK(refused({.extra_extensions = {{ext::supported_groups, {}}}}) == "extra_extensions");
    const auto e = wc::tls_client_hello_settings{.alpn = {""}}.build().error();
    CHECK(wc::to_string(e) == "tls_client_hello_settings.alpn: malformed (a protocol name is 1 to 255 bytes) (byte offset 0)");
    // Within the bounds, an extra extension is appended as given.
    const auto hello = wc::tls_client_hello_settings{.seed = 3, .extra_extensions = {{static_cast<ext>(0x0a0a), {}}}}.build().value();
    CHECK(hello.extensions->back().kind == static_cast<ext>(0x0a0a));
}
