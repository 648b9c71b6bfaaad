#include "support/checks.hpp"

namespace wc = wirecraft;
using wctest::scapy_fixture;

TEST_CASE("ipv4 fields agree with tshark on every well-formed capture", "[ipv4_test]") {
    wctest::check_tshark_agreement({"ip."}, 3000);
}

TEST_CASE("every IPv4 header in the corpus re-serializes byte for byte", "[ipv4_test]") {
    std::size_t headers = 0;
    for (const auto& f : wctest::compare_corpus()) {
        INFO(f.capture << " frame " << f.number);
        for (auto& what : f.ours.reserialize_failures) FAIL_CHECK("re-serialization differs: " << what);
        headers += f.ours.fields.count("ip.version") ? f.ours.fields.at("ip.version").size() : 0;
    }
    CHECK(headers > 500);
}

TEST_CASE("ipv4 crafted like Scapy: options, record route and router alert", "[ipv4_test]") {
    auto rr = wc::make_ipv4_option(wc::ipv4_option_kind::record_route,
                                   wc::ipv4_route_option{.pointer = 4, .addresses = {"1.2.3.4", "0.0.0.0"}});
    auto ra = wc::make_ipv4_option(wc::ipv4_option_kind::router_alert, wc::ipv4_router_alert_option{.value = 0});
    REQUIRE(rr);
    REQUIRE(ra);
    const wc::ipv4 ip{.dscp = 46, .identification = 0xbeef, .dont_fragment = true, .ttl = 32, .protocol = wc::ip_protocol::udp,
                      .source = "172.16.0.1", .destination = "172.16.0.2", .options = {*rr, *ra}};
    auto bytes = wc::to_bytes(ip /
        wc::udp{.source_port = 1234, .destination_port = 53} /
        wc::payload{wctest::text_bytes("payload")});
    REQUIRE(bytes);
    CHECK(*bytes == scapy_fixture("ipv4_options_udp"));
}

TEST_CASE("ipv4 crafted like Scapy: fragment and timestamp option", "[ipv4_test]") {
    std::vector<std::byte> zeros(16, std::byte{0});
    auto frag = wc::to_bytes(wc::ipv4{.identification = 0x4242, .more_fragments = true, .fragment_offset = 185,
                                      .protocol = wc::ip_protocol::udp, .source = "10.0.0.1", .destination = "10.0.0.2"},
                             zeros);
    REQUIRE(frag);
    CHECK(*frag == scapy_fixture("ipv4_fragment"));

    auto ts = wc::make_ipv4_option(wc::ipv4_option_kind::timestamp,
                                   wc::ipv4_timestamp_option{.pointer = 5, .data = std::vector<std::byte>(4, std::byte{0})});
    REQUIRE(ts);
    auto bytes = wc::to_bytes(wc::ipv4{.identification = 5, .protocol = wc::ip_protocol::icmp, .source = "10.0.0.1",
                                                 .destination = "10.0.0.2", .options = {*ts}} /
        wc::icmp{.type = wc::icmp_type::echo_request, .identifier = 9, .sequence = 9});
    REQUIRE(bytes);
    CHECK(*bytes == scapy_fixture("ipv4_timestamp_option"));
}

TEST_CASE("ipv4 typed option bodies parse from a real capture's option data", "[ipv4_test]") {
    const auto fixture = scapy_fixture("ipv4_options_udp");
    auto ip = wc::parse<wc::ipv4>(fixture);
    REQUIRE(ip);
    auto options = ip->get<"options">();
    auto first = *options.begin();
    CHECK(first.kind == wc::ipv4_option_kind::record_route);
    auto route = wc::parse<wc::ipv4_route_option>(first.data);
    REQUIRE(route);
    CHECK(route->get<"pointer">() == 4);
    std::vector<wc::ipv4_address> addresses(route->get<"addresses">().begin(), route->get<"addresses">().end());
    CHECK(addresses == std::vector<wc::ipv4_address>{"1.2.3.4", "0.0.0.0"});
    CHECK(options.count() == 3);  // RR, router alert, EOL padding (Scapy pads with a zero byte)
}

TEST_CASE("ipv4 malformed captures give precise errors", "[ipv4_test]") {
    auto first_ipv4_error = [](const char* capture) {
        auto w = wctest::walk(wctest::first_frame(capture).packet);
        REQUIRE(!w.errors.empty());
        return w.errors.front();
    };
    // The MANIFEST describes these tcpdump regression inputs: IHL 4, a total length shorter
    // than the header, and a total length past the frame. Offsets count from the frame's start
    // (the IPv4 header begins after 14 bytes of Ethernet).
    CHECK(first_ipv4_error("tcpdump/ipv4_invalid_hdr_length.pcap") ==
          "ipv4.header_length: value 4 is below the minimum 5 (byte offset 14)");
    CHECK(first_ipv4_error("tcpdump/ipv4_invalid_total_length_2.pcap").rfind("ipv4.total_length: says ", 0) == 0);
    CHECK(first_ipv4_error("tcpdump/ipv4_invalid_total_length.pcap").rfind("ipv4.total_length: says ", 0) == 0);
    CHECK(first_ipv4_error("zeek/ip4-trunc.pcap").rfind("ipv4.", 0) == 0);
}

