// Crafting a ClientHello a modern server accepts from the few things a caller cares about:
//
//   auto hello = wc::tls_client_hello_settings{.server_name = "example.test", .alpn = {"h2"}}.build().value();
//   auto bytes = wc::to_bytes(wc::tls_record{} / wc::tls_handshake{} / hello);
//
// build() fills in the rest as OpenSSL 3's s_client does: a random, a 32-byte legacy session id
// (RFC 8446 D.4's middlebox compatibility), TLS 1.3 and 1.2 suites, groups, signature algorithms,
// supported_versions, psk_key_exchange_modes, and a key share of the right size for each group
// asked for. The key shares are valid public keys (random bytes for X25519 and X448, the curve's
// generator for the NIST curves) so that a server computes with them, but no private key is kept:
// the hello starts handshakes for testing and observation, not for keeping secrets.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tls_hello.hpp"

namespace wirecraft {

// Named groups (RFC 8446 4.2.7, RFC 7919).
namespace tls_group {
inline constexpr std::uint16_t secp256r1 = 0x0017;
inline constexpr std::uint16_t secp384r1 = 0x0018;
inline constexpr std::uint16_t secp521r1 = 0x0019;
inline constexpr std::uint16_t x25519 = 0x001d;
inline constexpr std::uint16_t x448 = 0x001e;
inline constexpr std::uint16_t ffdhe2048 = 0x0100;
inline constexpr std::uint16_t ffdhe3072 = 0x0101;
inline constexpr std::uint16_t ffdhe4096 = 0x0102;
}  // namespace tls_group

// The size of a key share for `group` (RFC 8446 4.2.8.1-2: an uncompressed point for the NIST
// curves, 32 or 56 bytes for X25519 and X448, the prime's size for FFDHE); 0 if unknown.
constexpr std::size_t tls_key_share_size(std::uint16_t group) {
    switch (group) {
        case tls_group::secp256r1: return 65;
        case tls_group::secp384r1: return 97;
        case tls_group::secp521r1: return 133;
        case tls_group::x25519: return 32;
        case tls_group::x448: return 56;
        case tls_group::ffdhe2048: return 256;
        case tls_group::ffdhe3072: return 384;
        case tls_group::ffdhe4096: return 512;
        default: return 0;
    }
}

struct tls_client_hello_settings {
    std::string server_name{};                 // server_name, unless empty
    std::vector<std::string> alpn{};           // application_layer_protocol_negotiation, unless empty
    std::vector<std::uint16_t> versions{tls_version::tls_1_3, tls_version::tls_1_2};
    std::vector<std::uint16_t> cipher_suites{0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc02b, 0xc02f, 0x009f, 0x009e, 0x00ff};
    std::vector<std::uint16_t> groups{tls_group::x25519, tls_group::secp256r1, tls_group::x448, tls_group::secp521r1, tls_group::secp384r1};
    std::vector<std::uint16_t> key_share_groups{tls_group::x25519};  // a share is sent for each
    std::vector<std::uint16_t> signature_algorithms{0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b,
                                                    0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601};
    std::optional<std::uint64_t> seed{};       // random, session id and shares from it (repeatable), else std::random_device
    std::vector<tls_extension> extra_extensions{};  // appended after the ones built

    // The hello, or what in the settings would make one the RFCs forbid: an empty list of
    // versions, suites or groups; an ALPN protocol outside 1..255 bytes; a key share for a group
    // of unknown size, for one not in `groups`, or twice (RFC 8446 4.2.8); an extra extension of
    // a type build() writes.
    result<tls_client_hello> build() const;
};

namespace detail {
// SplitMix64: a small, well-mixed generator; repeatable from a seed.
struct splitmix64 {
    std::uint64_t state;
    constexpr std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }
    constexpr void fill(std::span<std::byte> out) {
        for (std::size_t i = 0; i < out.size(); i += 8) {
            const std::uint64_t word = next();
            for (std::size_t j = 0; j < 8 && i + j < out.size(); ++j) out[i + j] = static_cast<std::byte>(word >> (8 * j));
        }
    }
};

// The generators of the NIST curves (SEC 2 2.4.2, 2.5.1, 2.6.1), uncompressed: valid points.
inline constexpr std::string_view secp256r1_generator =
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
inline constexpr std::string_view secp384r1_generator =
    "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7"
    "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f";
inline constexpr std::string_view secp521r1_generator =
    "0400c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66"
    "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650";

inline std::vector<std::byte> from_hex(std::string_view hex) {
    auto digit = [](char c) { return static_cast<unsigned>(c <= '9' ? c - '0' : c - 'a' + 10); };
    std::vector<std::byte> out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::byte>(digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1]));
    return out;
}

inline std::vector<std::byte> key_share_for(std::uint16_t group, splitmix64& random) {
    switch (group) {
        case tls_group::secp256r1: return from_hex(secp256r1_generator);
        case tls_group::secp384r1: return from_hex(secp384r1_generator);
        case tls_group::secp521r1: return from_hex(secp521r1_generator);
        default: break;
    }
    std::vector<std::byte> share(tls_key_share_size(group));
    random.fill(share);
    if (!share.empty() && (group == tls_group::ffdhe2048 || group == tls_group::ffdhe3072 || group == tls_group::ffdhe4096))
        share[0] &= std::byte{0x7f};  // below the prime, whose top bits are all ones
    return share;
}

