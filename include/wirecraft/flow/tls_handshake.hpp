// The TLS handshake as two state machines, one per endpoint, in observer mode: both see every
// message and record of the connection, in wire order, and each follows the states its own
// side goes through.
//
// - TLS 1.3 follows RFC 8446 Appendix A: the client's states (A.1) and the server's (A.2).
// - TLS 1.2 (and 1.0/1.1) follows the flows of RFC 5246 7.3 (full handshake, figure 1;
//   abbreviated, figure 2), with RFC 5077's NewSessionTicket. RFC 5246 gives no state names and
//   both ends go through the same steps, so the two tables share these rows.
//
// The ServerHello chooses the path: HelloRetryRequest, TLS 1.3, TLS 1.2 full, or TLS 1.2
// resumed (the server echoes the client's session id).
//
// What the machines see. Events are the handshake messages (`tls_event::message`), the
// ChangeCipherSpec, alerts, and records the observer cannot read (`tls_event::encrypted`).
// TLS 1.3 encrypts everything after the ServerHello. An observer without the keys sees only
// application_data records, so from WAIT_EE (client) and NEGOTIATED (server) the tables have
// rows that follow the flights by record direction:
// - the server's records;
// - then the client's records: the client answered the server's Finished;
// - then the server's again.
// Such a machine marks `context().followed_encrypted`. Given decrypted messages (a key log), the
// same tables follow Appendix A message by message.
//
// Whatever the rows do not allow ends the machine in FAILED, with the state, the event and the
// reason. Alerts other than close_notify end it too, with the alert. close_notify ends a
// connection in CLOSED.
//
// Left out: renegotiation and post-handshake authentication (encrypted; in CONNECTED they are
// application records), DTLS, SSL 2.0, and a CertificateVerify after a fixed-DH client
// certificate (RFC 5246 7.4.8: that client sends none; here a client certificate needs one).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "../fsm/fsm.hpp"
#include "../proto/tls_hello.hpp"
#include "../proto/tls_messages.hpp"
#include "tls_reader.hpp"

namespace wirecraft {

enum class tls_side : std::uint8_t { client, server };
constexpr std::string_view to_string(tls_side s) { return s == tls_side::client ? "client" : "server"; }
constexpr tls_side peer_of(tls_side s) { return s == tls_side::client ? tls_side::server : tls_side::client; }

// The RFCs' names for handshake messages ("ClientHello"), as OpenSSL's -msg prints them: made
// at compile time from tls.hpp's registry names ("client_hello").
namespace detail {
struct tls_message_name {
    tls_handshake_type type{};
    std::array<char, 32> text{};
    std::size_t size = 0;
};
inline constexpr auto tls_message_names = [] {
    std::array<tls_message_name, std::size(tls_handshake_type_names)> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].type = tls_handshake_type_names[i].first;
        bool word_start = true;
        for (char c : tls_handshake_type_names[i].second) {
            if (c == '_') {
                word_start = true;
                continue;
            }
            out[i].text[out[i].size++] = word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
            word_start = false;
        }
    }
    return out;
}();
}  // namespace detail
constexpr std::string_view tls_handshake_message_name(tls_handshake_type t) {
    for (const auto& name : detail::tls_message_names)
        if (name.type == t) return {name.text.data(), name.size};
    return {};
}

// What a machine needs to know of a message: read from its body by tls_message_facts_of.
struct tls_message_facts {
    // ClientHello
    bool offers_tls_1_3 = false;     // supported_versions lists 0x0304
    bool offers_early_data = false;  // early_data (RFC 8446 4.2.10)
    bool offers_psk = false;         // pre_shared_key
    bool offers_ticket = false;      // a non-empty session_ticket (RFC 5077 3.2)
    std::array<std::byte, 32> session_id{};
    std::uint8_t session_id_length = 0;
    // ServerHello
    std::uint16_t version = 0;  // negotiated: supported_versions, else legacy_version
    std::uint16_t cipher_suite = 0;
    bool retry = false;            // a HelloRetryRequest
    bool selects_psk = false;      // pre_shared_key (TLS 1.3 resumption)
    bool promises_ticket = false;  // session_ticket: a NewSessionTicket will follow (RFC 5077 3.2)
    // Certificate
    bool empty_certificate = false;  // no certificates: a client without one (RFC 5246 7.4.6, 8446 4.4.2.4)
    // EncryptedExtensions
    bool accepts_early_data = false;
};

// The facts of one message. Bodies that do not parse give what could be read (a ServerHello
// with a malformed supported_versions gives its legacy_version); the message reader has
// already cut the message, and the machines judge the order, not the contents.
inline tls_message_facts tls_message_facts_of(tls_handshake_type type, std::span<const std::byte> body) {
    tls_message_facts f;
    auto has = [](const auto& hello, tls_extension_type t) { return find_extension(hello, t).has_value(); };
    auto keep_session_id = [&f](std::span<const std::byte> id) {
        f.session_id_length = static_cast<std::uint8_t>(id.size());  // at most 32: the schema's bound
        for (std::size_t i = 0; i < id.size(); ++i) f.session_id[i] = id[i];
    };
    switch (type) {
        case tls_handshake_type::client_hello:
            if (const auto hello = parse_tls_hello<tls_client_hello>(body)) {
                keep_session_id(hello->get<"session_id">());
                f.offers_early_data = has(*hello, tls_extension_type::early_data);
                f.offers_psk = has(*hello, tls_extension_type::pre_shared_key);
                if (const auto ticket = find_extension(*hello, tls_extension_type::session_ticket)) f.offers_ticket = !ticket->data.empty();
                if (const auto versions = extension_body<tls_extension_type::supported_versions>(*hello); versions && *versions)
                    for (std::uint16_t v : (**versions).get<"versions">()) f.offers_tls_1_3 = f.offers_tls_1_3 || v == tls_version::tls_1_3;
            }
            break;
        case tls_handshake_type::server_hello:
            if (const auto hello = parse_tls_hello<tls_server_hello>(body)) {
                keep_session_id(hello->get<"session_id">());
                f.version = negotiated_version(*hello).value_or(hello->get<"legacy_version">());
                f.cipher_suite = hello->get<"cipher_suite">();
                f.retry = is_hello_retry_request(*hello);
                f.selects_psk = has(*hello, tls_extension_type::pre_shared_key);
                f.promises_ticket = has(*hello, tls_extension_type::session_ticket);
            }
            break;
        case tls_handshake_type::certificate:
            if (const auto c = parse_exact<tls_certificate>(body)) f.empty_certificate = c->get<"certificates">().empty();
            else if (const auto c13 = parse_exact<tls13_certificate>(body)) f.empty_certificate = c13->get<"certificates">().empty();
            break;
        case tls_handshake_type::encrypted_extensions:
            if (const auto ee = parse_exact<tls_encrypted_extensions>(body))
                for (auto e : ee->get<"extensions">()) f.accepts_early_data = f.accepts_early_data || e.kind == tls_extension_type::early_data;
            break;
        default: break;
    }
    return f;
}

