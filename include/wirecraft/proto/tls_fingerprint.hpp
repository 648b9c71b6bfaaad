// TLS client and server fingerprints from parsed hellos: JA3 and JA3S (Salesforce, 2017) and
// JA4 and JA4S (FoxIO, 2023). Each comes as its raw text and as the published hashed form:
//
//   ja3_text   "771,4865-4866-...,0-23-65281-...,29-23-24,0"     ja3   its MD5, 32 hex digits
//   ja3s_text  "771,4865,43-51"                                  ja3s  its MD5
//   ja4_text   "t13d1516h2_002f,0035,..._0005,000a,..._0403,..."  ja4   "t13d1516h2_8daaf6152771_e5627efa2ab1"
//   ja4s_text  "t130200_1301_002b,0033"                          ja4s  "t130200_1301_a56c5b993250"
//
// GREASE values (RFC 8701) are left out everywhere, as both specifications say.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../checksum/digests.hpp"
#include "../schema/address.hpp"
#include "tls_hello.hpp"

namespace wirecraft {

// How the hello travelled: JA4's first character.
enum class ja4_transport : char { tcp = 't', quic = 'q', dtls = 'd' };

namespace detail {

inline void append_decimal_list(std::string& out, const auto& values) {
    bool first = true;
    for (auto v : values) {
        if (is_grease(static_cast<std::uint16_t>(v))) continue;
        if (!first) out += '-';
        out += std::to_string(static_cast<unsigned>(v));
        first = false;
    }
}
inline void append_hex4(std::string& out, std::uint16_t v) {
    for (int shift = 12; shift >= 0; shift -= 4) out += hex_char(static_cast<unsigned>(v >> shift));
}
inline void append_hex_list(std::string& out, const std::vector<std::uint16_t>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        append_hex4(out, values[i]);
    }
}
inline std::string md5_hex(std::string_view text) {
    md5 h;
    h.update(text);
    const auto hex = hex_digest(h.finish());
    return std::string(hex.begin(), hex.end());
}
// JA4's hashes: the first 12 hex digits of SHA-256, or twelve zeros for nothing.
inline std::string truncated_sha256(std::string_view text) {
    if (text.empty()) return "000000000000";
    sha256 h;
    h.update(text);
    const auto hex = hex_digest(h.finish());
    return std::string(hex.begin(), hex.begin() + 12);
}

template <tls_hello Hello>
std::vector<std::uint16_t> extension_types(const view<Hello>& hello) {
    std::vector<std::uint16_t> types;
    if (const auto extensions = hello.template get<"extensions">())
        for (auto e : *extensions) types.push_back(static_cast<std::uint16_t>(e.kind));
    return types;
}
template <class Range>
std::vector<std::uint16_t> without_grease(const Range& values) {
    std::vector<std::uint16_t> out;
    for (auto v : values)
        if (!is_grease(static_cast<std::uint16_t>(v))) out.push_back(static_cast<std::uint16_t>(v));
    return out;
}

// JA4's version: "13", "12", ..., "s3", "d1"; "00" for anything else (drafts included).
constexpr std::string_view ja4_version(std::uint16_t v) {
    switch (v) {
        case 0x0304: return "13";
        case 0x0303: return "12";
        case 0x0302: return "11";
        case 0x0301: return "10";
        case 0x0300: return "s3";
        case 0x0002: return "s2";
        case 0xfeff: return "d1";
        case 0xfefd: return "d2";
        case 0xfefc: return "d3";
        default: return "00";
    }
}
inline void append_count(std::string& out, std::size_t n) {
    n = std::min<std::size_t>(n, 99);
    out += static_cast<char>('0' + n / 10);
    out += static_cast<char>('0' + n % 10);
}
// JA4's ALPN part: the first and last characters of the (first) protocol, or of its hex when
// either is not alphanumeric; "00" without one.
inline void append_alpn(std::string& out, std::span<const std::byte> protocol) {
    if (protocol.empty()) {
        out += "00";
        return;
    }
    auto alphanumeric = [](std::byte b) {
        const char c = static_cast<char>(b);
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    if (alphanumeric(protocol.front()) && alphanumeric(protocol.back())) {
        out += static_cast<char>(protocol.front());
        out += static_cast<char>(protocol.back());
        return;
    }
    out += hex_char(std::to_integer<unsigned>(protocol.front()) >> 4);
    out += hex_char(std::to_integer<unsigned>(protocol.back()));
}
template <tls_hello Hello>
std::span<const std::byte> first_alpn(const view<Hello>& hello) {
    const auto alpn = extension_body<tls_extension_type::application_layer_protocol_negotiation>(hello);
    if (!alpn || !*alpn) return {};
    for (auto protocol : (**alpn).template get<"protocols">()) return protocol;
    return {};
}

}  // namespace detail

// ---- JA3 / JA3S ------------------------------------------------------------------------------

// "SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats", decimal, "-"-joined.
inline std::string ja3_text(const view<tls_client_hello>& hello) {
    std::string out = std::to_string(hello.get<"legacy_version">());
    out += ',';
    detail::append_decimal_list(out, hello.get<"cipher_suites">());
    out += ',';
    detail::append_decimal_list(out, detail::extension_types(hello));
    out += ',';
    if (const auto groups = extension_body<tls_extension_type::supported_groups>(hello); groups && *groups)
        detail::append_decimal_list(out, (**groups).get<"values">());
    out += ',';
    if (const auto formats = extension_body<tls_extension_type::ec_point_formats>(hello); formats && *formats)
        detail::append_decimal_list(out, (**formats).get<"values">());
    return out;
}
inline std::string ja3(const view<tls_client_hello>& hello) { return detail::md5_hex(ja3_text(hello)); }

// "SSLVersion,Cipher,Extensions".
inline std::string ja3s_text(const view<tls_server_hello>& hello) {
    std::string out = std::to_string(hello.get<"legacy_version">());
    out += ',';
    out += std::to_string(hello.get<"cipher_suite">());
    out += ',';
    detail::append_decimal_list(out, detail::extension_types(hello));
    return out;
}
inline std::string ja3s(const view<tls_server_hello>& hello) { return detail::md5_hex(ja3s_text(hello)); }

// ---- JA4 / JA4S ------------------------------------------------------------------------------

namespace detail {
// JA4's three parts, unhashed: "t13d1516h2", the sorted suites, the sorted extensions (less SNI
// and ALPN) with the signature algorithms in their order after an underscore.
struct ja4_parts {
    std::string a, ciphers, extensions;
};
inline ja4_parts ja4_split(const view<tls_client_hello>& hello, ja4_transport transport) {
    ja4_parts p;
    p.a += static_cast<char>(transport);
    std::uint16_t version = hello.get<"legacy_version">();
    if (const auto versions = extension_body<tls_extension_type::supported_versions>(hello); versions && *versions) {
        std::uint16_t highest = 0;
        for (auto v : (**versions).get<"versions">())
            if (!is_grease(v)) highest = std::max(highest, v);
        if (highest) version = highest;
    }
    p.a += ja4_version(version);
    auto ciphers = without_grease(hello.get<"cipher_suites">());
    auto extensions = without_grease(extension_types(hello));
    const bool sni = std::find(extensions.begin(), extensions.end(), std::uint16_t{0}) != extensions.end();
    p.a += sni ? 'd' : 'i';
    append_count(p.a, ciphers.size());
    append_count(p.a, extensions.size());
    append_alpn(p.a, first_alpn(hello));

    std::sort(ciphers.begin(), ciphers.end());
    append_hex_list(p.ciphers, ciphers);
    std::erase_if(extensions, [](std::uint16_t t) { return t == 0x0000 || t == 0x0010; });
    std::sort(extensions.begin(), extensions.end());
    append_hex_list(p.extensions, extensions);
    if (const auto algorithms = extension_body<tls_extension_type::signature_algorithms>(hello); algorithms && *algorithms) {
        const auto ordered = without_grease((**algorithms).get<"values">());
        if (!ordered.empty()) {
            p.extensions += '_';
            append_hex_list(p.extensions, ordered);
        }
    }
    return p;
}
}  // namespace detail

namespace detail {
// Parts joined by underscores, appended one by one (g++ 12 at -O3 warns falsely on chains of +).
inline std::string underscored(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (auto part : parts) {
        if (!out.empty()) out += '_';
        out.append(part);
    }
    return out;
}
}  // namespace detail

inline std::string ja4_text(const view<tls_client_hello>& hello, ja4_transport transport = ja4_transport::tcp) {
    const auto p = detail::ja4_split(hello, transport);
    return detail::underscored({p.a, p.ciphers, p.extensions});
}
inline std::string ja4(const view<tls_client_hello>& hello, ja4_transport transport = ja4_transport::tcp) {
    const auto p = detail::ja4_split(hello, transport);
    return detail::underscored({p.a, detail::truncated_sha256(p.ciphers), detail::truncated_sha256(p.extensions)});
}

namespace detail {
inline std::pair<std::string, std::string> ja4s_split(const view<tls_server_hello>& hello, ja4_transport transport) {
    std::string a(1, static_cast<char>(transport));
    std::uint16_t version = hello.get<"legacy_version">();
    if (const auto selected = extension_body<tls_selected_version>(hello, tls_extension_type::supported_versions); selected && *selected)
        version = (**selected).get<"version">();
    a += ja4_version(version);
    const auto extensions = without_grease(extension_types(hello));
    append_count(a, extensions.size());
    append_alpn(a, first_alpn(hello));
    a += '_';
    append_hex4(a, hello.get<"cipher_suite">());
    std::string listed;
    append_hex_list(listed, extensions);
    return {std::move(a), std::move(listed)};
}
}  // namespace detail

inline std::string ja4s_text(const view<tls_server_hello>& hello, ja4_transport transport = ja4_transport::tcp) {
    const auto [a, extensions] = detail::ja4s_split(hello, transport);
    return detail::underscored({a, extensions});
}
inline std::string ja4s(const view<tls_server_hello>& hello, ja4_transport transport = ja4_transport::tcp) {
    const auto [a, extensions] = detail::ja4s_split(hello, transport);
    return detail::underscored({a, detail::truncated_sha256(extensions)});
}

// The hashed forms from raw texts read elsewhere (logs, published examples). JA3 and JA3S: MD5.
// JA4 "a_ciphers_extensions[_algorithms]": the ciphers hashed, and the rest after them.
// JA4S "a_cipher_extensions": the extensions hashed. A text without its underscores gives "".
inline std::string ja3_from_text(std::string_view text) { return detail::md5_hex(text); }
inline std::string ja4_from_text(std::string_view text) {
    const auto first = text.find('_');
    const auto second = first == std::string_view::npos ? first : text.find('_', first + 1);
    if (second == std::string_view::npos) return {};
    return detail::underscored({text.substr(0, first), detail::truncated_sha256(text.substr(first + 1, second - first - 1)),
                                detail::truncated_sha256(text.substr(second + 1))});
}
inline std::string ja4s_from_text(std::string_view text) {
    const auto first = text.find('_');
    const auto second = first == std::string_view::npos ? first : text.find('_', first + 1);
    if (second == std::string_view::npos) return {};
    return detail::underscored({text.substr(0, second), detail::truncated_sha256(text.substr(second + 1))});
}

}  // namespace wirecraft
