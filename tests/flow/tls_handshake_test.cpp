// The TLS handshake machines. Expected paths come from OpenSSL itself: each connection of
// tests/data/live/tls_openssl_sessions.pcap has s_client's `-msg` list in
// tests/data/live/tls_openssl_sessions.tsv. Here the machines are fed each connection's
// messages in that order, the plaintext ones taken from the capture and the encrypted ones as
// tshark decrypted them with the key log (tests/data/expected/tls_openssl_messages.tsv). The
// states they pass through are RFC 8446 Appendix A's (TLS 1.3) and RFC 5246 7.3's flows
// (TLS 1.2). The violations below are each a rule of those RFCs.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include <wirecraft/flow/tls_handshake.hpp>
#include <wirecraft/fsm/export.hpp>
#include <wirecraft/proto/tls_crafting.hpp>

#include "support/tls_streams.hpp"

namespace wc = wirecraft;
using wc::tls_handshake_type;
using wc::tls_side;

namespace {

// s_client's -msg list: ">ClientHello <ServerHello ... >Alert(warning close_notify)".
std::vector<std::string> openssl_messages(const std::string& description) {
    const std::string marker = "openssl -msg: ";
    const auto at = description.find(marker);
    REQUIRE(at != std::string::npos);
    std::istringstream in(description.substr(at + marker.size()));
    std::vector<std::string> out;
    for (std::string item; in >> item;) {
        if (!out.empty() && out.back().find('(') != std::string::npos && out.back().back() != ')') out.back() += " " + item;
        else out.push_back(item);
    }
    return out;
}

struct session {
    std::string scenario, client_port, server_port, version, cipher, reuse, alpn, alert, description;
};
std::vector<session> openssl_sessions() {
    std::vector<session> out;
    std::ifstream file(wctest::data_dir() + "/live/tls_openssl_sessions.tsv");
    for (std::string line; std::getline(file, line);) {
        std::vector<std::string> c;
        std::istringstream in(line);
        for (std::string column; std::getline(in, column, '\t');) c.push_back(column);
        REQUIRE(c.size() == 9);
        out.push_back({c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]});
    }
    return out;
}

// Each direction's messages (header included), plaintext and decrypted, in stream order.
using direction_messages = std::map<std::string, std::vector<std::vector<std::byte>>>;
direction_messages all_messages() {
    const auto directions = wctest::tls_directions("../live/tls_openssl_sessions.pcap");
    direction_messages out;
    for (const auto& row : wctest::tsv_rows("tls_openssl_messages.tsv")) {
        const auto& [flow, index, plain_index, type, length, encrypted, details, body_hex] =
            std::tie(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
        auto& list = out[flow];
        REQUIRE(list.size() == std::stoul(index));
        if (encrypted == "1") {
            std::vector<std::byte> m{std::byte(std::stoul(type)), std::byte(0), std::byte(0), std::byte(0)};
            const auto body = wctest::hex_bytes(body_hex);
            m[1] = std::byte(body.size() >> 16);
            m[2] = std::byte(body.size() >> 8 & 0xff);
            m[3] = std::byte(body.size() & 0xff);
            m.insert(m.end(), body.begin(), body.end());
            list.push_back(m);
        } else {
            list.push_back(directions.at(flow).messages.at(std::stoul(plain_index)));
        }
    }
    return out;
}

wc::tls_alert_description alert_named(const std::string& name) {
    for (const auto& [value, text] : wc::tls_alert_description_names)
        if (text == name) return value;
    FAIL("no alert named " << name);
    return {};
}

std::string joined(const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : " ") + i;
    return s;
}

// The states each machine passed through, one entry per change.
struct state_trail {
    std::vector<std::string> client{"START"}, server{"START"};
    void note(const wc::tls_handshake_observer& o) {
        if (client.back() != o.client().state_name()) client.emplace_back(o.client().state_name());
        if (server.back() != o.server().state_name()) server.emplace_back(o.server().state_name());
    }
};