// ---- events ------------------------------------------------------------------------------------

namespace tls_event {

namespace detail {
// "client Certificate": a name with static storage, built at compile time for the diagrams.
template <tls_side Side, std::string_view const& What>
struct side_name {
    static constexpr auto text = [] {
        std::array<char, 64> chars{};
        std::size_t n = 0;
        for (char c : to_string(Side)) chars[n++] = c;
        chars[n++] = ' ';
        for (char c : What) chars[n++] = c;
        return std::pair{chars, n};
    }();
    static constexpr std::string_view value{text.first.data(), text.second};
};
template <tls_handshake_type Type>
struct type_name {
    static constexpr std::string_view value = tls_handshake_message_name(Type);
};
inline constexpr std::string_view change_cipher_spec_name = "ChangeCipherSpec";
inline constexpr std::string_view encrypted_name = "encrypted record";
inline constexpr std::string_view alert_name = "Alert";
inline constexpr std::string_view other_name = "other message";
}  // namespace detail

// A handshake message of a type the tables know, sent by `Side`.
template <tls_side Side, tls_handshake_type Type>
struct message {
    static constexpr std::string_view name = detail::side_name<Side, detail::type_name<Type>::value>::value;
    static constexpr tls_side side = Side;
    tls_message_facts facts{};
};
// Any other handshake message type: never allowed.
template <tls_side Side>
struct other_message {
    static constexpr std::string_view name = detail::side_name<Side, detail::other_name>::value;
    static constexpr tls_side side = Side;
    tls_handshake_type type{};
};
template <tls_side Side>
struct change_cipher_spec {
    static constexpr std::string_view name = detail::side_name<Side, detail::change_cipher_spec_name>::value;
    static constexpr tls_side side = Side;
};
// A plaintext alert.
template <tls_side Side>
struct alert {
    static constexpr std::string_view name = detail::side_name<Side, detail::alert_name>::value;
    static constexpr tls_side side = Side;
    tls_alert_level level{};
    tls_alert_description description{};
};
// A record the observer cannot read: after a TLS 1.2 ChangeCipherSpec, of its content type; in
// TLS 1.3, application_data carrying anything.
template <tls_side Side>
struct encrypted {
    static constexpr std::string_view name = detail::side_name<Side, detail::encrypted_name>::value;
    static constexpr tls_side side = Side;
    tls_content_type content_type = tls_content_type::application_data;
    std::size_t length = 0;
};

}  // namespace tls_event

// ---- what the machines keep ----------------------------------------------------------------------

struct tls_handshake_failure {
    std::string_view state{};   // where the machine was
    std::string_view event{};   // what came, e.g. "server Certificate"
    std::string_view reason{};  // why that ends it
};

struct tls_alert_seen {
    tls_side side{};
    bool encrypted = false;  // TLS 1.2 after ChangeCipherSpec: level and description are not visible
    tls_alert_level level{};
    tls_alert_description description{};
};

struct tls_handshake_context {
    // From the ClientHello
    bool offered_tls_1_3 = false, offered_early_data = false, offered_psk = false, offered_ticket = false;
    std::array<std::byte, 32> client_session_id{};
    std::uint8_t client_session_id_length = 0;
    // From the ServerHello
    std::uint16_t version = 0, cipher_suite = 0;
    bool retried = false;          // a HelloRetryRequest came
    bool abbreviated = false;      // TLS 1.2: the server resumed the session (RFC 5246 figure 2)
    bool ticket_promised = false;  // TLS 1.2: a NewSessionTicket comes before the server's ChangeCipherSpec
    bool psk_accepted = false;     // TLS 1.3: the server selected a PSK
    // Later
    bool certificate_requested = false;
    bool client_certificate_sent = false;  // a non-empty client Certificate
    bool client_certificate_verified = false;  // and its CertificateVerify came
    bool early_data_accepted = false;      // TLS 1.3 EncryptedExtensions said so (visible only when decrypted)
    std::uint16_t early_data_records = 0;  // client records before the ServerHello (0-RTT)
    bool followed_encrypted = false;       // TLS 1.3 flights followed by record direction, not by message
    bool false_start = false;              // TLS 1.2: client data before the server's Finished (RFC 7918)
    std::optional<tls_alert_seen> alert{};
    std::optional<tls_handshake_failure> failure{};

    constexpr bool client_session_id_echoed(const tls_message_facts& server_hello) const {
        if (client_session_id_length == 0 || server_hello.session_id_length != client_session_id_length) return false;
        for (std::size_t i = 0; i < client_session_id_length; ++i)
            if (client_session_id[i] != server_hello.session_id[i]) return false;
        return true;
    }
};

inline std::string to_string(const tls_handshake_failure& f) {
    std::string s(f.event);
    s += " in ";
    s += f.state;
    s += ": ";
    s += f.reason;
    return s;
}

