#include "support/checks.hpp"

namespace wc = wirecraft;
using wctest::scapy_fixture;

TEST_CASE("Linux SLL and SLL2 fields agree with tshark on the cooked captures", "[linux_sll_test]") {
    // tcpdump/mptcp-v1 (SLL) and zeek/openjdk-25.0.2 (SLL2): tshark reports 136 sll.* values.
    wctest::check_tshark_agreement({"sll."}, 135);
}

TEST_CASE("Linux SLL crafted like Scapy", "[linux_sll_test]") {
    wc::sll_address_bytes address{{0x02, 0, 0, 0, 0, 0x01, 0, 0}};
    auto bytes = wc::to_bytes(wc::linux_sll{.packet_type = wc::sll_packet_type::outgoing, .address = address} /
        wc::ipv4{.identification = 1, .ttl = 64, .protocol = wc::ip_protocol::udp,
                                             .source = "10.0.0.1", .destination = "10.0.0.2"} /
        wc::udp{.source_port = 1000, .destination_port = 2000} /
        wc::payload{wctest::text_bytes("hi")});
    REQUIRE(bytes);
    CHECK(*bytes == scapy_fixture("linux_sll_udp"));
}

TEST_CASE("Linux SLL2 crafted like Scapy", "[linux_sll_test]") {
    wc::sll_address_bytes address{{0x02, 0, 0, 0, 0, 0x02, 0, 0}};
    auto bytes = wc::to_bytes(wc::linux_sll2{.interface_index = 3, .address = address} /
        wc::ipv4{.identification = 2, .ttl = 64, .protocol = wc::ip_protocol::udp,
                                             .source = "10.0.0.2", .destination = "10.0.0.1"} /
        wc::udp{.source_port = 2000, .destination_port = 1000} /
        wc::payload{wctest::text_bytes("hi")});
    REQUIRE(bytes);
    CHECK(*bytes == scapy_fixture("linux_sll2_udp"));
}

TEST_CASE("Linux SLL parse: fields, MAC address, truncation", "[linux_sll_test]") {
    const auto frame = scapy_fixture("linux_sll_udp");
    auto sll = wc::parse<wc::linux_sll>(frame);
    REQUIRE(sll);
    CHECK(sll->get<"packet_type">() == wc::sll_packet_type::outgoing);
    CHECK(sll->get<"protocol">() == wc::ethertype::ipv4);
    CHECK(sll->payload().size() == 30);
    auto mac = wc::sll_mac_address(sll->get<"address_type">(), sll->get<"address_length">(), sll->get<"address">());
    REQUIRE(mac);
    CHECK(*mac == wc::mac_address("02:00:00:00:00:01"));
    // A 4-byte address (e.g. ARPHRD_IPGRE) is not a MAC.
    CHECK(!wc::sll_mac_address(778, 4, sll->get<"address">()));
    auto cut = wc::parse<wc::linux_sll>(std::span<const std::byte>(frame).first(15));
    REQUIRE(!cut);
    CHECK(to_string(cut.error()) == "linux_sll.protocol: needs 16 bytes, 15 available (byte offset 14)");
    auto cut2 = wc::parse<wc::linux_sll2>(std::span<const std::byte>(scapy_fixture("linux_sll2_udp")).first(9));
    REQUIRE(!cut2);
    CHECK(to_string(cut2.error()) == "linux_sll2.address_type: needs 10 bytes, 9 available (byte offset 8)");
}

TEST_CASE("Linux SLL2 from the openjdk capture: first frame", "[linux_sll_test]") {
    // Values from tshark -V on frame 1: outgoing (4), ifindex 2, fa:37:dc:8d:af:ab, IPv4.
    auto f = wctest::first_frame("zeek/openjdk-25.0.2-zeek.org.pcap");
    REQUIRE(f.packet.link == wc::link_type::linux_sll2);
    auto sll = wc::parse<wc::linux_sll2>(f.packet.data);
    REQUIRE(sll);
    CHECK(sll->get<"interface_index">() == 2);
    CHECK(sll->get<"packet_type">() == wc::sll_packet_type::outgoing);
    CHECK(wc::sll_mac_address(sll->get<"address_type">(), sll->get<"address_length">(), sll->get<"address">()) ==
          wc::mac_address("fa:37:dc:8d:af:ab"));
    CHECK(wc::to_string(*sll).find("packet_type: outgoing (4)") != std::string::npos);
}

static_assert(wc::fixed_size_v<wc::linux_sll> == 16);
static_assert(wc::fixed_size_v<wc::linux_sll2> == 20);
static_assert([] {
    // SLL2's protocol comes first, the 1-byte packet type at offset 10 (tcpdump.org LINKTYPE_LINUX_SLL2).
    auto header = wc::serialize_to_array(wc::linux_sll2{.protocol = wc::ethertype::arp, .packet_type = wc::sll_packet_type::broadcast}).value();
    return std::to_integer<int>(header[0]) == 0x08 && std::to_integer<int>(header[1]) == 0x06 &&
           std::to_integer<int>(header[10]) == 1;
}());