// Feeds one connection as OpenSSL lists it. s_client's -msg leaves out the ChangeCipherSpec it
// receives; in TLS 1.2 it comes right before the server's Finished (RFC 5246 7.1), so it is
// put back there (the capture has it).
void replay(const session& s, const direction_messages& messages, wc::tls_handshake_observer& o, state_trail& trail) {
    std::map<tls_side, std::size_t> next;
    for (const auto& item : openssl_messages(s.description)) {
        const tls_side side = item[0] == '>' ? tls_side::client : tls_side::server;
        const std::string what = item.substr(1);
        if (what == "ChangeCipherSpec") {
            o.change_cipher_spec(side);
        } else if (what.rfind("Alert(", 0) == 0) {
            const auto space = what.find(' ');
            const auto level = what.substr(6, space - 6) == "fatal" ? wc::tls_alert_level::fatal : wc::tls_alert_level::warning;
            o.alert(side, level, alert_named(what.substr(space + 1, what.size() - space - 2)));
        } else {
            const auto& list = messages.at(side == tls_side::client ? wctest::direction_key("127.0.0.1", std::stoi(s.client_port), "127.0.0.1", std::stoi(s.server_port))
                                                                    : wctest::direction_key("127.0.0.1", std::stoi(s.server_port), "127.0.0.1", std::stoi(s.client_port)));
            REQUIRE(next[side] < list.size());
            const auto m = wc::parse<wc::tls_handshake>(list[next[side]++]).value();
            REQUIRE(wc::tls_handshake_message_name(m.get<"msg_type">()) == what);
            if (what == "Finished" && side == tls_side::server && s.version != "TLSv1.3") {
                o.change_cipher_spec(side);
                trail.note(o);
            }
            o.handshake_message(side, m.get<"msg_type">(), m.payload());
        }
        trail.note(o);
    }
}

std::vector<std::string> path_without_server_ccs(const wc::tls_handshake_observer& o) {
    std::vector<std::string> out;
    for (const auto& step : o.path())
        if (wc::to_string(step) != "<ChangeCipherSpec") out.push_back(wc::to_string(step));
    return out;
}

}  // namespace