namespace tls_rules {
using namespace fsm;
using tls_event::message;
using hs = tls_handshake_type;
constexpr tls_side client = tls_side::client;
constexpr tls_side server = tls_side::server;

template <fixed_string Name, class F>
constexpr auto when(F f) {
    return fsm::guard<Name>(f);
}
template <fixed_string Name, class F>
constexpr auto note(F f) {
    return fsm::action<Name>(f);
}
// A row that ends the machine on a known violation: where, and why.
template <fixed_string State, fixed_string Reason>
inline constexpr auto fail = fsm::action<Reason>([](tls_handshake_context& c, const auto& e) {
    c.failure = tls_handshake_failure{State.view(), std::remove_cvref_t<decltype(e)>::name, Reason.view()};
});

// ---- guards ----
inline constexpr auto first_retry = when<"HelloRetryRequest, first">([](const tls_handshake_context& c, const auto& e) {
    return e.facts.retry && !c.retried && c.offered_tls_1_3;
});
inline constexpr auto second_retry = when<"HelloRetryRequest again">([](const tls_handshake_context& c, const auto& e) {
    return e.facts.retry && c.retried;
});
inline constexpr auto chooses_1_3 = when<"TLS 1.3">([](const tls_handshake_context& c, const auto& e) {
    return e.facts.version == tls_version::tls_1_3 && c.offered_tls_1_3;
});
inline constexpr auto resumes_with_ticket = when<"TLS 1.2, session resumed, ticket promised">([](const tls_handshake_context& c, const auto& e) {
    return e.facts.version < tls_version::tls_1_3 && !c.retried && c.client_session_id_echoed(e.facts) && e.facts.promises_ticket;
});
inline constexpr auto resumes = when<"TLS 1.2, session resumed">([](const tls_handshake_context& c, const auto& e) {
    return e.facts.version < tls_version::tls_1_3 && !c.retried && c.client_session_id_echoed(e.facts);
});
// RFC 8446 4.1.4: after a HelloRetryRequest the version stays TLS 1.3.
inline constexpr auto full_1_2 = when<"TLS 1.2 or older">([](const tls_handshake_context& c, const auto& e) {
    return e.facts.version >= tls_version::ssl_3_0 && e.facts.version < tls_version::tls_1_3 && !c.retried;
});
inline constexpr auto tls_1_3_offered = when<"TLS 1.3 offered">([](const tls_handshake_context& c) { return c.offered_tls_1_3; });
inline constexpr auto early_data_offered = when<"0-RTT offered">([](const tls_handshake_context& c) { return c.offered_early_data; });
inline constexpr auto after_retry = when<"after HelloRetryRequest">([](const tls_handshake_context& c) { return c.retried; });
inline constexpr auto psk_accepted = when<"PSK">([](const tls_handshake_context& c) { return c.psk_accepted; });
inline constexpr auto not_requested = when<"not requested">([](const tls_handshake_context& c) { return !c.certificate_requested; });
inline constexpr auto without_psk = when<"no PSK">([](const tls_handshake_context& c) { return !c.psk_accepted; });
inline constexpr auto requested = when<"requested">([](const tls_handshake_context& c) { return c.certificate_requested; });
inline constexpr auto nonempty_certificate = when<"requested, not empty">([](const tls_handshake_context& c, const auto& e) {
    return c.certificate_requested && !e.facts.empty_certificate;
});
inline constexpr auto client_certificate_sent = when<"client certificate sent">([](const tls_handshake_context& c) {
    return c.client_certificate_sent;
});
// RFC 8446 4.4.3: a non-empty client Certificate is followed by CertificateVerify.
inline constexpr auto certificate_verified = when<"certificate verified, if sent">([](const tls_handshake_context& c) {
    return !c.client_certificate_sent || c.client_certificate_verified;
});
inline constexpr auto early_data_accepted = when<"0-RTT accepted">([](const tls_handshake_context& c) { return c.early_data_accepted; });
inline constexpr auto ticket_offered = when<"ticket offered">([](const tls_handshake_context& c) { return c.offered_ticket; });
inline constexpr auto abbreviated = when<"resumed">([](const tls_handshake_context& c) { return c.abbreviated; });
inline constexpr auto ticket_promised = when<"ticket promised">([](const tls_handshake_context& c) { return c.ticket_promised; });
inline constexpr auto is_1_3 = when<"TLS 1.3">([](const tls_handshake_context& c) { return c.version == tls_version::tls_1_3; });
inline constexpr auto handshake_record = when<"handshake">([](const tls_handshake_context&, const auto& e) { return e.content_type == tls_content_type::handshake; });
inline constexpr auto alert_record = when<"alert">([](const tls_handshake_context&, const auto& e) { return e.content_type == tls_content_type::alert; });
inline constexpr auto close_notify = when<"close_notify">([](const tls_handshake_context&, const auto& e) { return e.description == tls_alert_description::close_notify; });
// RFC 5246 7.2: a warning lets the connection go on (RFC 6066 3's unrecognized_name is one a
// server may send before its ServerHello). RFC 8446 6: in TLS 1.3 every alert but close_notify
// and user_canceled is an error, whatever its level.
inline constexpr auto warning_before_1_3 = when<"warning, not TLS 1.3">([](const tls_handshake_context& c, const auto& e) {
    return e.level == tls_alert_level::warning && e.description != tls_alert_description::close_notify &&
           c.version != tls_version::tls_1_3;
});
inline constexpr auto false_start = when<"application data, full handshake">([](const tls_handshake_context& c, const auto& e) {
    return e.content_type == tls_content_type::application_data && !c.abbreviated;
});

// Key exchanges (RFC 5246 7.4.3, RFC 4492 5.4, RFC 4279): which send a server Certificate, and
// which a ServerKeyExchange. An unknown one may do either.
constexpr bool sends_server_certificate(tls_key_exchange k) {
    using enum tls_key_exchange;
    return k != dh_anon && k != psk && k != dhe_psk && k != ecdhe_psk;
}
constexpr bool may_send_key_exchange(tls_key_exchange k) {
    using enum tls_key_exchange;
    return k != rsa && k != dh && k != ecdh;
}
constexpr bool may_omit_key_exchange(tls_key_exchange k) {
    using enum tls_key_exchange;
    return k == rsa || k == dh || k == ecdh || k == psk || k == rsa_psk || k == unknown;
}
inline constexpr auto without_certificate = when<"suite without server certificate">([](const tls_handshake_context& c) {
    return !sends_server_certificate(tls_key_exchange_of(c.cipher_suite));
});
inline constexpr auto without_certificate_or_key_exchange = when<"suite without server certificate or ServerKeyExchange">(
    [](const tls_handshake_context& c) {
        const auto k = tls_key_exchange_of(c.cipher_suite);
        return !sends_server_certificate(k) && may_omit_key_exchange(k);
    });
// RFC 5246 7.4.4: an anonymous server does not ask for a client certificate.
inline constexpr auto server_authenticated = when<"server authenticated">([](const tls_handshake_context& c) {
    return sends_server_certificate(tls_key_exchange_of(c.cipher_suite));
});
inline constexpr auto with_key_exchange = when<"suite with ServerKeyExchange">([](const tls_handshake_context& c) {
    return may_send_key_exchange(tls_key_exchange_of(c.cipher_suite));
});
inline constexpr auto without_key_exchange = when<"suite without ServerKeyExchange">([](const tls_handshake_context& c) {
    return may_omit_key_exchange(tls_key_exchange_of(c.cipher_suite));
});

// ---- actions ----
inline constexpr auto note_client_hello = note<"note offers">([](tls_handshake_context& c, const auto& e) {
    c.offered_tls_1_3 = e.facts.offers_tls_1_3;
    c.offered_early_data = e.facts.offers_early_data && !c.retried;  // RFC 8446 4.2.10: not after a HelloRetryRequest
    c.offered_psk = e.facts.offers_psk;
    c.offered_ticket = e.facts.offers_ticket;
    c.client_session_id = e.facts.session_id;
    c.client_session_id_length = e.facts.session_id_length;
});
inline constexpr auto note_retry = note<"retry">([](tls_handshake_context& c) { c.retried = true; });
inline constexpr auto note_server_hello = note<"note choice">([](tls_handshake_context& c, const auto& e) {
    c.version = e.facts.version;
    c.cipher_suite = e.facts.cipher_suite;
    c.psk_accepted = e.facts.version == tls_version::tls_1_3 && e.facts.selects_psk;
    c.abbreviated = e.facts.version < tls_version::tls_1_3 && c.client_session_id_echoed(e.facts);
    c.ticket_promised = e.facts.promises_ticket && e.facts.version < tls_version::tls_1_3;
});
inline constexpr auto note_ticket_resumption = note<"resumed by ticket">([](tls_handshake_context& c) { c.abbreviated = true; });
inline constexpr auto note_request = note<"note request">([](tls_handshake_context& c) { c.certificate_requested = true; });
inline constexpr auto note_client_certificate = note<"note certificate">([](tls_handshake_context& c, const auto& e) {
    c.client_certificate_sent = !e.facts.empty_certificate;
});
inline constexpr auto note_verify = note<"note verify">([](tls_handshake_context& c) { c.client_certificate_verified = true; });
inline constexpr auto note_extensions = note<"note 0-RTT answer">([](tls_handshake_context& c, const auto& e) {
    c.early_data_accepted = e.facts.accepts_early_data;
});
inline constexpr auto note_false_start = note<"False Start">([](tls_handshake_context& c) { c.false_start = true; });
inline constexpr auto count_early_data = note<"0-RTT data">([](tls_handshake_context& c) { ++c.early_data_records; });
inline constexpr auto follow_encrypted = note<"followed by record direction">([](tls_handshake_context& c) { c.followed_encrypted = true; });
// 0-RTT records seen after the ServerHello but before the server's encrypted flight: the
// client cannot yet be answering that flight, so they are still early data (which a server
// that rejected the PSK skips, RFC 8446 4.2.10).
inline constexpr auto early_data_still = when<"0-RTT, server flight not begun">([](const tls_handshake_context& c) {
    return c.offered_early_data && !c.followed_encrypted;
});
inline constexpr auto note_alert = note<"note alert">([](tls_handshake_context& c, const auto& e) {
    c.alert = tls_alert_seen{e.side, false, e.level, e.description};
});
inline constexpr auto note_encrypted_alert = note<"alert, encrypted">([](tls_handshake_context& c, const auto& e) {
    c.alert = tls_alert_seen{e.side, true, {}, {}};
});
// The unhandled row's action: what came, where, and why it ends the handshake.
inline constexpr auto refuse = fsm::action<"record failure">([](tls_handshake_context& c, std::string_view state, const auto& e) {
    using E = std::remove_cvref_t<decltype(e)>;
    std::string_view reason = "not allowed in this state";
    if constexpr (requires { e.description; }) {
        c.alert = tls_alert_seen{e.side, false, e.level, e.description};
        reason = e.level == tls_alert_level::fatal ? "fatal alert" : "alert before the handshake completed";
    } else if constexpr (requires { e.content_type; }) {
        if (e.content_type == tls_content_type::alert) {
            c.alert = tls_alert_seen{e.side, true, {}, {}};
            reason = "encrypted alert before the handshake completed";
        }
    } else if constexpr (requires { e.type; }) {
        reason = "a handshake message type no handshake sends here";
    }
    c.failure = tls_handshake_failure{state, E::name, reason};
});

// The client's events and the server's, as row builders.
template <tls_handshake_type Type>
inline constexpr auto from_client = event<message<client, Type>>;
template <tls_handshake_type Type>
inline constexpr auto from_server = event<message<server, Type>>;

// Warnings the handshake goes on after, in each state given.
template <class... S>
constexpr auto tolerate_warnings(S... states) {
    return rows((states + event<tls_event::alert<client>>[warning_before_1_3] / note_alert)...,
                (states + event<tls_event::alert<server>>[warning_before_1_3] / note_alert)...);
}

// TLS 1.2 and older after a ServerHello, both tables: RFC 5246 figures 1 and 2.
template <class After>
constexpr auto tls_1_2_rows(After after_client_hello) {
    constexpr auto wait_certificate = state<"WAIT_SERVER_CERTIFICATE">;
    constexpr auto wait_key_exchange = state<"WAIT_SERVER_KEY_EXCHANGE">;
    constexpr auto wait_request = state<"WAIT_CERTIFICATE_REQUEST">;
    constexpr auto wait_done = state<"WAIT_SERVER_HELLO_DONE">;
    constexpr auto wait_client_certificate = state<"WAIT_CLIENT_CERTIFICATE">;
    constexpr auto wait_client_key_exchange = state<"WAIT_CLIENT_KEY_EXCHANGE">;
    constexpr auto wait_verify = state<"WAIT_CERTIFICATE_VERIFY">;
    constexpr auto wait_client_ccs = state<"WAIT_CLIENT_CHANGE_CIPHER_SPEC">;
    constexpr auto wait_client_finished = state<"WAIT_CLIENT_FINISHED">;
    constexpr auto wait_ticket = state<"WAIT_NEW_SESSION_TICKET">;
    constexpr auto wait_server_ccs = state<"WAIT_SERVER_CHANGE_CIPHER_SPEC">;
    constexpr auto wait_server_finished = state<"WAIT_SERVER_FINISHED">;
    constexpr auto connected = state<"CONNECTED">;
    return rows(
        after_client_hello + from_server<hs::server_hello>[resumes_with_ticket] / note_server_hello = wait_ticket,
        after_client_hello + from_server<hs::server_hello>[resumes] / note_server_hello = wait_server_ccs,
        after_client_hello + from_server<hs::server_hello>[full_1_2] / note_server_hello = wait_certificate,

        wait_certificate + from_server<hs::certificate> = wait_key_exchange,
        wait_certificate + from_server<hs::server_key_exchange>[without_certificate] = wait_request,
        wait_certificate + from_server<hs::server_hello_done>[without_certificate_or_key_exchange] = wait_client_key_exchange,
        // RFC 5077 3.4: a ticket accepted though the client sent no session id to echo: the
        // server goes on with NewSessionTicket or ChangeCipherSpec instead of its Certificate.
        wait_certificate + from_server<hs::new_session_ticket>[ticket_offered] / note_ticket_resumption = wait_server_ccs,
        wait_certificate + event<tls_event::change_cipher_spec<server>>[ticket_offered] / note_ticket_resumption = wait_server_finished,
        wait_key_exchange + from_server<hs::certificate_status>,  // OCSP stapling (RFC 6066 8)
        wait_key_exchange + from_server<hs::server_key_exchange>[with_key_exchange] = wait_request,
        wait_key_exchange + from_server<hs::certificate_request>[without_key_exchange] / note_request = wait_done,
        wait_key_exchange + from_server<hs::server_hello_done>[without_key_exchange] = wait_client_key_exchange,
        wait_request + from_server<hs::certificate_request>[server_authenticated] / note_request = wait_done,
        wait_request + from_server<hs::server_hello_done> = wait_client_key_exchange,
        wait_done + from_server<hs::server_hello_done> = wait_client_certificate,

        // RFC 5246 7.4.6: asked for a certificate, the client sends one, empty if it has none.
        wait_client_certificate + from_client<hs::certificate> / note_client_certificate = wait_client_key_exchange,
        wait_client_key_exchange + from_client<hs::client_key_exchange>[client_certificate_sent] = wait_verify,
        wait_client_key_exchange + from_client<hs::client_key_exchange> = wait_client_ccs,
        wait_verify + from_client<hs::certificate_verify> = wait_client_ccs,
        wait_client_ccs + event<tls_event::change_cipher_spec<client>> = wait_client_finished,
        // Finished; an observer without keys gets it as the encrypted record right after the
        // ChangeCipherSpec (RFC 5246 7.4.9), and tls_handshake_observer passes it on as Finished.
        wait_client_finished + from_client<hs::finished>[abbreviated] = connected,
        wait_client_finished + from_client<hs::finished>[ticket_promised] = wait_ticket,
        wait_client_finished + from_client<hs::finished> = wait_server_ccs,

        // RFC 5077 3.3: NewSessionTicket exactly when the ServerHello promised it.
        wait_ticket + from_server<hs::new_session_ticket> = wait_server_ccs,
        wait_server_ccs + event<tls_event::change_cipher_spec<server>> = wait_server_finished,
        wait_server_finished + from_server<hs::finished>[abbreviated] = wait_client_ccs,
        wait_server_finished + from_server<hs::finished> = connected,
        // RFC 7918 (False Start): after its Finished in a full handshake, a client may send
        // application data before the server's Finished.
        wait_ticket + event<tls_event::encrypted<client>>[false_start] / note_false_start,
        wait_server_ccs + event<tls_event::encrypted<client>>[false_start] / note_false_start,
        wait_server_finished + event<tls_event::encrypted<client>>[false_start] / note_false_start,
        tolerate_warnings(after_client_hello, wait_certificate, wait_key_exchange, wait_request, wait_done, wait_client_certificate,
                          wait_client_key_exchange, wait_verify, wait_client_ccs, wait_client_finished, wait_ticket, wait_server_ccs,
                          wait_server_finished));
}

// CONNECTED and the ends, both tables. Application data, renegotiation (TLS 1.2) and TLS 1.3's
// post-handshake messages are records the observer cannot read; decrypted, TLS 1.3's
// NewSessionTicket and KeyUpdate are allowed.
constexpr auto connected_rows() {
    constexpr auto connected = state<"CONNECTED">;
    constexpr auto closed = state<"CLOSED">;
    return rows(connected + event<tls_event::encrypted<client>>[alert_record] / note_encrypted_alert = closed,
                connected + event<tls_event::encrypted<server>>[alert_record] / note_encrypted_alert = closed,
                connected + event<tls_event::encrypted<client>>,
                connected + event<tls_event::encrypted<server>>,
                connected + from_server<hs::new_session_ticket>[is_1_3],
                connected + from_server<hs::key_update>[is_1_3],
                connected + from_client<hs::key_update>[is_1_3],
                connected + event<tls_event::alert<client>>[close_notify] / note_alert = closed,
                connected + event<tls_event::alert<server>>[close_notify] / note_alert = closed,
                connected + event<tls_event::alert<client>>[warning_before_1_3] / note_alert,
                connected + event<tls_event::alert<server>>[warning_before_1_3] / note_alert,
                terminal(closed), terminal(state<"FAILED">));
}

// Before the ServerHello: the client's ChangeCipherSpec (RFC 8446 D.4, when it offers TLS 1.3)
// and 0-RTT records (when it offers early data) may come; both tables.
template <class S>
constexpr auto before_server_hello(S waiting) {
    return rows(waiting + event<tls_event::change_cipher_spec<client>>[tls_1_3_offered],
                waiting + event<tls_event::encrypted<client>>[early_data_offered] / count_early_data);
}

// From START to the ServerHello's choice, both tables: `Waiting` is the state after the
// ClientHello (A.1's WAIT_SH, A.2's RECVD_CH), `tls_1_3` where TLS 1.3 goes on.
template <fixed_string Waiting, class Next>
constexpr auto hellos(Next tls_1_3) {
    constexpr auto start = state<"START">;
    constexpr auto waiting = state<Waiting>;
    return rows(*start + from_client<hs::client_hello> / note_client_hello = waiting,
                start + event<tls_event::change_cipher_spec<client>>[after_retry],
                start + event<tls_event::change_cipher_spec<server>>[after_retry],
                before_server_hello(waiting),
                waiting + from_server<hs::server_hello>[first_retry] / note_retry = start,
                waiting + from_server<hs::server_hello>[second_retry] / fail<Waiting, "a second HelloRetryRequest (RFC 8446 4.1.4)"> =
                    state<"FAILED">,
                waiting + from_server<hs::server_hello>[chooses_1_3] / note_server_hello = tls_1_3,
                tls_1_2_rows(waiting));
}

}  // namespace tls_rules

