// Ethernet II (IEEE 802.3 with an EtherType), and the 802.1Q / 802.1ad VLAN tag.
//
//   | destination (6) | source (6) | type (2) |          Ethernet II header
//   | PCP (3) | DEI (1) | VID (12) | type (2) |          802.1Q C-tag / 802.1ad S-tag
//
// A tagged frame is an ethernet header with type 0x8100 (or 0x88a8 for the outer tag of
// QinQ) followed by one vlan_tag per tag; the last tag's type names the payload.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "../schema.hpp"

namespace wirecraft {

enum class ethertype : std::uint16_t {
    ipv4 = 0x0800,
    arp = 0x0806,
    vlan = 0x8100,   // 802.1Q customer tag
    ipv6 = 0x86dd,
    qinq = 0x88a8,   // 802.1ad service tag
    mpls = 0x8847,
    lldp = 0x88cc,
};
constexpr std::string_view enum_name(ethertype t) {
    switch (t) {
        case ethertype::ipv4: return "ipv4";
        case ethertype::arp: return "arp";
        case ethertype::vlan: return "vlan";
        case ethertype::ipv6: return "ipv6";
        case ethertype::qinq: return "qinq";
        case ethertype::mpls: return "mpls";
        case ethertype::lldp: return "lldp";
    }
    return {};
}
// Values up to 1500 in the type position are an IEEE 802.3 length, not an EtherType.
constexpr bool is_8023_length(ethertype t) { return static_cast<std::uint16_t>(t) <= 1500; }
constexpr bool is_vlan_tag(ethertype t) { return t == ethertype::vlan || t == ethertype::qinq; }

struct ethernet {
    mac_address destination{};
    mac_address source{};
    std::optional<ethertype> type{};  // empty: named by the layer stacked above

    static consteval auto schema() {
        return wirecraft::schema<"ethernet">(
            field<"destination", &ethernet::destination>(),
            field<"source", &ethernet::source>(),
            field<"type", &ethernet::type>().selects_next_layer());
    }
};

struct vlan_tag {
    std::uint8_t priority = 0;     // PCP, IEEE 802.1p
    bool drop_eligible = false;    // DEI (formerly CFI)
    std::uint16_t id = 0;          // VID; 0 means priority-tagged only
    std::optional<ethertype> type{};

    static consteval auto schema() {
        return wirecraft::schema<"vlan">(
            field<"priority", &vlan_tag::priority>(bits<3>),
            field<"drop_eligible", &vlan_tag::drop_eligible>(),
            field<"id", &vlan_tag::id>(bits<12>),
            field<"type", &vlan_tag::type>().selects_next_layer());
    }
};

}  // namespace wirecraft
