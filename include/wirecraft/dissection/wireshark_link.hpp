// Wireshark field names: Ethernet, 802.1Q/802.1ad tags, Linux cooked capture, ARP.
#pragma once
#include <cstdint>
#include <string>

#include "../proto/arp.hpp"
#include "../proto/ethernet.hpp"
#include "../proto/linux_sll.hpp"
#include "wireshark_common.hpp"

namespace wirecraft {

template <class Out>
void wireshark_fields(const view<ethernet>& v, Out& out) {
    detail::mac_fields(out, "eth.dst", v.get<"destination">());
    detail::mac_fields(out, "eth.src", v.get<"source">());
    const auto type = static_cast<std::uint16_t>(v.get<"type">());
    out.integer(type <= 1500 ? "eth.len" : "eth.type", type);
}

// `service_tag`: the tag followed EtherType 0x88a8 (802.1ad), which tshark names ieee8021ad.
template <class Out>
void wireshark_fields(const view<vlan_tag>& v, Out& out, bool service_tag = false) {
    const std::string p = service_tag ? "ieee8021ad" : "vlan";
    out.integer(p + ".priority", v.get<"priority">());
    out.integer(p + ".dei", v.get<"drop_eligible">());
    out.integer(p + ".id", v.get<"id">());
    const auto type = static_cast<std::uint16_t>(v.get<"type">());
    if (service_tag) out.integer("ieee8021ah.etype", type);
    else out.integer(type <= 1500 ? "vlan.len" : "vlan.etype", type);
}

template <class Out, class Sll>
    requires std::is_same_v<Sll, view<linux_sll>> || std::is_same_v<Sll, view<linux_sll2>>
void wireshark_fields(const Sll& v, Out& out) {
    constexpr bool v2 = std::is_same_v<Sll, view<linux_sll2>>;
    out.integer("sll.pkttype", static_cast<std::uint64_t>(v.template get<"packet_type">()));
    out.integer("sll.hatype", v.template get<"address_type">());
    out.integer("sll.halen", v.template get<"address_length">());
    if (auto mac = sll_mac_address(v.template get<"address_type">(), v.template get<"address_length">(), v.template get<"address">())) {
        out.text("sll.src.eth", mac->to_string());
        out.bytes("sll.unused", v.header().subspan(v2 ? 18 : 12, 2));  // the 8-octet address field's other 2
    }
    if constexpr (v2) out.integer("sll.ifindex", v.template get<"interface_index">());
    const auto protocol = v.template get<"protocol">();
    if (is_ethertype(protocol)) out.integer("sll.etype", static_cast<std::uint16_t>(protocol));
    else out.integer("sll.ltype", static_cast<std::uint16_t>(protocol));
}

template <class Out>
void wireshark_fields(const view<arp>& v, Out& out) {
    const auto hardware = v.get<"hardware_type">();
    const auto protocol_type = static_cast<std::uint16_t>(v.get<"protocol_type">());
    out.integer("arp.hw.type", hardware);
    out.integer("arp.proto.type", protocol_type);
    out.integer("arp.hw.size", v.get<"hardware_length">());
    out.integer("arp.proto.size", v.get<"protocol_length">());
    out.integer("arp.opcode", static_cast<std::uint16_t>(v.get<"operation">()));
    const bool mac = (hardware == 1 || hardware == 6) && v.get<"hardware_length">() == 6;
    const bool ip = protocol_type == 0x0800 && v.get<"protocol_length">() == 4;
    // Addresses of other kinds (or lengths) are shown as bytes.
    auto address = [&](std::string_view side, detail::bytes_view hw, detail::bytes_view proto) {
        const std::string p = "arp." + std::string(side);
        if (mac) out.text(p + ".hw_mac", octets_codec<mac_address>{}.view_of(hw).to_string());
        else if (!hw.empty()) out.bytes(p + ".hw", hw);
        if (ip) out.text(p + ".proto_ipv4", octets_codec<ipv4_address>{}.view_of(proto).to_string());
        else if (!proto.empty()) out.bytes(p + ".proto", proto);
    };
    address("src", v.get<"sender_hardware_address">(), v.get<"sender_protocol_address">());
    address("dst", v.get<"target_hardware_address">(), v.get<"target_protocol_address">());
}

}  // namespace wirecraft
