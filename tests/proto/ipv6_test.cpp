// IPv6 and its extension headers: crafted chains against Scapy's bytes, the chain walked from
// real captures, lengths and bounds checked.
#include <catch2/catch.hpp>

#include <wirecraft/wirecraft.hpp>

#include "support/checks.hpp"
#include "support/corpus.hpp"

namespace wc = wirecraft;
using wctest::hex_bytes;
using wctest::scapy_fixture;

namespace {
const wc::ethernet to_server{.destination = "02:00:00:00:00:02", .source = "02:00:00:00:00:01"};
wc::ipv6 ip6(std::uint8_t traffic_class = 0, std::uint32_t flow_label = 0) {
    return {.traffic_class = traffic_class, .flow_label = flow_label, .source = "2001:db8::1", .destination = "2001:db8::2"};
}
wc::ipv6_option padn(std::size_t zeros) { return {wc::ipv6_option_type::padn, std::vector<std::byte>(zeros)}; }
std::vector<std::byte> routing_addresses(std::vector<wc::ipv6_address> addresses) {
    return wc::to_bytes(wc::ipv6_routing_addresses{.addresses = std::move(addresses)}).value();
}
}  // namespace

TEST_CASE("ipv6 packets crafted like Scapy", "[ipv6_test]") {
    // scapy_fixtures.md 27-34 and 43.
    CHECK(wc::to_bytes(to_server / ip6(0xb8, 0x12345) / wc::udp{.source_port = 5353, .destination_port = 5353} /
                       wc::payload{hex_bytes("000000000001000000000000027763056c6f63616c0000010001")})
              .value() == scapy_fixture("ipv6_udp"));
    CHECK(wc::to_bytes(to_server / ip6(0, 0xabcde) /
                       wc::tcp{.source_port = 40010, .destination_port = 443, .sequence_number = 0x01020304, .syn = true, .window = 65535,
                               .options = {wc::tcp_options::mss(1440), wc::tcp_options::no_operation(), wc::tcp_options::window_scale(7)}})
              .value() == scapy_fixture("ipv6_tcp_syn"));
    CHECK(wc::to_bytes(wc::ethernet{.destination = "33:33:ff:00:00:02", .source = "02:00:00:00:00:01"} /
                       wc::ipv6{.hop_limit = 1, .source = "fe80::1", .destination = "ff02::1:ff00:2"} /
                       wc::ipv6_hop_by_hop{.options = {{wc::ipv6_option_type::router_alert, hex_bytes("0000")}, padn(0)}} /
                       wc::icmpv6{.type = wc::icmpv6_type::mld_report, .multicast_address = "ff02::1:ff00:2"})
              .value() == scapy_fixture("ipv6_hop_by_hop_icmpv6"));
    CHECK(wc::to_bytes(to_server / ip6() / wc::ipv6_destination_options{.options = {padn(4)}} /
                       wc::udp{.source_port = 4000, .destination_port = 4001} / wc::payload{"destopt"})
              .value() == scapy_fixture("ipv6_destination_options_udp"));
    // Segments left 1: the UDP checksum's pseudo-header uses the route's last address.
    CHECK(wc::to_bytes(to_server / ip6() /
                       wc::ipv6_routing{.routing_type = wc::ipv6_routing_type::source_route, .segments_left = 1,
                                        .data = routing_addresses({"2001:db8::99"})} /
                       wc::udp{.source_port = 4002, .destination_port = 4003} / wc::payload{"rh0"})
              .value() == scapy_fixture("ipv6_routing_type0"));
    CHECK(wc::to_bytes(to_server / wc::ipv6{.source = "2001:db8::1", .destination = "2001:db8::b"} /
                       wc::ipv6_routing{.routing_type = wc::ipv6_routing_type::segment_routing, .segments_left = 1,
                                        .data = wc::to_bytes(wc::ipv6_segment_routing{.last_entry = 1, .segments = {"2001:db8::a", "2001:db8::b"}})
                                                    .value()} /
                       wc::icmpv6{.type = wc::icmpv6_type::echo_request, .identifier = 0x0101, .sequence = 1} / wc::payload{"srv6"})
              .value() == scapy_fixture("ipv6_segment_routing"));
    CHECK(wc::to_bytes(to_server / ip6() / wc::ipv6_fragment{.more_fragments = true, .identification = 0x1234} /
                       wc::udp{.source_port = 4004, .destination_port = 4005} / wc::payload{"fragment-one-16B"})
              .value() == scapy_fixture("ipv6_fragment_udp"));
    CHECK(wc::to_bytes(to_server / ip6() / wc::ipv6_hop_by_hop{.options = {padn(4)}} / wc::ipv6_destination_options{.options = {padn(4)}} /
                       wc::ipv6_routing{.routing_type = wc::ipv6_routing_type::source_route, .segments_left = 0,
                                        .data = routing_addresses({"2001:db8::99"})} /
                       wc::ipv6_fragment{.identification = 0xdeadbeef} /
                       wc::tcp{.source_port = 40020, .destination_port = 22, .sequence_number = 1, .acknowledgment_number = 1, .ack = true,
                               .psh = true, .window = 512} /
                       wc::payload{"SSH-2.0-wc\r\n"})
              .value() == scapy_fixture("ipv6_chain"));
    CHECK(wc::to_bytes(to_server / wc::vlan_tag{.priority = 3, .id = 42} / ip6(0x20, 0x54321) /
                       wc::tcp{.source_port = 40030, .destination_port = 5002, .sequence_number = 100, .acknowledgment_number = 200,
                               .ack = true, .psh = true, .window = 1000} /
                       wc::payload{"data over vlan"})
              .value() == scapy_fixture("vlan_ipv6_tcp"));
}

