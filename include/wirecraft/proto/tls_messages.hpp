// TLS handshake messages other than the hellos: Certificate, CertificateRequest, the key
// exchanges, ServerHelloDone, CertificateVerify, Finished, NewSessionTicket, EncryptedExtensions,
// KeyUpdate, EndOfEarlyData and CertificateStatus (RFC 5246 7.4, RFC 8446 4.3-4.6, RFC 5077,
// RFC 6066 8, RFC 4492/8422 5.4 and 5.7). Each is the body of a tls_handshake.
//
// Several messages changed shape with the version (Certificate, CertificateRequest and
// NewSessionTicket in TLS 1.3; the signature's algorithm field in TLS 1.2), and the key exchange
// messages depend on the cipher suite. The bytes cannot tell which form they hold, so each form
// is a schema of its own, and parse_tls_message() picks one from what the ServerHello settled
// (tls_session_facts). Certificates, public keys and signatures are views over the input.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <utility>
#include <vector>

#include "../schema.hpp"
#include "tls.hpp"
#include "tls_hello.hpp"

namespace wirecraft {

// ---- Certificate ---------------------------------------------------------------------------

// Up to TLS 1.2 (RFC 5246 7.4.2): the chain, sender's certificate first, each DER bytes.
struct tls_certificate {
    std::vector<std::vector<std::byte>> certificates{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_certificate">(field<"certificates", &tls_certificate::certificates>(
            prefixed_list(3, prefixed_bytes(3).length_within(1, 0xffffff))));
    }
};

// TLS 1.3 (RFC 8446 4.4.2): a request context (empty but in answer to a post-handshake
// CertificateRequest) and, per certificate, extensions (an OCSP response, SCTs).
struct tls13_certificate_entry {
    std::vector<std::byte> cert_data{};
    std::vector<tls_extension> extensions{};
    static consteval auto schema() {
        return wirecraft::schema<"tls13_certificate_entry">(
            field<"cert_data", &tls13_certificate_entry::cert_data>(prefixed_bytes(3).length_within(1, 0xffffff)),
            field<"extensions", &tls13_certificate_entry::extensions>(detail::tls_extension_list));
    }
};
struct tls13_certificate {
    std::vector<std::byte> certificate_request_context{};
    std::vector<tls13_certificate_entry> certificates{};
    static consteval auto schema() {
        return wirecraft::schema<"tls13_certificate">(
            field<"certificate_request_context", &tls13_certificate::certificate_request_context>(prefixed_bytes(1)),
            field<"certificates", &tls13_certificate::certificates>(prefixed_list(3, nested<tls13_certificate_entry>)));
    }
};

// ---- CertificateRequest --------------------------------------------------------------------

// TLS 1.2 (RFC 5246 7.4.4): certificate types, signature algorithms, acceptable CAs (DER names).
struct tls_certificate_request {
    std::vector<std::uint8_t> certificate_types{};
    std::vector<std::uint16_t> signature_algorithms{};
    std::vector<std::vector<std::byte>> certificate_authorities{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_certificate_request">(
            field<"certificate_types", &tls_certificate_request::certificate_types>(
                prefixed_list(1, u8_element<std::uint8_t>).length_within(1, 0xff)),
            field<"signature_algorithms", &tls_certificate_request::signature_algorithms>(
                prefixed_list(2, be16_element<std::uint16_t>).length_within(2, 0xfffe)),
            field<"certificate_authorities", &tls_certificate_request::certificate_authorities>(
                prefixed_list(2, prefixed_bytes(2).length_within(1, 0xffff))));
    }
};
// TLS 1.0 and 1.1 (RFC 4346 7.4.4): the same without signature algorithms.
struct tls_certificate_request_1_0 {
    std::vector<std::uint8_t> certificate_types{};
    std::vector<std::vector<std::byte>> certificate_authorities{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_certificate_request_1_0">(
            field<"certificate_types", &tls_certificate_request_1_0::certificate_types>(
                prefixed_list(1, u8_element<std::uint8_t>).length_within(1, 0xff)),
            field<"certificate_authorities", &tls_certificate_request_1_0::certificate_authorities>(
                prefixed_list(2, prefixed_bytes(2).length_within(1, 0xffff))));
    }
};
// TLS 1.3 (RFC 8446 4.3.2): a context and extensions (signature_algorithms is required).
struct tls13_certificate_request {
    std::vector<std::byte> certificate_request_context{};
    std::vector<tls_extension> extensions{};
    static consteval auto schema() {
        return wirecraft::schema<"tls13_certificate_request">(
            field<"certificate_request_context", &tls13_certificate_request::certificate_request_context>(prefixed_bytes(1)),
            field<"extensions", &tls13_certificate_request::extensions>(detail::tls_extension_list.length_within(2, 0xffff)));
    }
};

