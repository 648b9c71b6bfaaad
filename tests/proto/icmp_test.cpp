#include "support/checks.hpp"

namespace wc = wirecraft;
using wctest::scapy_fixture;

TEST_CASE("icmp fields agree with tshark on every well-formed capture", "[icmp_test]") {
    wctest::check_tshark_agreement({"icmp."}, 100);
}

TEST_CASE("icmp echo crafted like Scapy", "[icmp_test]") {
    auto bytes = wc::to_bytes(wc::ethernet{.destination = "02:00:00:00:00:02", .source = "02:00:00:00:00:01"} /
        wc::ipv4{.identification = 0x1234, .protocol = wc::ip_protocol::icmp, .source = "10.0.0.1", .destination = "10.0.0.2"} /
        wc::icmp{.type = wc::icmp_type::echo_request, .identifier = 0x42, .sequence = 1} /
        wc::payload{wctest::text_bytes("hello wirecraft")});
    REQUIRE(bytes);
    CHECK(*bytes == scapy_fixture("icmp_echo"));
}

TEST_CASE("icmp errors crafted like Scapy, quoting the offending datagram", "[icmp_test]") {
    auto quoted_udp = wc::to_bytes(wc::ipv4{.identification = 9, .protocol = wc::ip_protocol::udp, .source = "10.0.0.1", .destination = "10.0.0.2"} /
        wc::udp{.source_port = 40000, .destination_port = 33434} /
        wc::payload{wctest::text_bytes("probe")});
    REQUIRE(quoted_udp);
    auto unreachable = wc::to_bytes(wc::ipv4{.identification = 2, .protocol = wc::ip_protocol::icmp, .source = "10.0.0.2", .destination = "10.0.0.1"} /
        wc::icmp{.type = wc::icmp_type::destination_unreachable, .code = 3} /
        wc::payload{*quoted_udp});
    REQUIRE(unreachable);
    CHECK(*unreachable == scapy_fixture("icmp_port_unreachable"));

    auto quoted_echo = wc::to_bytes(wc::ipv4{.identification = 10, .ttl = 1, .protocol = wc::ip_protocol::icmp, .source = "10.0.0.1", .destination = "8.8.8.8"} /
        wc::icmp{.type = wc::icmp_type::echo_request, .identifier = 5, .sequence = 6});
    REQUIRE(quoted_echo);
    auto exceeded = wc::to_bytes(wc::ipv4{.identification = 3, .protocol = wc::ip_protocol::icmp, .source = "10.9.9.9", .destination = "10.0.0.1"} /
        wc::icmp{.type = wc::icmp_type::time_exceeded} /
        wc::payload{*quoted_echo});
    REQUIRE(exceeded);
    CHECK(*exceeded == scapy_fixture("icmp_time_exceeded"));

    auto quoted_redirect = wc::to_bytes(wc::ipv4{.identification = 11, .ttl = 63, .protocol = wc::ip_protocol::udp, .source = "10.0.0.1", .destination = "10.5.5.5"} /
        wc::udp{.source_port = 1, .destination_port = 2});
    REQUIRE(quoted_redirect);
    auto redirect = wc::to_bytes(wc::ipv4{.identification = 6, .protocol = wc::ip_protocol::icmp, .source = "10.0.0.254", .destination = "10.0.0.1"} /
        wc::icmp{.type = wc::icmp_type::redirect, .code = 1, .gateway = "10.0.0.253"} /
        wc::payload{*quoted_redirect});
    REQUIRE(redirect);
    CHECK(*redirect == scapy_fixture("icmp_redirect"));
}

TEST_CASE("icmp quoted header parses though the original datagram is cut", "[icmp_test]") {
    const auto packet = scapy_fixture("icmp_port_unreachable");
    auto outer = wc::parse<wc::ipv4>(packet);
    REQUIRE(outer);
    auto message = wc::parse<wc::icmp>(outer->payload());
    REQUIRE(message);
    CHECK(!message->get<"identifier">());  // not an echo: no identifier field
    CHECK(wc::internet_checksum(message->bytes()) == 0);
    auto quoted = wc::icmp_quoted_ipv4(*message);
    REQUIRE(quoted);
    REQUIRE(*quoted);
    CHECK((*quoted)->get<"destination">() == wc::ipv4_address("10.0.0.2"));
}

TEST_CASE("icmp bad checksum capture keeps its checksum and is reported when verified", "[icmp_test]") {
    // zeek's ip4-icmp-bad-chksum.pcap: an echo request whose checksum was hand-edited.
    const auto frame = wctest::first_frame("zeek/ip4-icmp-bad-chksum.pcap");
    auto eth = wc::parse<wc::ethernet>(frame.packet.data);
    auto ip = wc::parse<wc::ipv4>(eth->payload());
    REQUIRE(ip);
    auto message = wc::parse<wc::icmp>(ip->payload());
    REQUIRE(message);
    CHECK(wc::internet_checksum(message->bytes()) != 0);
    auto again = wc::to_bytes(wc::to_owned(*message), message->payload());
    REQUIRE(again);
    CHECK(std::equal(again->begin(), again->end(), message->bytes().begin(), message->bytes().end()));
}

TEST_CASE("icmp and ipv4 checksums checked on request, against Scapy's values", "[icmp_test]") {
    auto frame = wctest::scapy_fixture("icmp_echo");
    {
        auto eth = wc::parse<wc::ethernet>(frame);
        auto ip = wc::parse<wc::ipv4>(eth->payload());
        REQUIRE(ip);
        CHECK(!wc::check_checksums(*ip));
        auto icmp = wc::parse<wc::icmp>(ip->payload());
        REQUIRE(icmp);
        CHECK(!wc::check_checksums(*icmp));
    }
    // Zero both checksum fields: the computed values must be Scapy's (fixture 2: 0x549c, 0x9122).
    frame[14 + 10] = frame[14 + 11] = std::byte{0};
    frame[34 + 2] = frame[34 + 3] = std::byte{0};
    auto eth = wc::parse<wc::ethernet>(frame);
    auto ip = wc::parse<wc::ipv4>(eth->payload());
    REQUIRE(ip);
    auto ip_error = wc::check_checksums(*ip);
    REQUIRE(ip_error);
    CHECK(to_string(*ip_error) == "ipv4.checksum: checksum is 0, computed 21660 (byte offset 10)");
    auto icmp = wc::parse<wc::icmp>(ip->payload());
    REQUIRE(icmp);
    auto icmp_error = wc::check_checksums(*icmp);
    REQUIRE(icmp_error);
    CHECK(to_string(*icmp_error) == "icmp.checksum: checksum is 0, computed 37154 (byte offset 2)");
}

TEST_CASE("ipv4 parser given an IPv6 packet blames the version", "[icmp_test]") {
    // The start of an IPv6 header (RFC 8200): version 6, payload length 8, next header 58.
    const auto v6 = wctest::hex_bytes("6000000000083a40" "fe800000000000000000000000000001" "fe800000000000000000000000000002");
    auto r = wc::parse<wc::ipv4>(v6);
    REQUIRE(!r);
    CHECK(to_string(r.error()) == "ipv4.version: is 6, must be 4 (byte offset 0)");
}