// The client's machine: RFC 8446 A.1 for TLS 1.3.
struct tls_client_handshake {
    static constexpr auto table() {
        using namespace tls_rules;
        constexpr auto wait_ee = state<"WAIT_EE">;
        constexpr auto wait_cert_cr = state<"WAIT_CERT_CR">;
        constexpr auto wait_cert = state<"WAIT_CERT">;
        constexpr auto wait_cv = state<"WAIT_CV">;
        constexpr auto wait_finished = state<"WAIT_FINISHED">;
        constexpr auto second_flight = state<"SEND_SECOND_FLIGHT">;  // A.1's arrow from WAIT_FINISHED, as the observer sees it
        constexpr auto server_flight = state<"SERVER_FLIGHT_ENCRYPTED">;
        constexpr auto connected = state<"CONNECTED">;
        return make_table(
            hellos<"WAIT_SH">(wait_ee),

            wait_ee + event<tls_event::change_cipher_spec<server>>,
            wait_ee + from_server<hs::encrypted_extensions>[psk_accepted] / note_extensions = wait_finished,
            wait_ee + from_server<hs::encrypted_extensions> / note_extensions = wait_cert_cr,
            wait_ee + event<tls_event::encrypted<client>>[early_data_still] / count_early_data,
            wait_ee + event<tls_event::encrypted<server>> / follow_encrypted = server_flight,
            wait_cert_cr + from_server<hs::certificate_request> / note_request = wait_cert,
            wait_cert_cr + from_server<hs::certificate> = wait_cv,
            wait_cert + from_server<hs::certificate> = wait_cv,
            wait_cv + from_server<hs::certificate_verify> = wait_finished,
            wait_finished + from_server<hs::finished> = second_flight,
            second_flight + event<tls_event::change_cipher_spec<client>>,
            second_flight + from_client<hs::end_of_early_data>[early_data_accepted],
            second_flight + from_client<hs::certificate>[requested] / note_client_certificate,
            second_flight + from_client<hs::certificate_verify>[client_certificate_sent] / note_verify,
            second_flight + event<tls_event::encrypted<server>>,  // 0.5-RTT data
            second_flight + from_client<hs::finished>[certificate_verified] = connected,
            // Without keys: the server's flight, then the client's answer to its Finished.
            server_flight + event<tls_event::encrypted<server>>,
            server_flight + event<tls_event::change_cipher_spec<client>>,
            server_flight + event<tls_event::encrypted<client>> = connected,

            connected_rows(),
            unhandled / refuse = state<"FAILED">);
    }
};

