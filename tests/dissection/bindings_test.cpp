// The standard bindings, and a user's own protocol added without editing the library: the
// VXLAN example of docs/stacking.md, compiled here and compared with Scapy's bytes.
#include <catch2/catch.hpp>

#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"

namespace wc = wirecraft;

// The numbers the standard registry fills in: IEEE EtherTypes and IANA protocol numbers.
static_assert(wc::binding_between<wc::standard_bindings, wc::ethernet, wc::ipv4>.value == 0x0800);
static_assert(wc::binding_between<wc::standard_bindings, wc::ethernet, wc::ipv6>.value == 0x86dd);
static_assert(wc::binding_between<wc::standard_bindings, wc::ethernet, wc::arp>.value == 0x0806);
static_assert(wc::binding_between<wc::standard_bindings, wc::vlan_tag, wc::ipv6>.value == 0x86dd);
static_assert(wc::binding_between<wc::standard_bindings, wc::ipv4, wc::tcp>.value == 6);
static_assert(wc::binding_between<wc::standard_bindings, wc::ipv6, wc::icmpv6>.value == 58);
static_assert(wc::binding_between<wc::standard_bindings, wc::ipv6_fragment, wc::udp>.value == 17);
static_assert(wc::binding_between<wc::standard_bindings, wc::ipv6, wc::ipv6_hop_by_hop>.value == 0);
// An ICMP error's quote is allowed, and names no number; TCP cannot follow Ethernet.
static_assert(wc::binding_between<wc::standard_bindings, wc::icmp, wc::ipv4>.allowed);
static_assert(!wc::binding_between<wc::standard_bindings, wc::icmp, wc::ipv4>.value);
static_assert(!wc::binding_between<wc::standard_bindings, wc::ethernet, wc::tcp>.allowed);

namespace {
// RFC 7348 section 5: flags (I = 0x08), 24 reserved bits, the 24-bit VNI, 8 reserved bits.
struct vxlan {
    std::uint8_t flags = 0x08;
    std::uint32_t reserved1 = 0;
    std::uint32_t vni = 0;
    std::uint8_t reserved2 = 0;
    static consteval auto schema() {
        using namespace wirecraft;
        return wirecraft::schema<"vxlan">(field<"flags", &vxlan::flags>(), field<"reserved1", &vxlan::reserved1>(be24),
                                          field<"vni", &vxlan::vni>(be24), field<"reserved2", &vxlan::reserved2>());
    }
};
struct vxlan_carries_ethernet {  // a follows_when rule: VXLAN has no next-protocol field
    static constexpr bool partial = false;
    static constexpr bool matches(const wc::view<vxlan>&) { return true; }
};
using my_bindings = wc::standard_bindings::with<wc::entry<wc::udp_ports, 4789, vxlan>,
                                                wc::follows_when<vxlan, wc::ethernet, vxlan_carries_ethernet>>;

auto vxlan_frame() {
    return wc::stack<my_bindings>{} / wc::ethernet{.destination = "02:00:00:00:00:02", .source = "02:00:00:00:00:01"} /
           wc::ipv4{.identification = 1, .source = "10.0.0.1", .destination = "10.0.0.2"} /
           wc::udp{.source_port = 49152, .destination_port = 4789} / vxlan{.vni = 42} /
           wc::ethernet{.destination = "02:00:00:00:00:04", .source = "02:00:00:00:00:03"} /
           wc::ipv4{.identification = 2, .source = "192.168.0.1", .destination = "192.168.0.2"} /
           wc::tcp{.source_port = 1234, .destination_port = 80, .sequence_number = 1, .syn = true, .window = 1024};
}
}  // namespace

TEST_CASE("bindings: a user's protocol stacks and dissects through an extended registry", "[bindings_test]") {
    // Scapy 2.5: Ether(..02, ..01)/IP(id=1, flags=0, ttl=64, 10.0.0.1 > 10.0.0.2)/UDP(49152, 4789)/
    // VXLAN(flags=0x08, vni=42)/Ether(..04, ..03)/IP(id=2, flags=0, ttl=64, 192.168.0.1 > .2)/
    // TCP(1234, 80, seq=1, flags="S", window=1024).
    const auto scapy = wctest::hex_bytes(
        "02000000000202000000000108004500005a00010000401166900a0000010a000002c00012b500465c110800000000002a000200"
        "00000004020000000003080045000028000200004006f97ac0a80001c0a8000204d20050000000010000000050020400256c0000");
    auto bytes = wc::to_bytes(vxlan_frame());
    REQUIRE(bytes);
    CHECK(*bytes == scapy);

    std::vector<std::string> layers;
    auto visit = [&](const auto& layer) { layers.emplace_back(wc::schema_t<typename std::remove_cvref_t<decltype(layer)>::protocol_type>::name); };
    const auto r = wc::dissect<my_bindings>(scapy, wc::linktype_ethernet, visit);
    CHECK(r.ok());
    CHECK(layers == std::vector<std::string>{"ethernet", "ipv4", "udp", "vxlan", "ethernet", "ipv4", "tcp"});
    // The standard registry does not know port 4789: the walk stops at UDP with its payload.
    std::size_t standard_layers = 0;
    auto count = [&](const auto&) { ++standard_layers; };
    const auto plain = wc::dissect(scapy, wc::linktype_ethernet, count);
    CHECK(standard_layers == 3);
    CHECK(plain.payload.size() == 8 + 14 + 20 + 20);
}

TEST_CASE("bindings: fragments after the first and 802.3 lengths name no next layer", "[bindings_test]") {
    // scapy_fixtures.md 24: the second fragment of a UDP datagram carries no UDP header.
    std::size_t layers = 0;
    auto count = [&](const auto&) { ++layers; };
    const auto second = wctest::scapy_fixture("ipv4_fragment_second");
    const auto r = wc::dissect(second, wc::linktype_ethernet, count);
    CHECK(r.ok());
    CHECK(layers == 2);
    CHECK(r.payload.size() == 24);
    // An Ethernet type of 1500 or less is an 802.3 length (IEEE 802.3 3.2.6).
    auto frame = wc::to_bytes(wc::stack<wc::standard_bindings>{} / wc::ethernet{.type = wc::ethertype{46}} / wc::payload{"llc"}).value();
    layers = 0;
    CHECK(wc::dissect(frame, wc::linktype_ethernet, count).payload.size() == 3);
    CHECK(layers == 1);
}