// The settings are checked before, so the bodies fit their length prefixes.
template <protocol Body>
std::vector<std::byte> extension_data(const Body& body) {
    std::vector<std::byte> out(wirecraft::size(body));
    (void)serialize(body, std::span<std::byte>(out));
    return out;
}
inline std::vector<std::byte> text_bytes(std::string_view text) {
    std::vector<std::byte> out(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) out[i] = static_cast<std::byte>(text[i]);
    return out;
}
}  // namespace detail

inline result<tls_client_hello> tls_client_hello_settings::build() const {
    using ext = tls_extension_type;
    auto refuse = [](std::string_view field, std::uint64_t value, std::string_view why) {
        return error{error_kind::malformed, "tls_client_hello_settings", field, 0, value, 0, why};
    };
    if (versions.empty()) return refuse("versions", 0, "no version to offer");
    if (cipher_suites.empty()) return refuse("cipher_suites", 0, "no cipher suite to offer");
    if (groups.empty()) return refuse("groups", 0, "no group to offer");
    if (server_name.size() > 0xffff) return refuse("server_name", server_name.size(), "a host name is at most 65535 bytes");
    for (const auto& protocol : alpn)
        if (protocol.empty() || protocol.size() > 0xff) return refuse("alpn", protocol.size(), "a protocol name is 1 to 255 bytes");
    for (std::size_t i = 0; i < key_share_groups.size(); ++i) {
        const auto group = key_share_groups[i];
        if (tls_key_share_size(group) == 0) return refuse("key_share_groups", group, "a key share for a group of unknown size");
        if (std::find(groups.begin(), groups.end(), group) == groups.end()) return refuse("key_share_groups", group, "a key share for a group not offered");
        if (std::find(key_share_groups.begin(), key_share_groups.begin() + static_cast<std::ptrdiff_t>(i), group) !=
            key_share_groups.begin() + static_cast<std::ptrdiff_t>(i))
            return refuse("key_share_groups", group, "two key shares for one group");
    }
    detail::splitmix64 random{seed ? *seed : (std::uint64_t{std::random_device{}()} << 32 | std::random_device{}())};
    tls_client_hello hello;
    // RFC 8446 4.1.2: 0x0303 when offering TLS 1.3 or 1.2; else the highest version offered.
    std::uint16_t highest = 0;
    for (auto v : versions)
        if (!is_grease(v)) highest = std::max(highest, v);
    hello.legacy_version = std::min<std::uint16_t>(highest ? highest : tls_version::tls_1_2, tls_version::tls_1_2);
    random.fill(std::as_writable_bytes(std::span(hello.random.octets)));
    hello.session_id.resize(32);
    random.fill(hello.session_id);
    hello.cipher_suites = cipher_suites;
    hello.compression_methods = {0};
    std::vector<tls_extension> extensions;
    if (!server_name.empty())
        extensions.push_back({ext::server_name, detail::extension_data(tls_server_name_list{{{0, detail::text_bytes(server_name)}}})});
    extensions.push_back({ext::ec_point_formats, detail::extension_data(tls_byte_code_list{{0, 1, 2}})});
    extensions.push_back({ext::supported_groups, detail::extension_data(tls_code_point_list{groups})});
    extensions.push_back({ext::session_ticket, {}});
    if (!alpn.empty()) {
        tls_alpn protocols;
        for (const auto& p : alpn) protocols.protocols.push_back(detail::text_bytes(p));
        extensions.push_back({ext::application_layer_protocol_negotiation, detail::extension_data(protocols)});
    }
    extensions.push_back({ext::encrypt_then_mac, {}});
    extensions.push_back({ext::extended_master_secret, {}});
    extensions.push_back({ext::signature_algorithms, detail::extension_data(tls_code_point_list{signature_algorithms})});
    const bool offers_1_3 = std::find(versions.begin(), versions.end(), tls_version::tls_1_3) != versions.end();
    extensions.push_back({ext::supported_versions, detail::extension_data(tls_supported_versions{versions})});
    if (offers_1_3) {
        extensions.push_back({ext::psk_key_exchange_modes, detail::extension_data(tls_byte_code_list{{1}})});  // psk_dhe_ke
        tls_key_share_client shares;
        for (auto group : key_share_groups) shares.shares.push_back({group, detail::key_share_for(group, random)});
        extensions.push_back({ext::key_share, detail::extension_data(shares)});
    }
    for (const auto& extra : extra_extensions) {
        for (const auto& built : extensions)
            if (built.kind == extra.kind) return refuse("extra_extensions", static_cast<std::uint16_t>(extra.kind), "an extension build() already writes");
    }
    extensions.insert(extensions.end(), extra_extensions.begin(), extra_extensions.end());
    hello.extensions = std::move(extensions);
    return hello;
}

}  // namespace wirecraft
