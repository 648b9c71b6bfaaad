// ICMPv6: echo, errors quoting the offending packet, neighbour discovery with options, all
// crafted against Scapy's bytes; checksums over the IPv6 pseudo-header.
#include <catch2/catch.hpp>

#include <wirecraft/wirecraft.hpp>

#include "support/checks.hpp"
#include "support/corpus.hpp"

namespace wc = wirecraft;
using wctest::hex_bytes;
using wctest::scapy_fixture;

namespace {
const wc::ethernet to_server{.destination = "02:00:00:00:00:02", .source = "02:00:00:00:00:01"};
const wc::ethernet to_client{.destination = "02:00:00:00:00:01", .source = "02:00:00:00:00:02"};
wc::nd_option link_address(wc::nd_option_type type, wc::mac_address mac) {
    return wc::make_nd_option(type, wc::nd_link_address{mac}).value();
}
}  // namespace

TEST_CASE("icmpv6 messages crafted like Scapy", "[icmpv6_test]") {
    using t = wc::icmpv6_type;
    using o = wc::nd_option_type;
    // scapy_fixtures.md 35-42.
    CHECK(wc::to_bytes(to_server / wc::ipv6{.source = "2001:db8::1", .destination = "2001:db8::2"} /
                       wc::icmpv6{.type = t::echo_request, .identifier = 0x1234, .sequence = 7} / wc::payload{"ping"})
              .value() == scapy_fixture("icmpv6_echo_request"));
    CHECK(wc::to_bytes(wc::ethernet{.destination = "33:33:ff:00:00:02", .source = "02:00:00:00:00:01"} /
                       wc::ipv6{.hop_limit = 255, .source = "2001:db8::1", .destination = "ff02::1:ff00:2"} /
                       wc::icmpv6{.type = t::neighbor_solicitation, .target = "2001:db8::2",
                                  .options = {link_address(o::source_link_address, "02:00:00:00:00:01")}})
              .value() == scapy_fixture("icmpv6_neighbor_solicitation"));
    CHECK(wc::to_bytes(to_client / wc::ipv6{.hop_limit = 255, .source = "2001:db8::2", .destination = "2001:db8::1"} /
                       wc::icmpv6{.type = t::neighbor_advertisement, .router = true, .solicited = true, .override_flag = true,
                                  .target = "2001:db8::2", .options = {link_address(o::target_link_address, "02:00:00:00:00:02")}})
              .value() == scapy_fixture("icmpv6_neighbor_advertisement"));
    CHECK(wc::to_bytes(wc::ethernet{.destination = "33:33:00:00:00:01", .source = "02:00:00:00:00:02"} /
                       wc::ipv6{.hop_limit = 255, .source = "fe80::2", .destination = "ff02::1"} /
                       wc::icmpv6{.type = t::router_advertisement, .hop_limit = 64, .managed = true, .preference = 1,
                                  .router_lifetime = 1800, .reachable_time = 30000, .retransmit_timer = 1000,
                                  .options = {link_address(o::source_link_address, "02:00:00:00:00:02"),
                                              wc::make_nd_option(o::mtu, wc::nd_mtu{.mtu = 1500}).value(),
                                              wc::make_nd_option(o::prefix_information,
                                                                 wc::nd_prefix_information{.valid_lifetime = 2592000,
                                                                                           .preferred_lifetime = 604800,
                                                                                           .prefix = "2001:db8:1::"})
                                                  .value()}})
              .value() == scapy_fixture("icmpv6_router_advertisement"));
    CHECK(wc::to_bytes(wc::ethernet{.destination = "33:33:00:00:00:02", .source = "02:00:00:00:00:01"} /
                       wc::ipv6{.hop_limit = 255, .source = "fe80::1", .destination = "ff02::2"} /
                       wc::icmpv6{.type = t::router_solicitation, .options = {link_address(o::source_link_address, "02:00:00:00:00:01")}})
              .value() == scapy_fixture("icmpv6_router_solicitation"));
    CHECK(wc::to_bytes(to_client / wc::ipv6{.hop_limit = 255, .source = "fe80::2", .destination = "fe80::1"} /
                       wc::icmpv6{.type = t::redirect, .target = "fe80::3", .destination = "2001:db8:2::1",
                                  .options = {link_address(o::target_link_address, "02:00:00:00:00:03")}})
              .value() == scapy_fixture("icmpv6_redirect"));
    // Errors quote the offending packet: a stack continues through the quote.
    CHECK(wc::to_bytes(to_client / wc::ipv6{.source = "2001:db8::fe", .destination = "2001:db8::1"} /
                       wc::icmpv6{.type = t::packet_too_big, .rest_of_header = 1280} /
                       wc::ipv6{.hop_limit = 63, .source = "2001:db8::1", .destination = "2001:db8:5::5"} /
                       wc::udp{.source_port = 4010, .destination_port = 4011} / wc::payload{"quoted datagram"})
              .value() == scapy_fixture("icmpv6_packet_too_big"));
    CHECK(wc::to_bytes(to_client / wc::ipv6{.source = "2001:db8::2", .destination = "2001:db8::1"} /
                       wc::icmpv6{.type = t::destination_unreachable, .code = 4} /
                       wc::ipv6{.source = "2001:db8::1", .destination = "2001:db8::2"} /
                       wc::udp{.source_port = 4012, .destination_port = 33434} / wc::payload{"probe6"})
              .value() == scapy_fixture("icmpv6_dest_unreachable"));
}

