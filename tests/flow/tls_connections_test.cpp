// From frames to handshake machines, without keys. The expected values are OpenSSL's own
// report of each session (tests/data/live/tls_openssl_sessions.tsv: s_client's -msg list,
// New/Reused, version, alert) and the corpus MANIFEST's tshark-derived facts for the public
// captures. Without keys, a path shows what is in the clear: in TLS 1.2 all but the contents
// of Finished and the application data; in TLS 1.3 the hellos and ChangeCipherSpecs.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include <wirecraft/flow/tls_connections.hpp>
#include <wirecraft/pcap/pcap.hpp>

#include "support/corpus.hpp"

namespace wc = wirecraft;

namespace {

wc::tls_connection_tracker track(const std::string& capture, std::size_t lost_frame = 0) {
    const auto data = wctest::load(wctest::data_dir() + "/captures/" + capture);
    auto reader = wc::capture_reader::open(data).value();
    wc::tls_connection_tracker tracker;
    for (std::size_t frame = 1; auto p = reader.next().value(); ++frame)
        if (frame != lost_frame) tracker.add_frame(p->data, static_cast<std::uint32_t>(p->link));
    return tracker;
}

std::vector<std::string> path_of(const wc::tls_handshake_observer& o) {
    std::vector<std::string> out;
    for (const auto& step : o.path()) out.push_back(wc::to_string(step));
    return out;
}

std::string joined(const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : " ") + i;
    return s;
}

// What of s_client's -msg list is in the clear on the wire, and what of our path s_client
// would list. s_client does not list the ChangeCipherSpec it receives, nor application data,
// and stops at its own close_notify. Without keys a TLS 1.2 Finished is known by its place
// and an alert after ChangeCipherSpec only as an alert; in TLS 1.3 everything after the
// ServerHello but ChangeCipherSpec is encrypted.
std::vector<std::string> openssl_visible(const std::string& description, bool tls_1_3) {
    const std::string marker = "openssl -msg: ";
    std::istringstream in(description.substr(description.find(marker) + marker.size()));
    std::vector<std::string> items;
    for (std::string item; in >> item;) {
        if (!items.empty() && items.back().find('(') != std::string::npos && items.back().back() != ')') items.back() += " " + item;
        else items.push_back(item);
    }
    std::vector<std::string> out;
    bool after_server_hello = false, client_encrypts = false;
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string item = items[i];
        if (!tls_1_3 && item == ">ChangeCipherSpec") client_encrypts = true;
        if (client_encrypts && item.rfind(">Alert(", 0) == 0) item = ">Alert(encrypted)";
        const bool server_hello = item == "<ServerHello";
        const bool retry = server_hello && i + 1 < items.size() && items[i + 1] == ">ChangeCipherSpec" && i + 2 < items.size() &&
                           items[i + 2] == ">ClientHello";
        if (tls_1_3 && after_server_hello && item != ">ChangeCipherSpec") continue;
        out.push_back(item);
        if (server_hello && !retry) after_server_hello = true;
    }
    return out;
}
std::vector<std::string> as_openssl_lists(const std::vector<std::string>& path, bool handshake_failed) {
    std::vector<std::string> out;
    for (std::string step : path) {
        if (step == "<ChangeCipherSpec" || step.find("encrypted application_data") != std::string::npos) continue;
        if (const auto at = step.find("(encrypted)"); at != std::string::npos && step.rfind("Alert", 1) != 1) step.erase(at);
        out.push_back(step);
        if (step.rfind(">Alert", 0) == 0 || (handshake_failed && step.rfind("<Alert", 0) == 0)) break;
    }
    return out;
}

}  // namespace