TEST_CASE("ipv6 extension chain walked from a real capture", "[ipv6_test]") {
    // PcapPlusPlus ipv6_options.pcap frame 1; tshark: ipv6 (nxt 0) / hopopts (nxt 60) /
    // dstopts (nxt 43) / routing type 0, segleft 1 (nxt 51) / ah / ospf.
    const auto f = wctest::first_frame("pcapplusplus/ipv6_options.pcap");
    std::vector<std::string> layers;
    auto visit = [&](const auto& layer) { layers.emplace_back(wc::schema_t<typename std::remove_cvref_t<decltype(layer)>::protocol_type>::name); };
    const auto r = wc::dissect(f.packet.data, wc::linktype_ethernet, visit);
    CHECK(r.ok());
    CHECK(layers == std::vector<std::string>{"ethernet", "ipv6", "ipv6_hop_by_hop", "ipv6_destination_options", "ipv6_routing", "ah"});
    // tshark: AH length 4 (24 bytes), so 158 - 14 - 40 - 8 - 8 - 24 - 24 = 40 bytes of OSPF
    // after it, which no binding claims.
    CHECK(r.payload.size() == 40);
}

TEST_CASE("ipv6 lengths are checked", "[ipv6_test]") {
    auto packet = wc::to_bytes(ip6() / wc::ipv6_hop_by_hop{.next_header = wc::ip_protocol::ipv6_no_next, .options = {padn(4)}} /
                               wc::payload{"abcdefgh"})
                      .value();
    CHECK(packet.size() == 40 + 8 + 8);
    auto cut = std::span<const std::byte>(packet).first(50);
    auto ip = wc::parse<wc::ipv6>(cut);
    REQUIRE(!ip);
    CHECK(to_string(ip.error()) == "ipv6.payload_length: says 56 bytes, 50 available (byte offset 4)");
    // A hop-by-hop header claiming 16 bytes with 8 present.
    auto hop = wc::to_bytes(wc::ipv6_hop_by_hop{.next_header = wc::ip_protocol::ipv6_no_next, .length = 1, .options = {padn(4)}}).value();
    auto r = wc::parse<wc::ipv6_hop_by_hop>(hop);
    REQUIRE(!r);
    CHECK(to_string(r.error()) == "ipv6_hop_by_hop.length: says 16 bytes, 8 available (byte offset 1)");
    // The version must be 6.
    packet[0] = std::byte{0x40};
    auto v4 = wc::parse<wc::ipv6>(packet);
    REQUIRE(!v4);
    CHECK(to_string(v4.error()) == "ipv6.version: is 4, must be 6 (byte offset 0)");
}

TEST_CASE("ipv6 extension chains are bounded", "[ipv6_test]") {
    // 30 destination-options headers in a row, each naming the next: the walk stops at its limit.
    std::vector<std::byte> packet =
        wc::to_bytes(ip6() / wc::ipv6_destination_options{.next_header = wc::ip_protocol::ipv6_no_next, .options = {padn(4)}}).value();
    auto one = wc::to_bytes(wc::ipv6_destination_options{.next_header = wc::ip_protocol::ipv6_destination, .options = {padn(4)}}).value();
    for (int i = 0; i < 29; ++i) packet.insert(packet.end(), one.begin(), one.end());
    packet[40] = std::byte{60};  // the first one names the next too
    packet[4] = std::byte{0};
    packet[5] = std::byte{30 * 8};  // payload length
    std::size_t visited = 0;
    auto count = [&](const auto&) { ++visited; };
    const auto r = wc::dissect(packet, wc::linktype_ipv6, count, wc::dissect_options{.max_layers = 16});
    REQUIRE(r.failure);
    CHECK(visited == 16);
    CHECK(r.failure->kind == wc::error_kind::limit_exceeded);
    CHECK(r.failure->offset == 40 + 15 * 8);
}