// ---- the key exchange (TLS 1.2 and before) --------------------------------------------------

// A signature over the key exchange (and CertificateVerify's): TLS 1.2 names the algorithm
// (RFC 5246 4.7, RFC 8446 4.4.3); TLS 1.0 and 1.1 do not.
struct tls_signature {
    std::uint16_t algorithm = 0;
    std::vector<std::byte> signature{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_signature">(field<"algorithm", &tls_signature::algorithm>(),
                                                  field<"signature", &tls_signature::signature>(prefixed_bytes(2)));
    }
};
struct tls_signature_1_0 {
    std::vector<std::byte> signature{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_signature_1_0">(field<"signature", &tls_signature_1_0::signature>(prefixed_bytes(2)));
    }
};

// ECDHE parameters (RFC 8422 5.4): a named curve (the only curve type RFC 8422 keeps) and the
// server's point.
inline constexpr std::uint8_t tls_named_curve = 3;
struct tls_ecdh_parameters {
    std::uint8_t curve_type = tls_named_curve;
    std::uint16_t named_curve = 0;
    std::vector<std::byte> public_key{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_ecdh_parameters">(
            field<"curve_type", &tls_ecdh_parameters::curve_type>().must_be(tls_named_curve),
            field<"named_curve", &tls_ecdh_parameters::named_curve>(),
            field<"public_key", &tls_ecdh_parameters::public_key>(prefixed_bytes(1).length_within(1, 0xff)));
    }
};
// Finite-field DHE parameters (RFC 5246 7.4.3): prime, generator, the server's public value.
struct tls_dh_parameters {
    std::vector<std::byte> p{}, g{}, public_key{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_dh_parameters">(field<"p", &tls_dh_parameters::p>(prefixed_bytes(2).length_within(1, 0xffff)),
                                                      field<"g", &tls_dh_parameters::g>(prefixed_bytes(2).length_within(1, 0xffff)),
                                                      field<"public_key", &tls_dh_parameters::public_key>(prefixed_bytes(2).length_within(1, 0xffff)));
    }
};

// ServerKeyExchange: the parameters, then their signature (none for anonymous suites).
template <class Parameters, class Signature>
struct tls_server_key_exchange {
    Parameters parameters{};
    Signature signature{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_server_key_exchange">(
            field<"parameters", &tls_server_key_exchange::parameters>(nested<Parameters>),
            field<"signature", &tls_server_key_exchange::signature>(nested<Signature>));
    }
};
using tls_server_key_exchange_ecdhe = tls_server_key_exchange<tls_ecdh_parameters, tls_signature>;
using tls_server_key_exchange_ecdhe_1_0 = tls_server_key_exchange<tls_ecdh_parameters, tls_signature_1_0>;
using tls_server_key_exchange_dhe = tls_server_key_exchange<tls_dh_parameters, tls_signature>;
using tls_server_key_exchange_dhe_1_0 = tls_server_key_exchange<tls_dh_parameters, tls_signature_1_0>;

// ClientKeyExchange (RFC 5246 7.4.7, RFC 8422 5.7): the client's ECDH point, its DH public value,
// or the RSA-encrypted premaster secret; the last two are both opaque<..2^16-1>.
struct tls_client_key_exchange_ecdh {
    std::vector<std::byte> public_key{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_client_key_exchange_ecdh">(
            field<"public_key", &tls_client_key_exchange_ecdh::public_key>(prefixed_bytes(1).length_within(1, 0xff)));
    }
};
struct tls_client_key_exchange_dh {
    std::vector<std::byte> public_key{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_client_key_exchange_dh">(
            field<"public_key", &tls_client_key_exchange_dh::public_key>(prefixed_bytes(2).length_within(1, 0xffff)));
    }
};
struct tls_client_key_exchange_rsa {
    std::vector<std::byte> encrypted_premaster_secret{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_client_key_exchange_rsa">(
            field<"encrypted_premaster_secret", &tls_client_key_exchange_rsa::encrypted_premaster_secret>(prefixed_bytes(2)));
    }
};

// ---- the end of the handshake ---------------------------------------------------------------