TEST_CASE("tls handshake machines follow OpenSSL's sessions message by message", "[tls_handshake_test]") {
    const auto sessions = openssl_sessions();
    REQUIRE(sessions.size() == 14);
    const auto messages = all_messages();
    // RFC 8446 A.1 and A.2, and RFC 5246's flows, for the scenarios OpenSSL ran.
    const std::map<std::string, std::pair<std::string, std::string>> trails = {
        {"tls13_full New",
         {"START WAIT_SH WAIT_EE WAIT_CERT_CR WAIT_CV WAIT_FINISHED SEND_SECOND_FLIGHT CONNECTED CLOSED",
          "START RECVD_CH NEGOTIATED WAIT_FLIGHT2 CONNECTED CLOSED"}},
        {"tls13_hrr New",
         {"START WAIT_SH START WAIT_SH WAIT_EE WAIT_CERT_CR WAIT_CV WAIT_FINISHED SEND_SECOND_FLIGHT CONNECTED CLOSED",
          "START RECVD_CH START RECVD_CH NEGOTIATED WAIT_FLIGHT2 CONNECTED CLOSED"}},
        {"tls13_resumed Reused",
         {"START WAIT_SH WAIT_EE WAIT_FINISHED SEND_SECOND_FLIGHT CONNECTED CLOSED", "START RECVD_CH NEGOTIATED WAIT_FLIGHT2 CONNECTED CLOSED"}},
        {"tls13_early_data Reused",
         {"START WAIT_SH WAIT_EE WAIT_FINISHED SEND_SECOND_FLIGHT CONNECTED CLOSED",
          "START RECVD_CH NEGOTIATED WAIT_EOED WAIT_FLIGHT2 CONNECTED CLOSED"}},
        {"tls12_full New",
         {"START WAIT_SH WAIT_SERVER_CERTIFICATE WAIT_SERVER_KEY_EXCHANGE WAIT_CERTIFICATE_REQUEST WAIT_CLIENT_KEY_EXCHANGE "
          "WAIT_CLIENT_CHANGE_CIPHER_SPEC WAIT_CLIENT_FINISHED WAIT_NEW_SESSION_TICKET WAIT_SERVER_CHANGE_CIPHER_SPEC "
          "WAIT_SERVER_FINISHED CONNECTED CLOSED",
          ""}},
        {"tls12_client_cert New",
         {"START WAIT_SH WAIT_SERVER_CERTIFICATE WAIT_SERVER_KEY_EXCHANGE WAIT_CERTIFICATE_REQUEST WAIT_SERVER_HELLO_DONE "
          "WAIT_CLIENT_CERTIFICATE WAIT_CLIENT_KEY_EXCHANGE WAIT_CERTIFICATE_VERIFY WAIT_CLIENT_CHANGE_CIPHER_SPEC "
          "WAIT_CLIENT_FINISHED WAIT_NEW_SESSION_TICKET WAIT_SERVER_CHANGE_CIPHER_SPEC WAIT_SERVER_FINISHED CONNECTED CLOSED",
          ""}},
        {"tls12_resumed_session_id Reused",
         {"START WAIT_SH WAIT_SERVER_CHANGE_CIPHER_SPEC WAIT_SERVER_FINISHED WAIT_CLIENT_CHANGE_CIPHER_SPEC WAIT_CLIENT_FINISHED CONNECTED CLOSED", ""}},
        // OpenSSL issues no new ticket on resumption: its ServerHello promises none (RFC 5077 3.3).
        {"tls12_resumed_ticket Reused",
         {"START WAIT_SH WAIT_SERVER_CHANGE_CIPHER_SPEC WAIT_SERVER_FINISHED WAIT_CLIENT_CHANGE_CIPHER_SPEC WAIT_CLIENT_FINISHED CONNECTED CLOSED", ""}},
    };
    std::size_t checked_trails = 0;
    for (const auto& s : sessions) {
        INFO(s.scenario << " " << s.client_port << " " << s.reuse);
        wc::tls_handshake_observer o;
        state_trail trail;
        replay(s, messages, o, trail);
        // The path is OpenSSL's own list.
        CHECK(joined(path_without_server_ccs(o)) == joined(openssl_messages(s.description)));
        const auto& facts = o.facts();
        if (s.alert != "-") {  // "received fatal handshake_failure"
            CHECK(o.client().state_name() == "FAILED");
            CHECK(o.server().state_name() == "FAILED");
            REQUIRE(facts.failure);
            CHECK(wc::to_string(*facts.failure) == "server Alert in WAIT_SH: fatal alert");
            REQUIRE(o.server().context().failure);
            CHECK(o.server().context().failure->state == "RECVD_CH");
            REQUIRE(facts.alert);
            std::string seen = "received ";
            seen += enum_name(facts.alert->level);
            seen += ' ';
            seen += enum_name(facts.alert->description);
            CHECK(seen == s.alert);
            continue;
        }
        // Each connection ends with s_client's close_notify.
        CHECK(o.client().state_name() == "CLOSED");
        CHECK(o.server().state_name() == "CLOSED");
        CHECK(!facts.failure);
        CHECK(facts.version == (s.version == "TLSv1.3" ? wc::tls_version::tls_1_3 : wc::tls_version::tls_1_2));
        CHECK(!facts.followed_encrypted);  // every message was read
        const auto kind = wc::resumption_of(facts);
        CHECK((kind != wc::tls_resumption::none) == (s.reuse == "Reused"));
        if (s.reuse == "Reused") {
            const auto expected = s.scenario == "tls12_resumed_session_id" ? wc::tls_resumption::session_id
                                  : s.scenario == "tls12_resumed_ticket"   ? wc::tls_resumption::ticket
                                                                           : wc::tls_resumption::psk;
            CHECK(kind == expected);
        }
        // "early data was accepted" (s_client): EncryptedExtensions said so.
        CHECK(facts.early_data_accepted == (s.description.find("early data was accepted") != std::string::npos));
        CHECK(facts.client_certificate_sent == (s.scenario == "tls12_client_cert"));
        CHECK(facts.retried == (s.scenario == "tls13_hrr"));
        if (const auto t = trails.find(s.scenario + " " + s.reuse); t != trails.end()) {
            CHECK(joined(trail.client) == t->second.first);
            // TLS 1.2: both sides go through the same rows, after the server's RECVD_CH.
            std::string server = t->second.second;
            if (server.empty()) server = t->second.first.substr(0, 6) + "RECVD_CH" + t->second.first.substr(13);
            CHECK(joined(trail.server) == server);
            ++checked_trails;
        }
    }
    CHECK(checked_trails == 8);
}

