// ARP (RFC 826). Address lengths come from the header, so any hardware and protocol type
// parses; Ethernet/IPv4 gets typed accessors.
//
//   | hardware type (2) | protocol type (2) | hlen (1) | plen (1) | operation (2) |
//   | sender hardware (hlen) | sender protocol (plen) | target hardware (hlen) | target protocol (plen) |
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "../schema.hpp"
#include "ethernet.hpp"

namespace wirecraft {

enum class arp_operation : std::uint16_t { request = 1, reply = 2, rarp_request = 3, rarp_reply = 4, inarp_request = 8, inarp_reply = 9 };
constexpr std::string_view enum_name(arp_operation op) {
    switch (op) {
        case arp_operation::request: return "request";
        case arp_operation::reply: return "reply";
        case arp_operation::rarp_request: return "rarp_request";
        case arp_operation::rarp_reply: return "rarp_reply";
        case arp_operation::inarp_request: return "inarp_request";
        case arp_operation::inarp_reply: return "inarp_reply";
    }
    return {};
}

struct arp {
    std::uint16_t hardware_type = 1;  // 1: Ethernet
    ethertype protocol_type{ethertype::ipv4};
    std::optional<std::uint8_t> hardware_length{};
    std::optional<std::uint8_t> protocol_length{};
    arp_operation operation{arp_operation::request};
    std::vector<std::byte> sender_hardware_address{};
    std::vector<std::byte> sender_protocol_address{};
    std::vector<std::byte> target_hardware_address{};
    std::vector<std::byte> target_protocol_address{};

    static consteval auto schema() {
        return wirecraft::schema<"arp">(
            field<"hardware_type", &arp::hardware_type>(),
            field<"protocol_type", &arp::protocol_type>(),
            field<"hardware_length", &arp::hardware_length>().computed(size_of<"sender_hardware_address">),
            field<"protocol_length", &arp::protocol_length>().computed(size_of<"sender_protocol_address">),
            field<"operation", &arp::operation>(),
            field<"sender_hardware_address", &arp::sender_hardware_address>(bytes).sized_by(ref<"hardware_length">),
            field<"sender_protocol_address", &arp::sender_protocol_address>(bytes).sized_by(ref<"protocol_length">),
            field<"target_hardware_address", &arp::target_hardware_address>(bytes).sized_by(ref<"hardware_length">),
            field<"target_protocol_address", &arp::target_protocol_address>(bytes).sized_by(ref<"protocol_length">));
    }

    // The common case: Ethernet hardware addresses, IPv4 protocol addresses.
    static constexpr arp ethernet_ipv4(arp_operation op, mac_address sender_mac, ipv4_address sender_ip,
                                       mac_address target_mac, ipv4_address target_ip) {
        return arp{.operation = op,
                   .sender_hardware_address = octets_of(sender_mac),
                   .sender_protocol_address = octets_of(sender_ip),
                   .target_hardware_address = octets_of(target_mac),
                   .target_protocol_address = octets_of(target_ip)};
    }
    template <class A>
    static constexpr std::vector<std::byte> octets_of(const A& a) {
        std::vector<std::byte> v;
        for (auto o : a.octets) v.push_back(static_cast<std::byte>(o));
        return v;
    }
};

// Typed addresses of an Ethernet/IPv4 ARP packet; empty for other address sizes.
template <class A>
constexpr std::optional<A> arp_address(std::span<const std::byte> raw) {
    if (raw.size() != A::size) return std::nullopt;
    return octets_codec<A>{}.view_of(raw);
}

}  // namespace wirecraft