TEST_CASE("ipv6 jumbograms take every byte, their length in the Jumbo Payload option", "[ipv6_test]") {
    // tcpdump ipv6_jumbogram_1.pcap frame 1, 65,590 bytes. tshark: payload length 0 (Jumbogram),
    // next header 0, hop limit 227; hop-by-hop (next header 58, length 0) with a Jumbo Payload
    // option of 65,536; ICMPv6 echo request, checksum 0xe3b0 [correct], id 0x11e0, seq 51486,
    // 65,520 data bytes.
    const auto f = wctest::first_frame("tcpdump/ipv6_jumbogram_1.pcap");
    const std::span<const std::byte> frame(f.packet.data);
    REQUIRE(frame.size() == 65590);
    std::optional<wc::view<wc::ethernet>> eth;
    std::optional<wc::view<wc::ipv6>> ip;
    std::optional<wc::view<wc::ipv6_hop_by_hop>> hop;
    std::optional<wc::view<wc::icmpv6>> icmp;
    std::size_t layers = 0;
    auto visit = [&](const auto& layer) {
        using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
        ++layers;
        if constexpr (std::is_same_v<P, wc::ethernet>) eth = layer;
        if constexpr (std::is_same_v<P, wc::ipv6>) ip = layer;
        if constexpr (std::is_same_v<P, wc::ipv6_hop_by_hop>) hop = layer;
        if constexpr (std::is_same_v<P, wc::icmpv6>) icmp = layer;
    };
    const auto r = wc::dissect(frame, wc::linktype_ethernet, visit);
    REQUIRE(r.ok());
    CHECK(layers == 4);
    REQUIRE((eth && ip && hop && icmp));
    CHECK(ip->get<"payload_length">() == 0);
    CHECK(ip->get<"hop_limit">() == 227);
    CHECK(ip->size() == 65590 - 14);
    std::optional<std::uint32_t> jumbo;
    const auto options = hop->get<"options">();
    for (auto option : options)
        if (option.kind == wc::ipv6_option_type::jumbo_payload && option.data.size() == 4)
            jumbo = static_cast<std::uint32_t>(wc::detail::load_be(option.data.data(), 4));
    CHECK(jumbo == 65536u);
    CHECK(hop->size() == 65536);  // RFC 2675: the jumbo length counts the hop-by-hop header and what follows
    CHECK(icmp->get<"type">() == wc::icmpv6_type::echo_request);
    CHECK(icmp->get<"checksum">() == 0xe3b0);
    CHECK(icmp->get<"identifier">() == 0x11e0);
    CHECK(icmp->get<"sequence">() == 51486);
    CHECK(icmp->payload().size() == 65520);
    // The checksum covers all 65,528 bytes, with the 32-bit upper-layer length of RFC 2675 section 4.
    CHECK(!wc::check_checksums(*icmp, *ip));

    // Byte-identical re-serialization from the owned values; payload length 0 kept as found.
    const auto owned_ip = wc::to_owned(*ip);
    const auto owned_hop = wc::to_owned(*hop);
    const auto owned_icmp = wc::to_owned(*icmp);
    const auto again = wc::to_bytes(wc::to_owned(*eth) / owned_ip / owned_hop / owned_icmp / wc::payload{icmp->payload()});
    REQUIRE(again);
    CHECK(std::equal(again->begin(), again->end(), frame.begin(), frame.end()));
    // Left to be computed, 65,536 does not fit the 16-bit payload length: an error, not a wrapped value.
    auto unset = owned_ip;
    unset.payload_length.reset();
    const auto too_big = wc::to_bytes(wc::to_owned(*eth) / unset / owned_hop / owned_icmp / wc::payload{icmp->payload()});
    REQUIRE(!too_big);
    CHECK(to_string(too_big.error()).find("ipv6.payload_length") != std::string::npos);
}

TEST_CASE("ipv6 payload length 0 without a hop-by-hop header is an empty payload", "[ipv6_test]") {
    // Not a jumbogram (RFC 2675 section 3 needs the hop-by-hop header): the bytes after the header
    // are not the packet's, and the UDP header the next header names is missing.
    auto packet = wc::to_bytes(ip6() / wc::udp{.source_port = 1, .destination_port = 2} / wc::payload{"abcd"}).value();
    packet[4] = packet[5] = std::byte{0};
    auto ip = wc::parse<wc::ipv6>(packet);
    REQUIRE(ip);
    CHECK(ip->payload().empty());
    std::size_t visited = 0;
    auto count = [&](const auto&) { ++visited; };
    const auto r = wc::dissect(packet, wc::linktype_ipv6, count);
    REQUIRE(r.failure);
    CHECK(visited == 1);
    CHECK(to_string(*r.failure).find("udp") == 0);
}