TEST_CASE("ipv4 errors name the field, the numbers and the offset", "[ipv4_test]") {
    const auto fixture = scapy_fixture("icmp_echo");  // Ethernet + IPv4 (total length 43) + ICMP
    const auto ip_bytes = std::span<const std::byte>(fixture).subspan(14);
    auto cut = wc::parse<wc::ipv4>(ip_bytes.first(30));
    REQUIRE(!cut);
    CHECK(to_string(cut.error()) == "ipv4.total_length: says 43 bytes, 30 available (byte offset 2)");
    auto tiny = wc::parse<wc::ipv4>(ip_bytes.first(13));
    REQUIRE(!tiny);
    CHECK(to_string(tiny.error()) == "ipv4.source: needs 16 bytes, 13 available (byte offset 12)");
    CHECK(cut.error().kind == wc::error_kind::length_inconsistent);
}

namespace {
constexpr auto crafted_header = [] {
    return wc::serialize_to_array(wc::ipv4{.ttl = 64, .protocol = wc::ip_protocol::udp, .source = "10.0.0.1",
                                           .destination = "10.0.0.2"}).value();
}();
// RFC 1071: a header holding its correct checksum sums to zero.
static_assert(crafted_header.size() == 20);
static_assert(wc::internet_checksum(crafted_header.span()) == 0);
static_assert(std::to_integer<int>(crafted_header[0]) == 0x45);
static_assert(wc::parse<wc::ipv4>(crafted_header.span())->get<"ttl">() == 64);
static_assert(wc::parse<wc::ipv4>(crafted_header.span())->get<"total_length">() == 20);
static_assert(!wc::parse<wc::ipv4>(crafted_header.span().first(19)));
// An explicit value overrides the computed one: a deliberately wrong checksum is kept.
static_assert(wc::parse<wc::ipv4>([] {
                  return wc::serialize_to_array(wc::ipv4{.protocol = wc::ip_protocol::tcp, .checksum = 0xdead}).value();
              }().span())->get<"checksum">() == 0xdead);
}  // namespace

TEST_CASE("ipv4 values print as a named tree", "[ipv4_test]") {
    auto ip = wc::parse<wc::ipv4>(crafted_header.span());
    REQUIRE(ip);
    const auto text = to_string(*ip);
    CHECK(text.find("  protocol: udp (17)") != std::string::npos);
    CHECK(text.find("  source: 10.0.0.1") != std::string::npos);
}

TEST_CASE("ipv4 fragments and ICMP errors crafted like Scapy, in one stack", "[ipv4_test]") {
    const wc::ethernet to_server{.destination = "02:00:00:00:00:02", .source = "02:00:00:00:00:01"};
    const wc::ethernet to_client{.destination = "02:00:00:00:00:01", .source = "02:00:00:00:00:02"};
    // scapy_fixtures.md 23-24: Scapy's fragment() of a 48-byte UDP datagram; the first fragment
    // carries the UDP header, whose length and checksum describe the whole datagram.
    const std::string data = "wirecraft-fragmented-udp-datagram-40B!!!";
    CHECK(wc::to_bytes(to_server /
                       wc::ipv4{.identification = 0x5555, .more_fragments = true, .source = "10.0.0.1", .destination = "10.0.0.2"} /
                       wc::udp{.source_port = 5000, .destination_port = 6000, .length = 48, .checksum = 0x9b7f} /
                       wc::payload{data.substr(0, 16)})
              .value() == scapy_fixture("ipv4_fragment_first_udp"));
    CHECK(wc::to_bytes(to_server /
                       wc::ipv4{.identification = 0x5555, .fragment_offset = 3, .protocol = wc::ip_protocol::udp, .source = "10.0.0.1",
                                .destination = "10.0.0.2"} /
                       wc::payload{data.substr(16)})
              .value() == scapy_fixture("ipv4_fragment_second"));
    // 25: an ICMP error quoting IPv4/UDP, all four layers in one stack.
    CHECK(wc::to_bytes(to_client / wc::ipv4{.dscp = 48, .identification = 0x0100, .source = "10.0.0.2", .destination = "10.0.0.1"} /
                       wc::icmp{.type = wc::icmp_type::destination_unreachable, .code = 3} /
                       wc::ipv4{.identification = 0x2001, .source = "10.0.0.1", .destination = "10.0.0.2"} /
                       wc::udp{.source_port = 53000, .destination_port = 33435} / wc::payload{"@ABCDEFGHIJKLMNOPQRSTUVW"})
              .value() == scapy_fixture("icmp_dest_unreachable_udp"));
    // 26: only 8 bytes of the TCP header are quoted, and the quoted total length is the
    // original datagram's (40), set by hand.
    CHECK(wc::to_bytes(to_client /
                       wc::ipv4{.dscp = 48, .identification = 0x3001, .ttl = 254, .source = "192.0.2.1", .destination = "10.0.0.1"} /
                       wc::icmp{.type = wc::icmp_type::time_exceeded} /
                       wc::ipv4{.total_length = 40, .identification = 0x4001, .dont_fragment = true, .ttl = 1,
                                .protocol = wc::ip_protocol::tcp, .source = "10.0.0.1", .destination = "198.51.100.7"} /
                       wc::payload{wctest::hex_bytes("9c4501bb11223344")})
              .value() == scapy_fixture("icmp_time_exceeded_tcp"));
}