namespace {
// A handshake put together message by message, for the rules' own tests.
struct builder {
    wc::tls_handshake_observer o;
    void message(tls_side side, tls_handshake_type type, const std::vector<std::byte>& body = {}) { o.handshake_message(side, type, body); }
    template <class Hello>
    void hello(tls_side side, const Hello& h) {
        const auto bytes = wc::to_bytes(h).value();
        o.handshake_message(side, side == tls_side::client ? tls_handshake_type::client_hello : tls_handshake_type::server_hello, bytes);
    }
};
wc::tls_client_hello client_hello_1_2() {
    wc::tls_client_hello h;
    h.cipher_suites = {0xc02f, 0x009c};
    h.session_id.assign(32, std::byte{7});
    return h;
}
wc::tls_server_hello server_hello_1_2(std::uint16_t suite, bool echo_session) {
    wc::tls_server_hello h;
    h.cipher_suite = suite;
    h.session_id.assign(32, echo_session ? std::byte{7} : std::byte{9});
    return h;
}
// A ServerHello choosing TLS 1.3 (supported_versions 0x0304, RFC 8446 4.2.1), or a
// HelloRetryRequest (its fixed random, 4.1.3).
wc::tls_server_hello server_hello_1_3(std::vector<std::byte> session_id, bool retry = false) {
    wc::tls_server_hello h;
    if (retry) h.random = wc::tls_hello_retry_request_random;
    h.cipher_suite = 0x1301;
    h.session_id = std::move(session_id);
    h.extensions = std::vector<wc::tls_extension>{{wc::tls_extension_type::supported_versions, {std::byte{3}, std::byte{4}}}};
    return h;
}
wc::tls_client_hello client_hello_1_3() { return wc::tls_client_hello_settings{.server_name = "example.test"}.build().value(); }
// Both hellos given.
builder after_hellos(const wc::tls_client_hello& client_hello, const wc::tls_server_hello& server_hello) {
    builder b;
    b.hello(tls_side::client, client_hello);
    b.hello(tls_side::server, server_hello);
    return b;
}
std::vector<std::byte> empty_certificate_list() { return {std::byte{0}, std::byte{0}, std::byte{0}}; }
// A TLS 1.2 full handshake with `suite` up to the server's (empty) Certificate.
builder after_server_certificate(std::uint16_t suite) {
    builder b = after_hellos(client_hello_1_2(), server_hello_1_2(suite, false));
    b.message(tls_side::server, tls_handshake_type::certificate, empty_certificate_list());
    return b;
}
}  // namespace

