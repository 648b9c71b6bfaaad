// TLS record layer (RFC 8446 section 5, RFC 5246 section 6.2) and the handshake message header
// (RFC 8446 section 4), alerts and ChangeCipherSpec. The hello messages and their extensions are
// in tls_hello.hpp.
//
//   record:    | content type (8) | legacy version (16) | length (16) | fragment (length bytes) |
//   handshake: | msg type (8) | length (24) | body (length bytes) |
//
// A record's length is bounded by what it protects: 2^14 bytes of plaintext, 2^14 + 2048 of
// TLS 1.2 ciphertext, 2^14 + 256 of TLS 1.3 ciphertext. Parse accepts up to the largest and
// check_record_length() applies the bound the caller knows applies.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "../schema.hpp"

namespace wirecraft {

enum class tls_content_type : std::uint8_t {
    change_cipher_spec = 20, alert = 21, handshake = 22, application_data = 23, heartbeat = 24,
};
constexpr std::string_view enum_name(tls_content_type t) {
    switch (t) {
        case tls_content_type::change_cipher_spec: return "change_cipher_spec";
        case tls_content_type::alert: return "alert";
        case tls_content_type::handshake: return "handshake";
        case tls_content_type::application_data: return "application_data";
        case tls_content_type::heartbeat: return "heartbeat";
    }
    return {};
}

// Protocol versions as they appear on the wire (legacy_version, supported_versions).
namespace tls_version {
inline constexpr std::uint16_t ssl_2_0 = 0x0002;  // in SSL 2.0 hellos only (recognise_sslv2_client_hello)
inline constexpr std::uint16_t ssl_3_0 = 0x0300;
inline constexpr std::uint16_t tls_1_0 = 0x0301;
inline constexpr std::uint16_t tls_1_1 = 0x0302;
inline constexpr std::uint16_t tls_1_2 = 0x0303;
inline constexpr std::uint16_t tls_1_3 = 0x0304;
}  // namespace tls_version

// GREASE (RFC 8701): the reserved values 0x0a0a, 0x1a1a, ... 0xfafa that clients sprinkle among
// versions, cipher suites, groups, signature algorithms and extensions so that servers learn to
// ignore what they do not know.
constexpr bool is_grease(std::uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }

constexpr std::string_view tls_version_name(std::uint16_t v) {
    switch (v) {
        case tls_version::ssl_2_0: return "SSL 2.0";
        case tls_version::ssl_3_0: return "SSL 3.0";
        case tls_version::tls_1_0: return "TLS 1.0";
        case tls_version::tls_1_1: return "TLS 1.1";
        case tls_version::tls_1_2: return "TLS 1.2";
        case tls_version::tls_1_3: return "TLS 1.3";
        default: break;
    }
    if (is_grease(v)) return "GREASE";
    if ((v >> 8) == 0x7f) return "TLS 1.3 draft";  // 0x7fNN: draft NN
    return "unknown";
}

// ---- cipher suites ---------------------------------------------------------------------------

// The IANA "TLS Cipher Suites" registry's names, and the key exchange a suite uses, which
// decides the form of ServerKeyExchange and ClientKeyExchange. The key exchange is read from
// the registry name itself (TLS_ECDHE_..., TLS_RSA_...), so the table is one column of data.
inline constexpr std::pair<std::uint16_t, std::string_view> tls_cipher_suite_names[] = {
    {0x0000, "TLS_NULL_WITH_NULL_NULL"},
    {0x0001, "TLS_RSA_WITH_NULL_MD5"},
    {0x0002, "TLS_RSA_WITH_NULL_SHA"},
    {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5"},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5"},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA"},
    {0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5"},
    {0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA"},
    {0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA"},
    {0x0009, "TLS_RSA_WITH_DES_CBC_SHA"},
    {0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x000d, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA"},
    {0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA"},
    {0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA"},
    {0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA"},
    {0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA"},
    {0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA"},
    {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x0018, "TLS_DH_anon_WITH_RC4_128_MD5"},
    {0x001b, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA"},
    {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA"},
    {0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA"},
    {0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA"},
    {0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
    {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
    {0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA"},
    {0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA"},
    {0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
    {0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA"},
    {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256"},
    {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
    {0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"},
    {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA"},
    {0x0042, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA"},
    {0x0043, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA"},
    {0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA"},
    {0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA"},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0x006a, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"},
    {0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
    {0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA"},
    {0x0085, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA"},
    {0x0086, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA"},
    {0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA"},
    {0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA"},
    {0x008c, "TLS_PSK_WITH_AES_128_CBC_SHA"},
    {0x008d, "TLS_PSK_WITH_AES_256_CBC_SHA"},
    {0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA"},
    {0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA"},
    {0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA"},
    {0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA"},
    {0x0096, "TLS_RSA_WITH_SEED_CBC_SHA"},
    {0x0097, "TLS_DH_DSS_WITH_SEED_CBC_SHA"},
    {0x0098, "TLS_DH_RSA_WITH_SEED_CBC_SHA"},
    {0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA"},
    {0x009a, "TLS_DHE_RSA_WITH_SEED_CBC_SHA"},
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0x00a2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"},
    {0x00a3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"},
    {0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256"},
    {0x00a9, "TLS_PSK_WITH_AES_256_GCM_SHA384"},
    {0x00aa, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256"},
    {0x00ab, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384"},
    {0x00ac, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256"},
    {0x00ad, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384"},
    {0x00ae, "TLS_PSK_WITH_AES_128_CBC_SHA256"},
    {0x00af, "TLS_PSK_WITH_AES_256_CBC_SHA384"},
    {0x00b2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256"},
    {0x00b3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384"},
    {0x00b6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256"},
    {0x00b7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384"},
    {0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
    {0x1301, "TLS_AES_128_GCM_SHA256"},
    {0x1302, "TLS_AES_256_GCM_SHA384"},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256"},
    {0x1304, "TLS_AES_128_CCM_SHA256"},
    {0x1305, "TLS_AES_128_CCM_8_SHA256"},
    {0x5600, "TLS_FALLBACK_SCSV"},
    {0xc002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA"},
    {0xc003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA"},
    {0xc004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA"},
    {0xc005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA"},
    {0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"},
    {0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA"},
    {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
    {0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
    {0xc00c, "TLS_ECDH_RSA_WITH_RC4_128_SHA"},
    {0xc00d, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0xc00e, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA"},
    {0xc00f, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA"},
    {0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"},
    {0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
    {0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
    {0xc01b, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0xc01c, "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA"},
    {0xc01e, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA"},
    {0xc01f, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA"},
    {0xc021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA"},
    {0xc022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA"},
    {0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
    {0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
    {0xc025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256"},
    {0xc026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384"},
    {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
    {0xc029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256"},
    {0xc02a, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384"},
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {0xc02d, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256"},
    {0xc02e, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384"},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0xc031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256"},
    {0xc032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384"},
    {0xc035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA"},
    {0xc036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA"},
    {0xc037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256"},
    {0xc038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384"},
    {0xc09c, "TLS_RSA_WITH_AES_128_CCM"},
    {0xc09d, "TLS_RSA_WITH_AES_256_CCM"},
    {0xc09e, "TLS_DHE_RSA_WITH_AES_128_CCM"},
    {0xc09f, "TLS_DHE_RSA_WITH_AES_256_CCM"},
    {0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"},
    {0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xccab, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256"},
    {0xccac, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256"},
    {0xccad, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256"},
    {0xccae, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256"},
};

namespace detail {
// The table is in the registry's order, which is by suite, each once: a lookup halves it.
constexpr bool tls_cipher_suites_in_order() {
    for (std::size_t i = 1; i < std::size(tls_cipher_suite_names); ++i)
        if (tls_cipher_suite_names[i - 1].first >= tls_cipher_suite_names[i].first) return false;
    return true;
}
static_assert(tls_cipher_suites_in_order(), "tls_cipher_suite_names must be sorted by suite, each suite once");
// The suite's row in the table, or the table's size.
constexpr std::size_t tls_cipher_suite_row(std::uint16_t suite) {
    const auto* const first = std::begin(tls_cipher_suite_names);
    const auto* const last = std::end(tls_cipher_suite_names);
    const auto* const at = std::lower_bound(first, last, suite, [](const auto& row, std::uint16_t s) { return row.first < s; });
    return at != last && at->first == suite ? static_cast<std::size_t>(at - first) : std::size(tls_cipher_suite_names);
}
}  // namespace detail

// "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"; empty for a suite not in the table.
constexpr std::string_view tls_cipher_suite_name(std::uint16_t suite) {
    const std::size_t row = detail::tls_cipher_suite_row(suite);
    return row < std::size(tls_cipher_suite_names) ? tls_cipher_suite_names[row].second : std::string_view{};
}

// How a TLS 1.2 (or earlier) suite agrees on keys. ecdh and dh are the fixed (certificate)
// forms; tls13 suites name no key exchange (key_share does); scsv are signalling values.
enum class tls_key_exchange : std::uint8_t { unknown, rsa, dh, dhe, ecdh, ecdhe, psk, dhe_psk, ecdhe_psk, rsa_psk, dh_anon, srp, tls13, scsv };
constexpr std::string_view enum_name(tls_key_exchange k) {
    constexpr std::string_view names[] = {"unknown", "rsa", "dh", "dhe", "ecdh", "ecdhe", "psk", "dhe_psk", "ecdhe_psk",
                                          "rsa_psk", "dh_anon", "srp", "tls13", "scsv"};
    const auto i = static_cast<std::size_t>(k);
    return i < std::size(names) ? names[i] : std::string_view{};
}

namespace detail {
// The key exchange a registry name says.
constexpr tls_key_exchange tls_key_exchange_named(std::string_view name) {
    using k = tls_key_exchange;
    if (name.empty() || name == "TLS_NULL_WITH_NULL_NULL") return k::unknown;
    if (name.ends_with("_SCSV")) return k::scsv;
    // Longest prefixes first: TLS_ECDHE_PSK_ before TLS_ECDHE_, TLS_DH_anon_ before TLS_DH_.
    constexpr std::pair<std::string_view, tls_key_exchange> prefixes[] = {
        {"TLS_ECDHE_PSK_", k::ecdhe_psk}, {"TLS_ECDHE_", k::ecdhe}, {"TLS_ECDH_anon_", k::unknown}, {"TLS_ECDH_", k::ecdh}, {"TLS_DHE_PSK_", k::dhe_psk},
        {"TLS_DHE_", k::dhe},             {"TLS_DH_anon_", k::dh_anon}, {"TLS_DH_", k::dh},  {"TLS_RSA_PSK_", k::rsa_psk},
        {"TLS_RSA_", k::rsa},             {"TLS_PSK_", k::psk},         {"TLS_SRP_", k::srp},
    };
    // TLS 1.3's suites name no key exchange, and so no "_WITH_": TLS_AES_128_GCM_SHA256.
    if (name.find("_WITH_") == std::string_view::npos) return k::tls13;
    for (const auto& [prefix, kind] : prefixes)
        if (name.starts_with(prefix)) return kind;
    return k::unknown;  // a key exchange the table has no prefix for (KRB5, GOST, ...)
}
// The key exchange of each row of the table, read from its name at compile time: a parse of
// ServerKeyExchange asks for each message, and reading the names at run time (a linear search,
// then prefix tests) had cost two thirds of the ECDHE message's parse.
inline constexpr auto tls_key_exchanges = [] {
    std::array<tls_key_exchange, std::size(tls_cipher_suite_names)> table{};
    for (std::size_t i = 0; i < table.size(); ++i) table[i] = tls_key_exchange_named(tls_cipher_suite_names[i].second);
    return table;
}();
}  // namespace detail

constexpr tls_key_exchange tls_key_exchange_of(std::uint16_t suite) {
    const std::size_t row = detail::tls_cipher_suite_row(suite);
    return row < detail::tls_key_exchanges.size() ? detail::tls_key_exchanges[row] : tls_key_exchange::unknown;
}

// ---- the record layer --------------------------------------------------------------------

inline constexpr std::size_t tls_record_header_size = 5;
inline constexpr std::uint16_t tls_max_plaintext = 1u << 14;                    // TLSPlaintext.length
inline constexpr std::uint16_t tls_max_ciphertext_1_2 = tls_max_plaintext + 2048;  // RFC 5246 6.2.3
inline constexpr std::uint16_t tls_max_ciphertext_1_3 = tls_max_plaintext + 256;   // RFC 8446 5.2

struct tls_record {
    std::optional<tls_content_type> content_type{};  // names what the fragment holds; filled by a stack
    std::uint16_t legacy_version = tls_version::tls_1_2;
    std::optional<std::uint16_t> length{};           // computed: the fragment's size

    static consteval auto schema() {
        return wirecraft::schema<"tls_record">(
                   field<"content_type", &tls_record::content_type>().selects_next_layer(),
                   field<"legacy_version", &tls_record::legacy_version>(),
                   field<"length", &tls_record::length>().computed(payload_size).in_range(0, tls_max_ciphertext_1_2))
            .total_size(ref<"length"> + 5);
    }
};

// What a record carries, which decides its largest length.
enum class tls_record_protection : std::uint8_t { plaintext, tls_1_2_ciphertext, tls_1_3_ciphertext };

constexpr std::uint16_t tls_max_record_length(tls_record_protection p) {
    switch (p) {
        case tls_record_protection::plaintext: return tls_max_plaintext;
        case tls_record_protection::tls_1_2_ciphertext: return tls_max_ciphertext_1_2;
        case tls_record_protection::tls_1_3_ciphertext: return tls_max_ciphertext_1_3;
    }
    return tls_max_plaintext;
}

// The bound that applies to a record whose protection the caller knows (parse applies only
// the widest): "tls_record.length: 16385 out of range, at most 16384 (byte offset 3)".
constexpr std::optional<error> check_record_length(const view<tls_record>& record, tls_record_protection p) {
    const std::uint16_t length = record.get<"length">();
    const std::uint16_t limit = tls_max_record_length(p);
    if (length <= limit) return std::nullopt;
    return error{error_kind::out_of_range, "tls_record", "length", 3, length, limit,
                 p == tls_record_protection::plaintext ? "plaintext is at most 2^14 bytes"
                 : p == tls_record_protection::tls_1_3_ciphertext ? "TLS 1.3 ciphertext is at most 2^14 + 256 bytes"
                                                                  : "TLS 1.2 ciphertext is at most 2^14 + 2048 bytes"};
}

// ---- the handshake layer -----------------------------------------------------------------

enum class tls_handshake_type : std::uint8_t {
    hello_request = 0, client_hello = 1, server_hello = 2, hello_verify_request = 3, new_session_ticket = 4,
    end_of_early_data = 5, hello_retry_request = 6, encrypted_extensions = 8, certificate = 11,
    server_key_exchange = 12, certificate_request = 13, server_hello_done = 14, certificate_verify = 15,
    client_key_exchange = 16, finished = 20, certificate_url = 21, certificate_status = 22, key_update = 24,
    compressed_certificate = 25, message_hash = 254,
};
inline constexpr std::pair<tls_handshake_type, std::string_view> tls_handshake_type_names[] = {
    {tls_handshake_type::hello_request, "hello_request"},
    {tls_handshake_type::client_hello, "client_hello"},
    {tls_handshake_type::server_hello, "server_hello"},
    {tls_handshake_type::hello_verify_request, "hello_verify_request"},
    {tls_handshake_type::new_session_ticket, "new_session_ticket"},
    {tls_handshake_type::end_of_early_data, "end_of_early_data"},
    {tls_handshake_type::hello_retry_request, "hello_retry_request"},
    {tls_handshake_type::encrypted_extensions, "encrypted_extensions"},
    {tls_handshake_type::certificate, "certificate"},
    {tls_handshake_type::server_key_exchange, "server_key_exchange"},
    {tls_handshake_type::certificate_request, "certificate_request"},
    {tls_handshake_type::server_hello_done, "server_hello_done"},
    {tls_handshake_type::certificate_verify, "certificate_verify"},
    {tls_handshake_type::client_key_exchange, "client_key_exchange"},
    {tls_handshake_type::finished, "finished"},
    {tls_handshake_type::certificate_url, "certificate_url"},
    {tls_handshake_type::certificate_status, "certificate_status"},
    {tls_handshake_type::key_update, "key_update"},
    {tls_handshake_type::compressed_certificate, "compressed_certificate"},
    {tls_handshake_type::message_hash, "message_hash"},
};
constexpr std::string_view enum_name(tls_handshake_type t) {
    return name_in(tls_handshake_type_names, t);
}

inline constexpr std::size_t tls_handshake_header_size = 4;

struct tls_handshake {
    std::optional<tls_handshake_type> msg_type{};  // names the body; filled by a stack
    std::optional<std::uint32_t> length{};         // computed: the body's size (24 bits)

    static consteval auto schema() {
        return wirecraft::schema<"tls_handshake">(field<"msg_type", &tls_handshake::msg_type>().selects_next_layer(),
                                                  field<"length", &tls_handshake::length>(be24).computed(payload_size))
            .total_size(ref<"length"> + 4);
    }
};

// ---- alerts and ChangeCipherSpec -----------------------------------------------------------

enum class tls_alert_level : std::uint8_t { warning = 1, fatal = 2 };
constexpr std::string_view enum_name(tls_alert_level l) {
    switch (l) {
        case tls_alert_level::warning: return "warning";
        case tls_alert_level::fatal: return "fatal";
    }
    return {};
}

enum class tls_alert_description : std::uint8_t {
    close_notify = 0, unexpected_message = 10, bad_record_mac = 20, decryption_failed = 21, record_overflow = 22,
    decompression_failure = 30, handshake_failure = 40, no_certificate = 41, bad_certificate = 42,
    unsupported_certificate = 43, certificate_revoked = 44, certificate_expired = 45, certificate_unknown = 46,
    illegal_parameter = 47, unknown_ca = 48, access_denied = 49, decode_error = 50, decrypt_error = 51,
    export_restriction = 60, protocol_version = 70, insufficient_security = 71, internal_error = 80,
    inappropriate_fallback = 86, user_canceled = 90, no_renegotiation = 100, missing_extension = 109,
    unsupported_extension = 110, certificate_unobtainable = 111, unrecognized_name = 112,
    bad_certificate_status_response = 113, bad_certificate_hash_value = 114, unknown_psk_identity = 115,
    certificate_required = 116, no_application_protocol = 120,
};
inline constexpr std::pair<tls_alert_description, std::string_view> tls_alert_description_names[] = {
#define WIRECRAFT_TLS_ALERT(name) {tls_alert_description::name, #name}
    WIRECRAFT_TLS_ALERT(close_notify), WIRECRAFT_TLS_ALERT(unexpected_message), WIRECRAFT_TLS_ALERT(bad_record_mac),
    WIRECRAFT_TLS_ALERT(decryption_failed), WIRECRAFT_TLS_ALERT(record_overflow), WIRECRAFT_TLS_ALERT(decompression_failure),
    WIRECRAFT_TLS_ALERT(handshake_failure), WIRECRAFT_TLS_ALERT(no_certificate), WIRECRAFT_TLS_ALERT(bad_certificate),
    WIRECRAFT_TLS_ALERT(unsupported_certificate), WIRECRAFT_TLS_ALERT(certificate_revoked),
    WIRECRAFT_TLS_ALERT(certificate_expired), WIRECRAFT_TLS_ALERT(certificate_unknown), WIRECRAFT_TLS_ALERT(illegal_parameter),
    WIRECRAFT_TLS_ALERT(unknown_ca), WIRECRAFT_TLS_ALERT(access_denied), WIRECRAFT_TLS_ALERT(decode_error),
    WIRECRAFT_TLS_ALERT(decrypt_error), WIRECRAFT_TLS_ALERT(export_restriction), WIRECRAFT_TLS_ALERT(protocol_version),
    WIRECRAFT_TLS_ALERT(insufficient_security), WIRECRAFT_TLS_ALERT(internal_error),
    WIRECRAFT_TLS_ALERT(inappropriate_fallback), WIRECRAFT_TLS_ALERT(user_canceled), WIRECRAFT_TLS_ALERT(no_renegotiation),
    WIRECRAFT_TLS_ALERT(missing_extension), WIRECRAFT_TLS_ALERT(unsupported_extension),
    WIRECRAFT_TLS_ALERT(certificate_unobtainable), WIRECRAFT_TLS_ALERT(unrecognized_name),
    WIRECRAFT_TLS_ALERT(bad_certificate_status_response), WIRECRAFT_TLS_ALERT(bad_certificate_hash_value),
    WIRECRAFT_TLS_ALERT(unknown_psk_identity), WIRECRAFT_TLS_ALERT(certificate_required),
    WIRECRAFT_TLS_ALERT(no_application_protocol),
#undef WIRECRAFT_TLS_ALERT
};
constexpr std::string_view enum_name(tls_alert_description d) {
    return name_in(tls_alert_description_names, d);
}

// A plaintext alert: two bytes. (An encrypted one is opaque application data in TLS 1.3 and an
// opaque alert record in TLS 1.2; its fragment is then not 2 bytes, and parse says so.)
struct tls_alert {
    tls_alert_level level = tls_alert_level::fatal;
    tls_alert_description description = tls_alert_description::handshake_failure;

    static consteval auto schema() {
        return wirecraft::schema<"tls_alert">(field<"level", &tls_alert::level>(),
                                              field<"description", &tls_alert::description>());
    }
};

// ChangeCipherSpec: one byte, 1 (RFC 5246 7.1; in TLS 1.3 only for middlebox compatibility).
struct tls_change_cipher_spec {
    std::uint8_t type = 1;

    static consteval auto schema() {
        return wirecraft::schema<"tls_change_cipher_spec">(field<"type", &tls_change_cipher_spec::type>().must_be(1));
    }
};

}  // namespace wirecraft