// ServerHelloDone and EndOfEarlyData have empty bodies.
struct tls_server_hello_done {
    static consteval auto schema() { return wirecraft::schema<"tls_server_hello_done">(); }
};
struct tls_end_of_early_data {
    static consteval auto schema() { return wirecraft::schema<"tls_end_of_early_data">(); }
};

// CertificateVerify (RFC 8446 4.4.3; RFC 5246 7.4.8) has tls_signature's shape.
using tls_certificate_verify = tls_signature;
using tls_certificate_verify_1_0 = tls_signature_1_0;

// Finished (RFC 8446 4.4.4, RFC 5246 7.4.9): verify_data fills the body, 12 bytes up to TLS 1.2
// and the hash's size in TLS 1.3.
struct tls_finished {
    std::vector<std::byte> verify_data{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_finished">(field<"verify_data", &tls_finished::verify_data>(rest));
    }
};

// NewSessionTicket: RFC 5077 3.3 (TLS 1.2) and RFC 8446 4.6.1 (TLS 1.3).
struct tls_new_session_ticket {
    std::uint32_t lifetime_hint = 0;  // seconds; 0: unspecified
    std::vector<std::byte> ticket{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_new_session_ticket">(field<"lifetime_hint", &tls_new_session_ticket::lifetime_hint>(),
                                                           field<"ticket", &tls_new_session_ticket::ticket>(prefixed_bytes(2)));
    }
};
struct tls13_new_session_ticket {
    std::uint32_t lifetime = 0;  // seconds, at most 7 days
    std::uint32_t age_add = 0;
    std::vector<std::byte> nonce{};
    std::vector<std::byte> ticket{};
    std::vector<tls_extension> extensions{};
    static consteval auto schema() {
        return wirecraft::schema<"tls13_new_session_ticket">(
            field<"lifetime", &tls13_new_session_ticket::lifetime>().in_range(0, 604800),
            field<"age_add", &tls13_new_session_ticket::age_add>(),
            field<"nonce", &tls13_new_session_ticket::nonce>(prefixed_bytes(1)),
            field<"ticket", &tls13_new_session_ticket::ticket>(prefixed_bytes(2).length_within(1, 0xffff)),
            field<"extensions", &tls13_new_session_ticket::extensions>(detail::tls_extension_list.length_within(0, 0xfffe)));
    }
};

// EncryptedExtensions (RFC 8446 4.3.1).
struct tls_encrypted_extensions {
    std::vector<tls_extension> extensions{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_encrypted_extensions">(
            field<"extensions", &tls_encrypted_extensions::extensions>(detail::tls_extension_list));
    }
};

// KeyUpdate (RFC 8446 4.6.3).
enum class tls_key_update_request : std::uint8_t { update_not_requested = 0, update_requested = 1 };
inline constexpr std::pair<tls_key_update_request, std::string_view> tls_key_update_request_names[] = {
    {tls_key_update_request::update_not_requested, "update_not_requested"},
    {tls_key_update_request::update_requested, "update_requested"},
};
constexpr std::string_view enum_name(tls_key_update_request r) { return name_in(tls_key_update_request_names, r); }
struct tls_key_update {
    tls_key_update_request request_update = tls_key_update_request::update_not_requested;
    static consteval auto schema() {
        return wirecraft::schema<"tls_key_update">(field<"request_update", &tls_key_update::request_update>().in_range(0, 1));
    }
};

// CertificateStatus (RFC 6066 8): a stapled OCSP response (status_type 1), DER bytes.
struct tls_certificate_status {
    std::uint8_t status_type = 1;
    std::vector<std::byte> response{};
    static consteval auto schema() {
        return wirecraft::schema<"tls_certificate_status">(
            field<"status_type", &tls_certificate_status::status_type>().must_be(1),
            field<"response", &tls_certificate_status::response>(prefixed_bytes(3).length_within(1, 0xffffff)));
    }
};

// ---- one message, whichever it is -------------------------------------------------------------

// What the hellos settled, which decides the form of the later messages: the version and the
// cipher suite the ServerHello chose (version 0: not known yet).
struct tls_session_facts {
    std::uint16_t version = 0;
    std::uint16_t cipher_suite = 0;
};

// A message whose form is not known (an unknown type, a key exchange for a suite we cannot
// classify, a message from before the ServerHello that needs it): its type and body.
struct tls_opaque_message {
    tls_handshake_type type{};
    std::span<const std::byte> body{};
};