// The server's machine: RFC 8446 A.2 for TLS 1.3.
struct tls_server_handshake {
    static constexpr auto table() {
        using namespace tls_rules;
        constexpr auto negotiated = state<"NEGOTIATED">;
        constexpr auto wait_eoed = state<"WAIT_EOED">;
        constexpr auto wait_flight2 = state<"WAIT_FLIGHT2">;
        constexpr auto wait_cv = state<"WAIT_CV">;
        constexpr auto wait_finished = state<"WAIT_FINISHED">;
        constexpr auto client_flight = state<"CLIENT_FLIGHT_ENCRYPTED">;
        constexpr auto connected = state<"CONNECTED">;
        return make_table(
            hellos<"RECVD_CH">(negotiated),

            // A.2's "send" arrow from NEGOTIATED: the server's own flight, in its order.
            negotiated + event<tls_event::change_cipher_spec<server>>,
            negotiated + from_server<hs::encrypted_extensions> / note_extensions,
            negotiated + from_server<hs::certificate_request>[without_psk] / note_request,
            negotiated + from_server<hs::certificate>,
            negotiated + from_server<hs::certificate_verify>,
            negotiated + from_server<hs::finished>[early_data_accepted] = wait_eoed,
            negotiated + from_server<hs::finished> = wait_flight2,
            negotiated + event<tls_event::change_cipher_spec<client>>,
            negotiated + event<tls_event::encrypted<client>>[early_data_still] / count_early_data,
            negotiated + event<tls_event::encrypted<server>> / follow_encrypted,
            negotiated + event<tls_event::encrypted<client>> / follow_encrypted = client_flight,
            // 0.5-RTT: the server may send data once its Finished is out (RFC 8446 A.2).
            wait_eoed + event<tls_event::encrypted<server>>,
            wait_flight2 + event<tls_event::encrypted<server>>,
            wait_cv + event<tls_event::encrypted<server>>,
            wait_finished + event<tls_event::encrypted<server>>,
            wait_eoed + event<tls_event::change_cipher_spec<client>>,
            wait_eoed + event<tls_event::encrypted<client>>,  // more 0-RTT data
            wait_eoed + from_client<hs::end_of_early_data> = wait_flight2,
            wait_flight2 + event<tls_event::change_cipher_spec<client>>,
            wait_flight2 + from_client<hs::certificate>[nonempty_certificate] / note_client_certificate = wait_cv,
            wait_flight2 + from_client<hs::certificate>[requested] / note_client_certificate = wait_finished,
            wait_flight2 + from_client<hs::finished>[not_requested] = connected,
            wait_cv + from_client<hs::certificate_verify> = wait_finished,
            wait_finished + from_client<hs::finished> = connected,
            // Without keys: the client's flight, then the server's records after it.
            client_flight + event<tls_event::encrypted<client>>,
            client_flight + event<tls_event::encrypted<server>> = connected,

            connected_rows(),
            unhandled / refuse = state<"FAILED">);
    }
};

