// Layer stacking: next-protocol fields, lengths and checksums filled from the bindings; values
// the user set kept as set; whole frames built at compile time.
#include <catch2/catch.hpp>

#include <wirecraft/wirecraft.hpp>

#include "support/checks.hpp"
#include "support/corpus.hpp"

namespace wc = wirecraft;

namespace {
constexpr auto syn_stack() {
    return wc::ethernet{.destination = "02:00:00:00:00:02", .source = "02:00:00:00:00:01"} /
           wc::ipv4{.identification = 1, .ttl = 64, .source = "10.0.0.1", .destination = "10.0.0.2"} /
           wc::tcp{.source_port = 40000, .destination_port = 80, .sequence_number = 1000, .syn = true, .window = 64240,
                   .options = {wc::tcp_options::mss(1460), wc::tcp_options::sack_permitted(), wc::tcp_options::timestamps(12345, 0),
                               wc::tcp_options::no_operation(), wc::tcp_options::window_scale(7)}};
}

// Scapy 2.5: Ether(dst=..02, src=..01)/IP(id=1, ttl=64, src=10.0.0.1, dst=10.0.0.2)/TCP(sport=40000,
// dport=80, seq=1000, flags="S", window=64240, options=[MSS 1460, SAckOK, Timestamp (12345, 0), NOP, WScale 7]).
constexpr std::array<std::uint8_t, 74> scapy_syn{
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x00,
    0x01, 0x00, 0x00, 0x40, 0x06, 0x66, 0xb9, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x00, 0x50,
    0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0, 0x68, 0x5b, 0x00, 0x00, 0x02, 0x04, 0x05,
    0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x30, 0x39, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07};

constexpr bool syn_matches_scapy() {
    auto bytes = wc::serialize_to_array<128>(syn_stack());
    if (!bytes || bytes->size() != scapy_syn.size()) return false;
    for (std::size_t i = 0; i < scapy_syn.size(); ++i)
        if (std::to_integer<std::uint8_t>((*bytes)[i]) != scapy_syn[i]) return false;
    return true;
}
static_assert(syn_matches_scapy(), "an Ethernet/IPv4/TCP SYN built at compile time equals Scapy's bytes");
}  // namespace

TEST_CASE("stack: next-protocol fields come from the bindings", "[stack_test]") {
    auto bytes = wc::to_bytes(syn_stack());
    REQUIRE(bytes);
    CHECK(bytes->size() == 74);
    auto eth = wc::parse<wc::ethernet>(*bytes);
    REQUIRE(eth);
    CHECK(eth->get<"type">() == wc::ethertype::ipv4);
    auto ip = wc::parse<wc::ipv4>(eth->payload());
    REQUIRE(ip);
    CHECK(ip->get<"protocol">() == wc::ip_protocol::tcp);
    CHECK(!wc::check_checksums(*ip));
    auto tcp = wc::parse<wc::tcp>(ip->payload());
    REQUIRE(tcp);
    CHECK(!wc::check_checksums(*tcp, *ip));
}

TEST_CASE("stack: values the user set are kept, even wrong ones", "[stack_test]") {
    auto s = wc::ethernet{.type = wc::ethertype::arp} / wc::ipv4{.protocol = wc::ip_protocol::udp, .checksum = 0xdead} /
             wc::tcp{.checksum = 0xbeef};
    auto bytes = wc::to_bytes(s);
    REQUIRE(bytes);
    CHECK(std::to_integer<int>((*bytes)[12]) == 0x08);
    CHECK(std::to_integer<int>((*bytes)[13]) == 0x06);  // arp, as set
    auto ip = wc::parse<wc::ipv4>(std::span<const std::byte>(*bytes).subspan(14));
    REQUIRE(ip);
    CHECK(ip->get<"protocol">() == wc::ip_protocol::udp);
    CHECK(ip->get<"checksum">() == 0xdead);
    auto tcp = wc::parse<wc::tcp>(ip->payload());
    REQUIRE(tcp);
    CHECK(tcp->get<"checksum">() == 0xbeef);
}

TEST_CASE("stack: a next-protocol field with nothing above it must be set", "[stack_test]") {
    auto r = wc::to_bytes(wc::ethernet{} / wc::payload{"abc"});
    REQUIRE(!r);
    CHECK(to_string(r.error()) == "ethernet.type: malformed (names the next layer but is empty, with no layer stacked above to fill it from) (byte offset 12)");
}

TEST_CASE("stack: IPv6 extension headers pass the pseudo-header through", "[stack_test]") {
    auto s = wc::ethernet{} / wc::ipv6{.source = "2001:db8::1", .destination = "2001:db8::2"} /
             wc::ipv6_fragment{.identification = 7} / wc::udp{.source_port = 1, .destination_port = 2} / wc::payload{"xyz"};
    auto bytes = wc::to_bytes(s);
    REQUIRE(bytes);
    const std::span<const std::byte> all(*bytes);
    auto ip = wc::parse<wc::ipv6>(all.subspan(14));
    REQUIRE(ip);
    CHECK(ip->get<"next_header">() == wc::ip_protocol::ipv6_fragment);
    CHECK(ip->get<"payload_length">() == 8 + 8 + 3);
    auto frag = wc::parse<wc::ipv6_fragment>(ip->payload());
    REQUIRE(frag);
    CHECK(frag->get<"next_header">() == wc::ip_protocol::udp);
    auto udp = wc::parse<wc::udp>(frag->payload());
    REQUIRE(udp);
    CHECK(!wc::check_checksums(*udp, *ip));
}