TEST_CASE("tls handshake machines end on what the RFCs forbid, naming state, message and rule", "[tls_handshake_test]") {
    using enum tls_handshake_type;
    const tls_side client = tls_side::client, server = tls_side::server;
    auto failure = [](const wc::tls_handshake_observer& o) {
        REQUIRE(o.client().state_name() == "FAILED");
        REQUIRE(o.facts().failure);
        return wc::to_string(*o.facts().failure);
    };
    SECTION("RFC 5246 7.4.3: no ServerKeyExchange with RSA key exchange") {
        builder b = after_server_certificate(0x009c);  // TLS_RSA_WITH_AES_128_GCM_SHA256
        b.message(server, server_key_exchange);
        CHECK(failure(b.o) == "server ServerKeyExchange in WAIT_SERVER_KEY_EXCHANGE: not allowed in this state");
    }
    SECTION("ECDHE needs its ServerKeyExchange before ServerHelloDone") {
        builder b = after_server_certificate(0xc02f);
        b.message(server, server_hello_done);
        CHECK(failure(b.o) == "server ServerHelloDone in WAIT_SERVER_KEY_EXCHANGE: not allowed in this state");
    }
    SECTION("RFC 5246 7.4.6: a client Certificate only when one was requested") {
        builder b = after_server_certificate(0x009c);
        b.message(server, server_hello_done);
        b.message(client, certificate, empty_certificate_list());
        CHECK(failure(b.o) == "client Certificate in WAIT_CLIENT_KEY_EXCHANGE: not allowed in this state");
    }
    SECTION("RFC 5246 7.4.8: an empty client Certificate is not followed by CertificateVerify") {
        builder b = after_server_certificate(0x009c);
        b.message(server, certificate_request);
        b.message(server, server_hello_done);
        b.message(client, certificate, empty_certificate_list());
        b.message(client, client_key_exchange);
        CHECK(b.o.client().state_name() == "WAIT_CLIENT_CHANGE_CIPHER_SPEC");
        b.message(client, certificate_verify);
        CHECK(failure(b.o) == "client CertificateVerify in WAIT_CLIENT_CHANGE_CIPHER_SPEC: not allowed in this state");
    }
    SECTION("RFC 5077 3.3: no NewSessionTicket unless the ServerHello promised one") {
        builder b = after_hellos(client_hello_1_2(), server_hello_1_2(0xc02f, true));  // resumed, no session_ticket extension
        CHECK(b.o.client().state_name() == "WAIT_SERVER_CHANGE_CIPHER_SPEC");
        b.message(server, new_session_ticket);
        CHECK(failure(b.o) == "server NewSessionTicket in WAIT_SERVER_CHANGE_CIPHER_SPEC: not allowed in this state");
    }
    SECTION("RFC 8446 4.1.4: a second HelloRetryRequest") {
        const auto hello = client_hello_1_3();
        const auto retry = server_hello_1_3(hello.session_id, true);
        builder b = after_hellos(hello, retry);
        CHECK(b.o.client().state_name() == "START");
        b.hello(client, hello);
        b.hello(server, retry);
        CHECK(failure(b.o) == "server ServerHello in WAIT_SH: a second HelloRetryRequest (RFC 8446 4.1.4)");
        CHECK(b.o.server().context().failure->state == "RECVD_CH");
    }
    SECTION("TLS 1.3 chosen by a server the client did not offer it to") {
        builder b = after_hellos(client_hello_1_2(), server_hello_1_3(client_hello_1_2().session_id));
        CHECK(failure(b.o) == "server ServerHello in WAIT_SH: not allowed in this state");
    }
    SECTION("RFC 5246 7.4.3 and 7.4.4: an anonymous server sends its ServerKeyExchange and asks for no certificate") {
        builder b = after_hellos(client_hello_1_2(), server_hello_1_2(0x0034, false));  // TLS_DH_anon_WITH_AES_128_CBC_SHA
        b.message(server, server_hello_done);
        CHECK(failure(b.o) == "server ServerHelloDone in WAIT_SERVER_CERTIFICATE: not allowed in this state");
        builder c = after_hellos(client_hello_1_2(), server_hello_1_2(0x0034, false));
        c.message(server, server_key_exchange);
        CHECK(c.o.client().state_name() == "WAIT_CERTIFICATE_REQUEST");
        c.message(server, certificate_request);
        CHECK(failure(c.o) == "server CertificateRequest in WAIT_CERTIFICATE_REQUEST: not allowed in this state");
    }
    SECTION("RFC 5077 3.4: a ticket accepted without a session id to echo") {
        wc::tls_client_hello hello = client_hello_1_2();
        hello.session_id.clear();
        hello.extensions = std::vector<wc::tls_extension>{{wc::tls_extension_type::session_ticket, {std::byte{1}, std::byte{2}}}};
        wc::tls_server_hello chosen = server_hello_1_2(0xc02f, false);
        chosen.session_id.clear();
        builder b = after_hellos(hello, chosen);
        CHECK(b.o.client().state_name() == "WAIT_SERVER_CERTIFICATE");
        b.o.change_cipher_spec(server);
        CHECK(b.o.client().state_name() == "WAIT_SERVER_FINISHED");
        CHECK(wc::resumption_of(b.o.facts()) == wc::tls_resumption::ticket);
        b.message(server, finished);
        CHECK(b.o.client().state_name() == "WAIT_CLIENT_CHANGE_CIPHER_SPEC");
    }
    SECTION("RFC 8446 4.1.4: no HelloRetryRequest to a client that did not offer TLS 1.3") {
        builder b = after_hellos(client_hello_1_2(), server_hello_1_3(client_hello_1_2().session_id, true));
        CHECK(failure(b.o) == "server ServerHello in WAIT_SH: not allowed in this state");
    }
    SECTION("a message type no handshake has, and a server sending a client's message") {
        builder b;
        b.hello(client, client_hello_1_2());
        b.message(server, static_cast<tls_handshake_type>(99));
        CHECK(failure(b.o) == "server other message in WAIT_SH: a handshake message type no handshake sends here");
        builder c;
        c.hello(client, client_hello_1_2());
        c.message(server, client_key_exchange);
        CHECK(failure(c.o) == "server ClientKeyExchange in WAIT_SH: not allowed in this state");
    }
    SECTION("data before the handshake") {
        builder b;
        b.o.encrypted_record(client, wc::tls_content_type::application_data, 10);
        CHECK(failure(b.o) == "client encrypted record in START: not allowed in this state");
    }
    SECTION("RFC 5246 7.2 and RFC 6066 3: a warning lets a TLS 1.2 handshake go on; RFC 8446 6: not a TLS 1.3 one") {
        builder b;
        b.hello(client, client_hello_1_2());
        b.o.alert(server, wc::tls_alert_level::warning, wc::tls_alert_description::unrecognized_name);
        CHECK(b.o.client().state_name() == "WAIT_SH");
        CHECK(b.o.facts().alert->description == wc::tls_alert_description::unrecognized_name);
        b.hello(server, server_hello_1_2(0xc02f, false));
        CHECK(b.o.client().state_name() == "WAIT_SERVER_CERTIFICATE");

        const auto hello = client_hello_1_3();
        builder c = after_hellos(hello, server_hello_1_3(hello.session_id));
        CHECK(c.o.client().state_name() == "WAIT_EE");
        c.o.alert(server, wc::tls_alert_level::warning, wc::tls_alert_description::unrecognized_name);
        CHECK(failure(c.o) == "server Alert in WAIT_EE: alert before the handshake completed");
    }
    SECTION("a failed machine stays failed, with its first reason") {
        builder b;
        b.message(server, finished);
        b.hello(client, client_hello_1_2());
        CHECK(failure(b.o) == "server Finished in START: not allowed in this state");
    }
}