// ---- the observer ------------------------------------------------------------------------------

enum class tls_resumption : std::uint8_t { none, session_id, ticket, psk };
constexpr std::string_view to_string(tls_resumption r) {
    switch (r) {
        case tls_resumption::none: return "none";
        case tls_resumption::session_id: return "session id";
        case tls_resumption::ticket: return "session ticket";
        case tls_resumption::psk: return "PSK";
    }
    return "?";
}
// What the ServerHello accepted: RFC 5246's abbreviated handshake, by ticket (RFC 5077 3.4: the
// client offered one) or by session id; or a TLS 1.3 PSK.
constexpr tls_resumption resumption_of(const tls_handshake_context& c) {
    if (c.psk_accepted) return tls_resumption::psk;
    if (c.abbreviated) return c.offered_ticket ? tls_resumption::ticket : tls_resumption::session_id;
    return tls_resumption::none;
}

// One step of the handshake path, as OpenSSL's -msg writes them from the client's seat: ">" the
// client sent it, "<" the server did.
struct tls_path_step {
    enum class kind : std::uint8_t { message, change_cipher_spec, alert, encrypted };
    tls_side side{};
    kind what{};
    tls_handshake_type type{};                       // message
    bool read_encrypted = false;                     // message: a TLS 1.2 Finished seen only as its record
    tls_content_type content_type{};                 // encrypted
    std::uint32_t count = 1;                         // encrypted: records in a row
    std::optional<tls_alert_level> level{};          // alert: none if encrypted
    tls_alert_description description{};
};
inline std::string to_string(const tls_path_step& step) {
    std::string s(1, step.side == tls_side::client ? '>' : '<');
    switch (step.what) {
        case tls_path_step::kind::message:
            s += tls_handshake_message_name(step.type);
            if (s.size() == 1) s += std::to_string(static_cast<unsigned>(step.type));
            if (step.read_encrypted) s += "(encrypted)";
            break;
        case tls_path_step::kind::change_cipher_spec: s += "ChangeCipherSpec"; break;
        case tls_path_step::kind::alert:
            s += "Alert(";
            if (step.level) {
                s += enum_name(*step.level);
                s += ' ';
                s += enum_name(step.description);
            } else {
                s += "encrypted";
            }
            s += ')';
            break;
        case tls_path_step::kind::encrypted:
            s += "encrypted ";
            s += enum_name(step.content_type);
            if (step.count > 1) {
                s += " x";
                s += std::to_string(step.count);
            }
            break;
    }
    return s;
}