using tls_message = std::variant<
    tls_opaque_message, view<tls_client_hello>, view<tls_server_hello>, view<tls_certificate>, view<tls13_certificate>,
    view<tls_certificate_request>, view<tls_certificate_request_1_0>, view<tls13_certificate_request>,
    view<tls_server_key_exchange_ecdhe>, view<tls_server_key_exchange_ecdhe_1_0>, view<tls_server_key_exchange_dhe>,
    view<tls_server_key_exchange_dhe_1_0>, view<tls_dh_parameters>, view<tls_client_key_exchange_ecdh>, view<tls_client_key_exchange_dh>,
    view<tls_client_key_exchange_rsa>, view<tls_server_hello_done>, view<tls_end_of_early_data>, view<tls_signature>,
    view<tls_signature_1_0>, view<tls_finished>, view<tls_new_session_ticket>, view<tls13_new_session_ticket>,
    view<tls_encrypted_extensions>, view<tls_key_update>, view<tls_certificate_status>>;

namespace detail {
// The view is parsed where it is returned: copied out of parse's result into the variant, it
// was read back right after being written and waited for the stores (a failed store-to-load
// forward: the ECDHE ServerKeyExchange went from 63 to 80 ns when parse stopped being inlined).
template <protocol P>
constexpr result<tls_message> tls_message_as(std::span<const std::byte> body) {
    result<tls_message> out{std::in_place, std::in_place_type<view<P>>, unset_view_t{}};
    if (error err; !parse_exact_into(std::get<view<P>>(*out), body, {}, err)) out = err;
    return out;
}
}  // namespace detail

// What the version decides about the messages' forms. DTLS versions (0xfeXX) and unknown ones
// settle nothing: their messages come back opaque.
enum class tls_message_forms : std::uint8_t { unknown, before_1_2, tls_1_2, tls_1_3 };
constexpr tls_message_forms tls_message_forms_of(std::uint16_t version) {
    if (version == tls_version::tls_1_3 || (version >> 8) == 0x7f) return tls_message_forms::tls_1_3;  // drafts: 0x7fNN
    if (version == tls_version::tls_1_2) return tls_message_forms::tls_1_2;
    if (version >= tls_version::ssl_3_0 && version < tls_version::tls_1_2) return tls_message_forms::before_1_2;
    return tls_message_forms::unknown;
}

namespace detail {
// Finished's verify_data: 36 bytes in SSL 3.0, 12 in TLS 1.0-1.2 (RFC 5246 7.4.9: every suite
// defined keeps the default), the handshake hash's size in TLS 1.3 (RFC 8446 4.4.4); 0 when the
// version is not known.
constexpr std::size_t tls_verify_data_size(const tls_session_facts& facts) {
    if (facts.version == tls_version::ssl_3_0) return 36;
    switch (tls_message_forms_of(facts.version)) {
        case tls_message_forms::before_1_2:
        case tls_message_forms::tls_1_2: return 12;
        case tls_message_forms::tls_1_3: return tls_cipher_suite_name(facts.cipher_suite).ends_with("SHA384") ? 48 : 32;
        default: return 0;
    }
}
}  // namespace detail