TEST_CASE("tls handshake machines ignore a HelloRequest during a TLS 1.2 negotiation (RFC 5246 7.4.1.1)", "[tls_handshake_test]") {
    using enum tls_handshake_type;
    const tls_side client = tls_side::client, server = tls_side::server;
    SECTION("before the ClientHello, and between the server's messages") {
        builder b;
        b.message(server, hello_request);
        CHECK(b.o.client().state_name() == "START");
        b.hello(client, client_hello_1_2());
        b.hello(server, server_hello_1_2(0x009c, false));
        b.message(server, certificate, empty_certificate_list());
        const std::string before(b.o.client().state_name());
        b.message(server, hello_request);
        CHECK(b.o.client().state_name() == before);
        CHECK(b.o.server().state_name() != "FAILED");
        CHECK(!b.o.facts().failure);
        b.message(server, server_hello_done);  // the handshake goes on as if it had not come
        CHECK(b.o.client().state_name() != before);
        CHECK(b.o.client().state_name() != "FAILED");
        // It stays on the path, as the server sent it.
        std::size_t requests = 0;
        for (const auto& step : b.o.path()) requests += step.what == wc::tls_path_step::kind::message && step.type == hello_request;
        CHECK(requests == 2);
    }
    SECTION("what is not that message still fails: a body, a client's, or one in TLS 1.3") {
        builder with_body = after_server_certificate(0x009c);
        with_body.message(server, hello_request, {std::byte{0}});
        CHECK(with_body.o.client().state_name() == "FAILED");
        builder from_client = after_server_certificate(0x009c);
        from_client.message(client, hello_request);
        CHECK(from_client.o.client().state_name() == "FAILED");
        const auto hello = client_hello_1_3();
        builder tls13 = after_hellos(hello, server_hello_1_3(hello.session_id));
        tls13.message(server, hello_request);
        CHECK(tls13.o.client().state_name() == "FAILED");
    }
}

TEST_CASE("tls handshake paths print as OpenSSL's -msg does", "[tls_handshake_test]") {
    wc::tls_handshake_observer o;
    o.handshake_message(tls_side::client, tls_handshake_type::client_hello, {});
    o.encrypted_record(tls_side::client, wc::tls_content_type::application_data, 5);
    o.encrypted_record(tls_side::client, wc::tls_content_type::application_data, 5);
    o.encrypted_record(tls_side::server, wc::tls_content_type::alert, 26);
    o.alert(tls_side::client, wc::tls_alert_level::warning, wc::tls_alert_description::close_notify);
    o.handshake_message(tls_side::server, static_cast<tls_handshake_type>(99), {});
    std::vector<std::string> steps;
    for (const auto& s : o.path()) steps.push_back(wc::to_string(s));
    CHECK(joined(steps) == ">ClientHello >encrypted application_data x2 <Alert(encrypted) >Alert(warning close_notify) <99");
}

TEST_CASE("tls handshake machines are exported as diagrams", "[tls_handshake_test]") {
    // docs/tls-client-states.dot and docs/tls-server-states.dot are these exports; regenerate
    // them with examples/tls_states when the tables change.
    for (const auto& [file, text] : {std::pair{"tls-client-states.dot", wc::fsm::to_dot<wc::tls_client_handshake>("TLS client handshake (RFC 8446 A.1, RFC 5246 7.3)")},
                                     std::pair{"tls-server-states.dot", wc::fsm::to_dot<wc::tls_server_handshake>("TLS server handshake (RFC 8446 A.2, RFC 5246 7.3)")}}) {
        std::ifstream in(std::string(WIRECRAFT_TEST_DATA) + "/../../docs/" + file);
        std::stringstream saved;
        saved << in.rdbuf();
        CHECK(saved.str() == text);
    }
}