struct tls_observer_limits {
    std::size_t max_path_steps = 256;  // runs of encrypted records take one step each
    tls_reader_limits reader{};
};

// A connection's TLS, both directions: the stream bytes of each (from tcp_stream, in order)
// go through a tls_reader each, and what they carry drives both machines. Decrypted messages
// can be given directly instead (handshake_message and the others).
class tls_handshake_observer {
public:
    using client_machine = fsm::machine<tls_client_handshake, tls_handshake_context>;
    using server_machine = fsm::machine<tls_server_handshake, tls_handshake_context>;

    explicit tls_handshake_observer(tls_observer_limits limits = {})
        : limits_(limits), readers_{tls_reader(limits.reader), tls_reader(limits.reader)} {}

    // In-order stream bytes sent by `from`. An error is the reader's (not TLS, a record or
    // message over its limit), with the stream offset; that direction is then not read further.
    std::optional<error> add(tls_side from, std::span<const std::byte> bytes) {
        tls_reader& reader = readers_[index(from)];
        // SSL 2.0 (RFC 5246 E.2): a client's first bytes may be an SSL 2.0-compatible ClientHello.
        // It is recognised and reported (sslv2()), with how the server answered, and the
        // connection is not followed: the machines model TLS hellos only.
        const bool fresh = reader.counters().records == 0 && reader.buffered() == 0;
        if (from == tls_side::client && fresh && !sslv2_.client_hello)
            if (const auto hello = recognise_sslv2_client_hello(bytes)) sslv2_.client_hello = hello;
        if (sslv2_.client_hello) {
            if (from == tls_side::server && !sslv2_.server_answered && !bytes.empty()) {
                sslv2_.server_answered = true;
                sslv2_.server_hello = recognise_sslv2_server_hello(bytes);
            }
            return error{error_kind::malformed, "tls_record", "content_type", 0, std::to_integer<std::uint8_t>(bytes.empty() ? std::byte{0} : bytes[0]), 0,
                         "after an SSL 2.0 ClientHello (reported by sslv2(), not followed)"};
        }
        return reader.add(
            bytes,
            [&](const view<tls_record>& record) {
                const auto type = record.get<"content_type">();
                if (type == tls_content_type::change_cipher_spec) return change_cipher_spec(from);
                if (type == tls_content_type::handshake) {
                    if (!reader.encrypted()) return;  // its messages come to on_message
                    if (!finished_read_[index(from)]) {  // RFC 5246 7.4.9: the record after the ChangeCipherSpec
                        finished_read_[index(from)] = true;
                        return handshake_message(from, tls_handshake_type::finished, {}, true);
                    }
                    return encrypted_record(from, type, record.payload().size());
                }
                if (type == tls_content_type::alert && !reader.encrypted()) {
                    if (const auto a = parse_exact<tls_alert>(record.payload()))
                        return alert(from, a->get<"level">(), a->get<"description">());
                }
                encrypted_record(from, type, record.payload().size());
            },
            [&](const view<tls_handshake>& m) { handshake_message(from, m.get<"msg_type">(), m.payload()); });
    }

