// Linux "cooked" capture headers, which libpcap writes for captures on the "any" device and
// on interfaces without a link-layer header of their own (LINKTYPE_LINUX_SLL = 113,
// LINKTYPE_LINUX_SLL2 = 276; see https://www.tcpdump.org/linktypes/).
//
// SLL (16 bytes):
//   | packet type (2) | ARPHRD type (2) | address length (2) | address (8) | protocol (2) |
// SLL2 (20 bytes):
//   | protocol (2) | reserved (2) | interface index (4) | ARPHRD type (2) |
//   | packet type (1) | address length (1) | address (8) |
//
// The address field is always 8 bytes; `address_length` says how many of them are meaningful
// (6 for Ethernet). The protocol is an EtherType when it is 0x0600 or more; below that it is a
// Linux ETH_P_* value such as 0x0004 (802.2 LLC frames).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "../schema.hpp"
#include "ethernet.hpp"

namespace wirecraft {

// Where the packet was going, from the capturing host's point of view (PACKET_* in
// <linux/if_packet.h>).
enum class sll_packet_type : std::uint16_t {
    host = 0,        // unicast to us
    broadcast = 1,
    multicast = 2,
    other_host = 3,  // unicast to someone else, seen in promiscuous mode
    outgoing = 4,    // sent by us
};
constexpr std::string_view enum_name(sll_packet_type t) {
    switch (t) {
        case sll_packet_type::host: return "host";
        case sll_packet_type::broadcast: return "broadcast";
        case sll_packet_type::multicast: return "multicast";
        case sll_packet_type::other_host: return "other_host";
        case sll_packet_type::outgoing: return "outgoing";
    }
    return {};
}

// ARPHRD_* hardware types that matter for reading the address (<linux/if_arp.h>).
inline constexpr std::uint16_t arphrd_ether = 1;
inline constexpr std::uint16_t arphrd_loopback = 772;

using sll_address_bytes = address_octets<8>;

struct linux_sll {
    sll_packet_type packet_type{sll_packet_type::host};
    std::uint16_t address_type = arphrd_ether;
    std::uint16_t address_length = 6;
    sll_address_bytes address{};
    std::optional<ethertype> protocol{};  // empty: named by the layer stacked above

    static consteval auto schema() {
        return wirecraft::schema<"linux_sll">(
            field<"packet_type", &linux_sll::packet_type>(),
            field<"address_type", &linux_sll::address_type>(),
            field<"address_length", &linux_sll::address_length>(),
            field<"address", &linux_sll::address>(),
            field<"protocol", &linux_sll::protocol>().selects_next_layer());
    }
};

struct linux_sll2 {
    std::optional<ethertype> protocol{};
    std::uint16_t reserved = 0;  // zero when written by libpcap; kept as found
    std::uint32_t interface_index = 0;
    std::uint16_t address_type = arphrd_ether;
    sll_packet_type packet_type{sll_packet_type::host};
    std::uint8_t address_length = 6;
    sll_address_bytes address{};

    static consteval auto schema() {
        return wirecraft::schema<"linux_sll2">(
            field<"protocol", &linux_sll2::protocol>().selects_next_layer(),
            field<"reserved", &linux_sll2::reserved>(),
            field<"interface_index", &linux_sll2::interface_index>(),
            field<"address_type", &linux_sll2::address_type>(),
            field<"packet_type", &linux_sll2::packet_type>(u8),
            field<"address_length", &linux_sll2::address_length>(),
            field<"address", &linux_sll2::address>());
    }
};

// The link-layer address as a MAC, when the header says it is one (Ethernet-like hardware
// with a 6-byte address).
constexpr std::optional<mac_address> sll_mac_address(std::uint16_t address_type, std::size_t address_length,
                                                     const sll_address_bytes& address) {
    if (address_length != mac_address::size || (address_type != arphrd_ether && address_type != arphrd_loopback))
        return std::nullopt;
    mac_address mac{};
    for (std::size_t i = 0; i < mac_address::size; ++i) mac.octets[i] = address.octets[i];
    return mac;
}

// Whether the protocol field is an EtherType (as opposed to a Linux ETH_P_* code).
constexpr bool is_ethertype(ethertype t) { return static_cast<std::uint16_t>(t) >= 0x0600; }

}  // namespace wirecraft