// A handshake message's body in the form its type and the session's facts give. Messages that
// depend on a fact not yet known (the version, the suite), messages of another version than the
// facts', and unknown types come back as tls_opaque_message; errors count from the body's
// first byte.
constexpr result<tls_message> parse_tls_message(tls_handshake_type type, std::span<const std::byte> body,
                                                const tls_session_facts& facts = {}) {
    using t = tls_handshake_type;
    using f = tls_message_forms;
    const f forms = tls_message_forms_of(facts.version);
    const bool signs_algorithm = forms == f::tls_1_2 || forms == f::tls_1_3;  // RFC 5246 4.7 and on
    const tls_opaque_message opaque{type, body};
    switch (type) {
        case t::client_hello: {
            auto hello = parse_tls_hello<tls_client_hello>(body);
            if (!hello) return hello.error();
            return tls_message{static_cast<const view<tls_client_hello>&>(*hello)};
        }
        case t::server_hello: {
            auto hello = parse_tls_hello<tls_server_hello>(body);
            if (!hello) return hello.error();
            return tls_message{static_cast<const view<tls_server_hello>&>(*hello)};
        }
        case t::certificate:
            if (forms == f::unknown) return tls_message{opaque};
            return forms == f::tls_1_3 ? detail::tls_message_as<tls13_certificate>(body) : detail::tls_message_as<tls_certificate>(body);
        case t::certificate_request:
            if (forms == f::unknown) return tls_message{opaque};
            if (forms == f::tls_1_3) return detail::tls_message_as<tls13_certificate_request>(body);
            return signs_algorithm ? detail::tls_message_as<tls_certificate_request>(body)
                                   : detail::tls_message_as<tls_certificate_request_1_0>(body);
        case t::server_key_exchange:
            if (forms == f::unknown || forms == f::tls_1_3) return tls_message{opaque};
            switch (tls_key_exchange_of(facts.cipher_suite)) {
                case tls_key_exchange::ecdhe:
                    return signs_algorithm ? detail::tls_message_as<tls_server_key_exchange_ecdhe>(body)
                                           : detail::tls_message_as<tls_server_key_exchange_ecdhe_1_0>(body);
                case tls_key_exchange::dhe:
                    return signs_algorithm ? detail::tls_message_as<tls_server_key_exchange_dhe>(body)
                                           : detail::tls_message_as<tls_server_key_exchange_dhe_1_0>(body);
                case tls_key_exchange::dh_anon: return detail::tls_message_as<tls_dh_parameters>(body);  // unsigned
                default: return tls_message{opaque};
            }
        case t::client_key_exchange:
            if (forms == f::unknown || forms == f::tls_1_3) return tls_message{opaque};
            switch (tls_key_exchange_of(facts.cipher_suite)) {
                case tls_key_exchange::ecdhe: return detail::tls_message_as<tls_client_key_exchange_ecdh>(body);
                case tls_key_exchange::dhe:
                case tls_key_exchange::dh_anon: return detail::tls_message_as<tls_client_key_exchange_dh>(body);
                // With a fixed (EC)DH client certificate the public value is implicit and the
                // message empty (RFC 5246 7.4.7.2, RFC 8422 5.7).
                case tls_key_exchange::ecdh:
                    return body.empty() ? tls_message{opaque} : detail::tls_message_as<tls_client_key_exchange_ecdh>(body);
                case tls_key_exchange::dh:
                    return body.empty() ? tls_message{opaque} : detail::tls_message_as<tls_client_key_exchange_dh>(body);
                case tls_key_exchange::rsa:
                    // SSL 3.0 sends the encrypted secret without its length.
                    if (facts.version == tls_version::ssl_3_0) return tls_message{opaque};
                    return detail::tls_message_as<tls_client_key_exchange_rsa>(body);
                default: return tls_message{opaque};
            }
        case t::server_hello_done: return detail::tls_message_as<tls_server_hello_done>(body);
        case t::certificate_verify:
            if (forms == f::unknown) return tls_message{opaque};
            return signs_algorithm ? detail::tls_message_as<tls_signature>(body) : detail::tls_message_as<tls_signature_1_0>(body);
        case t::finished: {
            const std::size_t size = detail::tls_verify_data_size(facts);
            if (body.empty() || (size != 0 && body.size() != size))
                return error{error_kind::length_inconsistent, "tls_finished", "verify_data", 0, body.size(), size,
                             "verify_data's size for this version and suite is"};
            return detail::tls_message_as<tls_finished>(body);
        }
        case t::new_session_ticket:
            if (forms == f::unknown) return tls_message{opaque};
            return forms == f::tls_1_3 ? detail::tls_message_as<tls13_new_session_ticket>(body)
                                       : detail::tls_message_as<tls_new_session_ticket>(body);
        // TLS 1.3's own messages: read when the facts say TLS 1.3 or nothing yet.
        case t::end_of_early_data:
            if (forms != f::unknown && forms != f::tls_1_3) return tls_message{opaque};
            return detail::tls_message_as<tls_end_of_early_data>(body);
        case t::encrypted_extensions:
            if (forms != f::unknown && forms != f::tls_1_3) return tls_message{opaque};
            return detail::tls_message_as<tls_encrypted_extensions>(body);
        case t::key_update:
            if (forms != f::unknown && forms != f::tls_1_3) return tls_message{opaque};
            return detail::tls_message_as<tls_key_update>(body);
        case t::certificate_status:
            // ocsp (1); ocsp_multi (2, RFC 6961) holds a list and comes back opaque.
            if (body.empty() || body[0] != std::byte{1}) return tls_message{opaque};
            return detail::tls_message_as<tls_certificate_status>(body);
        default: return tls_message{opaque};
    }
}

// What a ServerHello settles for the messages after it.
constexpr result<tls_session_facts> tls_session_facts_of(const view<tls_server_hello>& hello) {
    auto version = negotiated_version(hello);
    if (!version) return version.error();
    return tls_session_facts{*version, hello.get<"cipher_suite">()};
}

}  // namespace wirecraft