TEST_CASE("icmpv6 neighbour discovery from a real capture", "[icmpv6_test]") {
    // zeek icmp6-nd-options.pcap frame 3, a router advertisement. tshark 4.0: cur hop limit 64,
    // router lifetime 1800, options source link address c2:00:54:f5:00:00, MTU 1500, prefix
    // 2001:db8:0:1::/64 (L, A) valid 2592000 preferred 604800.
    const auto file = wctest::load(wctest::data_dir() + "/captures/zeek/icmp6-nd-options.pcap");
    auto reader = wc::capture_reader::open(file);
    REQUIRE(reader);
    REQUIRE(reader->next());
    REQUIRE(reader->next());
    auto packet = reader->next();
    REQUIRE(packet);
    REQUIRE(*packet);
    auto ip = wc::parse<wc::ipv6>((**packet).data.subspan(14));
    REQUIRE(ip);
    auto ra = wc::parse<wc::icmpv6>(ip->payload());
    REQUIRE(ra);
    CHECK(ra->get<"type">() == wc::icmpv6_type::router_advertisement);
    CHECK(ra->get<"hop_limit">() == 64);
    CHECK(ra->get<"router_lifetime">() == 1800);
    CHECK(!wc::check_checksums(*ra, *ip));
    std::vector<wc::nd_option_type> types;
    const auto options = ra->get<"options">();  // named: the list's iterators point into it
    REQUIRE(options);
    for (auto option : *options) {
        types.push_back(option.kind);
        if (option.kind == wc::nd_option_type::source_link_address)
            CHECK(wc::parse<wc::nd_link_address>(option.data)->get<"address">() == wc::mac_address("c2:00:54:f5:00:00"));
        if (option.kind == wc::nd_option_type::mtu) CHECK(wc::parse<wc::nd_mtu>(option.data)->get<"mtu">() == 1500);
        if (option.kind == wc::nd_option_type::prefix_information) {
            auto prefix = wc::parse<wc::nd_prefix_information>(option.data);
            REQUIRE(prefix);
            CHECK(prefix->get<"prefix_length">() == 64);
            CHECK(prefix->get<"valid_lifetime">() == 2592000);
            CHECK(prefix->get<"preferred_lifetime">() == 604800);
            CHECK(prefix->get<"prefix">() == wc::ipv6_address("2001:db8:0:1::"));
        }
    }
    CHECK(types == std::vector<wc::nd_option_type>{wc::nd_option_type::source_link_address, wc::nd_option_type::mtu,
                                                   wc::nd_option_type::prefix_information});
}

TEST_CASE("icmpv6 option with length zero is an error", "[icmpv6_test]") {
    auto bytes = wc::to_bytes(wc::icmpv6{.type = wc::icmpv6_type::router_solicitation, .checksum = 0,
                                         .options = {link_address(wc::nd_option_type::source_link_address, "02:00:00:00:00:01")}})
                     .value();
    bytes[9] = std::byte{0};  // RFC 4861 4.6: "The value 0 is invalid."
    auto r = wc::parse<wc::icmpv6>(bytes);
    REQUIRE(!r);
    CHECK(to_string(r.error()) == "icmpv6.options: says 0 bytes, option header needs 2 (byte offset 9)");
}