    // A handshake message (plaintext, or decrypted). `read_encrypted`: known only from its
    // place, as TLS 1.2's Finished.
    void handshake_message(tls_side from, tls_handshake_type type, std::span<const std::byte> body, bool read_encrypted = false) {
        const tls_message_facts facts = tls_message_facts_of(type, body);
        if (type == tls_handshake_type::client_hello && from == tls_side::client && client_hello_.empty())
            client_hello_.assign(body.begin(), body.end());
        if (type == tls_handshake_type::server_hello && from == tls_side::server) {
            if (!facts.retry) server_hello_.assign(body.begin(), body.end());
            if (facts.version == tls_version::tls_1_3)  // its ChangeCipherSpec starts nothing (tls_reader)
                for (auto& r : readers_) r.negotiating_tls_1_3();
        }
        step({.side = from, .what = tls_path_step::kind::message, .type = type, .read_encrypted = read_encrypted});
        // RFC 5246 7.4.1.1: a client ignores a HelloRequest that comes while it negotiates (the
        // message is in no handshake hash either). Its body is empty; TLS 1.3 has no such
        // message, and a client sends none: those still reach the machines, which refuse them.
        if (type == tls_handshake_type::hello_request && from == tls_side::server && body.empty() && !read_encrypted &&
            client_.context().version != tls_version::tls_1_3)
            return;
        if (from == tls_side::client) dispatch<tls_side::client>(type, facts, std::make_index_sequence<known_types.size()>{});
        else dispatch<tls_side::server>(type, facts, std::make_index_sequence<known_types.size()>{});
    }
    void change_cipher_spec(tls_side from) {
        step({.side = from, .what = tls_path_step::kind::change_cipher_spec});
        if (from == tls_side::client) process(tls_event::change_cipher_spec<tls_side::client>{});
        else process(tls_event::change_cipher_spec<tls_side::server>{});
    }
    void alert(tls_side from, tls_alert_level level, tls_alert_description description) {
        step({.side = from, .what = tls_path_step::kind::alert, .level = level, .description = description});
        if (from == tls_side::client) process(tls_event::alert<tls_side::client>{level, description});
        else process(tls_event::alert<tls_side::server>{level, description});
    }
    void encrypted_record(tls_side from, tls_content_type type, std::size_t length) {
        if (type == tls_content_type::alert) step({.side = from, .what = tls_path_step::kind::alert});
        else step({.side = from, .what = tls_path_step::kind::encrypted, .content_type = type});
        if (from == tls_side::client) process(tls_event::encrypted<tls_side::client>{type, length});
        else process(tls_event::encrypted<tls_side::server>{type, length});
    }

    const client_machine& client() const { return client_; }
    const server_machine& server() const { return server_; }
    // The client machine's context. Both read the same messages, so the negotiated facts agree;
    // each keeps its own failure, and a machine that has ended stops updating its context.
    const tls_handshake_context& facts() const { return client_.context(); }
    const std::vector<tls_path_step>& path() const { return path_; }
    std::size_t path_steps_dropped() const { return path_dropped_; }
    // The first ClientHello's body and the ServerHello's (not a HelloRetryRequest's); empty if not seen.
    std::span<const std::byte> client_hello() const { return client_hello_; }
    std::span<const std::byte> server_hello() const { return server_hello_; }
    const tls_reader& reader(tls_side side) const { return readers_[index(side)]; }
    // An SSL 2.0-compatible ClientHello opened the connection, and how the server answered.
    struct sslv2_facts {
        std::optional<sslv2_client_hello_info> client_hello{};
        bool server_answered = false;                          // the server sent bytes after it
        std::optional<sslv2_server_hello_info> server_hello{};  // ... an SSL 2.0 ServerHello
    };
    const sslv2_facts& sslv2() const { return sslv2_; }

private:
    static constexpr std::size_t index(tls_side s) { return s == tls_side::client ? 0 : 1; }
    static constexpr std::array known_types = {
        tls_handshake_type::hello_request,       tls_handshake_type::client_hello,         tls_handshake_type::server_hello,
        tls_handshake_type::new_session_ticket,  tls_handshake_type::end_of_early_data,    tls_handshake_type::encrypted_extensions,
        tls_handshake_type::certificate,         tls_handshake_type::server_key_exchange,  tls_handshake_type::certificate_request,
        tls_handshake_type::server_hello_done,   tls_handshake_type::certificate_verify,   tls_handshake_type::client_key_exchange,
        tls_handshake_type::finished,            tls_handshake_type::certificate_status,   tls_handshake_type::key_update,
    };
    template <tls_side Side, std::size_t... I>
    void dispatch(tls_handshake_type type, const tls_message_facts& facts, std::index_sequence<I...>) {
        const bool known = ((type == known_types[I] && (process(tls_event::message<Side, known_types[I]>{facts}), true)) || ...);
        if (!known) process(tls_event::other_message<Side>{type});
    }
    template <class E>
    void process(const E& e) {
        client_.process(e);
        server_.process(e);
    }
    void step(const tls_path_step& s) {
        if (!path_.empty() && s.what == tls_path_step::kind::encrypted) {
            auto& last = path_.back();
            if (last.what == s.what && last.side == s.side && last.content_type == s.content_type) {
                ++last.count;
                return;
            }
        }
        if (path_.size() >= limits_.max_path_steps) {
            ++path_dropped_;
            return;
        }
        path_.push_back(s);
    }

    tls_observer_limits limits_;
    std::array<tls_reader, 2> readers_;
    std::array<bool, 2> finished_read_{};
    client_machine client_{};
    server_machine server_{};
    std::vector<tls_path_step> path_{};
    std::size_t path_dropped_ = 0;
    std::vector<std::byte> client_hello_{}, server_hello_{};
    sslv2_facts sslv2_{};
};

}  // namespace wirecraft