TEST_CASE("tls connections: OpenSSL's sessions without keys", "[tls_connections_test]") {
    auto tracker = track("../live/tls_openssl_sessions.pcap");
    REQUIRE(tracker.connections().size() == 14);
    CHECK(tracker.mid_stream() == 0);
    std::map<std::string, const wc::tls_connection*> by_port;
    for (const auto& c : tracker.connections()) by_port[std::to_string(c.client.port)] = &c;
    std::ifstream file(wctest::data_dir() + "/live/tls_openssl_sessions.tsv");
    std::size_t checked = 0;
    for (std::string line; std::getline(file, line);) {
        std::vector<std::string> c;
        std::istringstream in(line);
        for (std::string column; std::getline(in, column, '\t');) c.push_back(column);
        REQUIRE(c.size() == 9);
        const auto& [scenario, client_port, server_port, version, cipher, reuse, alpn, alert, description] =
            std::tie(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
        INFO(scenario << " " << client_port);
        REQUIRE(by_port.count(client_port) == 1);
        const wc::tls_connection& connection = *by_port.at(client_port);
        CHECK(std::to_string(connection.server.port) == server_port);
        CHECK(!connection.errors[0]);
        CHECK(!connection.errors[1]);
        const auto& o = connection.observer;
        const auto& facts = o.facts();
        const bool tls_1_3 = version == "TLSv1.3";
        CHECK(joined(as_openssl_lists(path_of(o), alert != "-")) == joined(openssl_visible(description, tls_1_3)));
        if (alert != "-") {
            CHECK(o.client().state_name() == "FAILED");
            CHECK(o.server().state_name() == "FAILED");
            REQUIRE(facts.alert);
            CHECK(facts.alert->description == wc::tls_alert_description::handshake_failure);
            ++checked;
            continue;
        }
        CHECK(facts.version == (tls_1_3 ? wc::tls_version::tls_1_3 : wc::tls_version::tls_1_2));
        CHECK((wc::resumption_of(facts) != wc::tls_resumption::none) == (reuse == "Reused"));
        // TLS 1.2's close_notify is an encrypted alert record: CLOSED. TLS 1.3's is an
        // application_data record like any other: the machines stay CONNECTED.
        CHECK(o.client().state_name() == (tls_1_3 ? "CONNECTED" : "CLOSED"));
        CHECK(o.server().state_name() == (tls_1_3 ? "CONNECTED" : "CLOSED"));
        CHECK(facts.followed_encrypted == tls_1_3);
        CHECK(!facts.failure);
        if (scenario == "tls13_early_data" && reuse == "Reused") CHECK(facts.early_data_records >= 1);
        ++checked;
    }
    CHECK(checked == 14);
}

TEST_CASE("tls connections: the corpus captures", "[tls_connections_test]") {
    SECTION("zeek tls-early-alert: a warning unrecognized_name before the ServerHello, then a False Start") {
        auto t = track("zeek/tls-early-alert.pcap");
        REQUIRE(t.connections().size() == 1);
        const auto& o = t.connections()[0].observer;
        CHECK(o.client().state_name() == "CONNECTED");
        CHECK(o.server().state_name() == "CONNECTED");
        REQUIRE(o.facts().alert);
        CHECK(static_cast<int>(o.facts().alert->description) == 112);  // MANIFEST: tls_alert=112
        CHECK(o.facts().version == wc::tls_version::tls_1_2);          // MANIFEST: tls_negotiated=1.2
        CHECK(o.facts().false_start);
    }
    SECTION("zeek ocsp-stapling: CertificateStatus after Certificate (MANIFEST tls_hs=...,22)") {
        auto t = track("zeek/ocsp-stapling.pcap");
        REQUIRE(t.connections().size() == 1);
        const auto& o = t.connections()[0].observer;
        CHECK(joined(path_of(o)).rfind(">ClientHello <ServerHello <Certificate <CertificateStatus <ServerKeyExchange <ServerHelloDone", 0) == 0);
        CHECK(o.facts().version == wc::tls_version::tls_1_0);  // MANIFEST: tls_negotiated=1.0
        CHECK(o.client().state_name() == "CLOSED");
    }
    SECTION("zeek tls13_psk_succesfull: TLS 1.3 resumed with a PSK") {
        auto t = track("zeek/tls13_psk_succesfull.pcap");
        REQUIRE(t.connections().size() == 1);
        const auto& o = t.connections()[0].observer;
        CHECK(wc::resumption_of(o.facts()) == wc::tls_resumption::psk);
        CHECK(o.client().state_name() == "CONNECTED");
    }
    SECTION("zeek tls1.2-protocol-violation: the server's stream stops at its oversized message; the machines fail after it") {
        auto t = track("zeek/tls1.2-protocol-violation.pcap");
        REQUIRE(t.connections().size() == 1);
        const auto& c = t.connections()[0];
        REQUIRE(c.errors[1]);
        CHECK(c.errors[1]->field == "length");
        CHECK(c.observer.client().state_name() == "FAILED");
        CHECK(wc::to_string(*c.observer.facts().failure) == "client ClientKeyExchange in WAIT_SERVER_KEY_EXCHANGE: not allowed in this state");
    }
    SECTION("zeek ssl-v2: an SSL 2.0 ClientHello and an SSL 2.0 answer, reported and not followed") {
        auto t = track("zeek/ssl-v2.pcap");
        REQUIRE(t.connections().size() == 1);
        const auto& c = t.connections()[0];
        const auto& v2 = c.observer.sslv2();
        // tshark 4.0, frame 4: version SSL 2.0 (0x0002), length 46, cipher spec length 21 (7
        // specs), session id length 0, challenge length 16.
        REQUIRE(v2.client_hello);
        CHECK(v2.client_hello->version == 0x0002);
        CHECK(v2.client_hello->length == 46);
        CHECK(v2.client_hello->cipher_specs_length == 21);
        CHECK(v2.client_hello->session_id_length == 0);
        CHECK(v2.client_hello->challenge_length == 16);
        // Frame 6: Server Hello, length 948, session id hit false, certificate type 1 (X.509),
        // version 0x0002, certificate length 903, cipher spec length 18, connection id length 16.
        CHECK(v2.server_answered);
        REQUIRE(v2.server_hello);
        CHECK(v2.server_hello->length == 948);
        CHECK_FALSE(v2.server_hello->session_id_hit);
        CHECK(v2.server_hello->certificate_type == 1);
        CHECK(v2.server_hello->version == 0x0002);
        CHECK(v2.server_hello->certificate_length == 903);
        CHECK(v2.server_hello->cipher_specs_length == 18);
        CHECK(v2.server_hello->connection_id_length == 16);
        // Neither direction is read as TLS, and the machines never start.
        REQUIRE(c.errors[0]);
        REQUIRE(c.errors[1]);
        CHECK(c.errors[0]->detail == "after an SSL 2.0 ClientHello (reported by sslv2(), not followed)");
        CHECK(c.observer.path().empty());
        CHECK(c.observer.client().state_name() == "START");
    }
    SECTION("zeek tls1_1 without frame 7: the server's stream waits at the gap; finish() says where and how long") {
        // tshark: frame 7 is the server's segment at relative sequence 1431 (stream offset 1430),
        // 1,430 bytes long, in the middle of the Certificate.
        auto t = track("zeek/tls1_1.pcap", 7);
        REQUIRE(t.connections().size() == 1);
        const auto& c = t.connections()[0];
        CHECK_FALSE(c.errors[1]);  // waiting: frames 10, 11 and 14 are held after the gap
        CHECK(c.streams[1].buffered() == 1430 + 219 + 303);  // their tcp.len
        t.finish();
        REQUIRE(c.errors[1]);
        CHECK(c.errors[1]->offset == 1430);
        CHECK(c.errors[1]->needed == 1430);
        CHECK(wc::to_string(*c.errors[1]) ==
              "tcp_stream: needs 1430 bytes, 0 available (lost by the capture; the direction is not read after the gap) (byte offset 1430)");
        CHECK_FALSE(c.errors[0]);  // the client's stream had no gap
        CHECK(joined(path_of(c.observer)).rfind(">ClientHello <ServerHello", 0) == 0);
        // The whole capture, finished, has no gap to report.
        auto whole = track("zeek/tls1_1.pcap");
        whole.finish();
        CHECK_FALSE(whole.connections()[0].errors[1]);
    }
    SECTION("zeek tls13-ech: the connection begun before the capture is counted, not followed") {
        auto t = track("zeek/tls13-ech.pcap");
        CHECK(t.mid_stream() == 1);
        REQUIRE(t.connections().size() == 2);
        for (const auto& c : t.connections()) CHECK(c.observer.client().state_name() == "CONNECTED");
    }
}
