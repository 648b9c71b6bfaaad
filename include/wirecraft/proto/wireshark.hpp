// Field values under Wireshark's display-filter names, with tshark 4.0's meanings and units
// (ip.hdr_len in bytes, ip.frag_offset in 8-byte units, tcp.flags as the 12 flag bits...), for
// output that lines up with `tshark -T json` and for users who think in Wireshark's names.
//
// wireshark_fields(view, out) calls, in tshark's tree order, one of
//   out.integer(name, std::uint64_t)   numbers, flags (0/1), enumerations
//   out.text(name, std::string)        addresses in their text form
//   out.bytes(name, bytes_view)        byte strings
// Only values computed from the packet bytes are given: no conversation state, no name
// resolution, no checksum status (that depends on preferences).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "../schema.hpp"
#include "arp.hpp"
#include "ethernet.hpp"
#include "icmp.hpp"
#include "icmpv6.hpp"
#include "ipv4.hpp"
#include "ipv6.hpp"
#include "linux_sll.hpp"
#include "tcp.hpp"
#include "udp.hpp"

namespace wirecraft {

// tshark's protocol names (the keys of its JSON layers).
template <protocol P> inline constexpr std::string_view wireshark_protocol = schema_t<P>::name;
template <> inline constexpr std::string_view wireshark_protocol<ethernet> = "eth";
template <> inline constexpr std::string_view wireshark_protocol<vlan_tag> = "vlan";
template <> inline constexpr std::string_view wireshark_protocol<linux_sll> = "sll";
template <> inline constexpr std::string_view wireshark_protocol<linux_sll2> = "sll";
template <> inline constexpr std::string_view wireshark_protocol<ipv4> = "ip";
template <> inline constexpr std::string_view wireshark_protocol<ipv6_hop_by_hop> = "ipv6";
template <> inline constexpr std::string_view wireshark_protocol<ipv6_destination_options> = "ipv6";
template <> inline constexpr std::string_view wireshark_protocol<ipv6_routing> = "ipv6";
template <> inline constexpr std::string_view wireshark_protocol<ipv6_fragment> = "ipv6";

namespace detail {
template <class Out>
void mac_fields(Out& out, std::string_view prefix, const mac_address& m) {
    const std::string p(prefix);
    out.text(p, m.to_string());
    out.text("eth.addr", m.to_string());
    const std::uint64_t oui = (std::uint64_t{m.octets[0]} << 16) | (std::uint64_t{m.octets[1]} << 8) | m.octets[2];
    out.integer(p + ".oui", oui);
    out.integer("eth.addr.oui", oui);
    out.integer(p + ".lg", (m.octets[0] >> 1) & 1);
    out.integer("eth.lg", (m.octets[0] >> 1) & 1);
    out.integer(p + ".ig", m.octets[0] & 1);
    out.integer("eth.ig", m.octets[0] & 1);
}

// The MAC address inside a modified EUI-64 interface identifier (RFC 4291 appendix A): ff:fe in
// the middle, and the universal/local bit set, as tshark 4.0 requires.
inline std::optional<mac_address> slaac_mac(const ipv6_address& a) {
    if ((a.octets[8] & 0x02) == 0 || a.octets[11] != 0xff || a.octets[12] != 0xfe) return std::nullopt;
    return mac_address{{static_cast<std::uint8_t>(a.octets[8] ^ 0x02), a.octets[9], a.octets[10], a.octets[13], a.octets[14],
                        a.octets[15]}};
}

}  // namespace detail

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
    if (auto mac = sll_mac_address(v.template get<"address_type">(), v.template get<"address_length">(), v.template get<"address">()))
        out.text("sll.src.eth", mac->to_string());
    if constexpr (v2) {
        out.bytes("sll.unused", v.header().subspan(2, 2));
        out.integer("sll.ifindex", v.template get<"interface_index">());
    }
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
    auto address = [&](std::string_view hw_name, std::string_view proto_name, detail::bytes_view hw, detail::bytes_view proto) {
        if (mac) out.text(hw_name, octets_codec<mac_address>{}.view_of(hw).to_string());
        if (ip) out.text(proto_name, octets_codec<ipv4_address>{}.view_of(proto).to_string());
    };
    address("arp.src.hw_mac", "arp.src.proto_ipv4", v.get<"sender_hardware_address">(), v.get<"sender_protocol_address">());
    address("arp.dst.hw_mac", "arp.dst.proto_ipv4", v.get<"target_hardware_address">(), v.get<"target_protocol_address">());
}

template <class Out>
void wireshark_fields(const view<ipv4>& v, Out& out) {
    out.integer("ip.version", v.get<"version">());
    out.integer("ip.hdr_len", v.get<"header_length">() * 4u);
    out.integer("ip.dsfield", (v.get<"dscp">() << 2) | v.get<"ecn">());
    out.integer("ip.dsfield.dscp", v.get<"dscp">());
    out.integer("ip.dsfield.ecn", v.get<"ecn">());
    out.integer("ip.len", v.get<"total_length">());
    out.integer("ip.id", v.get<"identification">());
    out.integer("ip.flags", (v.get<"reserved_flag">() << 2) | (v.get<"dont_fragment">() << 1) | v.get<"more_fragments">());
    out.integer("ip.flags.rb", v.get<"reserved_flag">());
    out.integer("ip.flags.df", v.get<"dont_fragment">());
    out.integer("ip.flags.mf", v.get<"more_fragments">());
    out.integer("ip.frag_offset", v.get<"fragment_offset">());
    out.integer("ip.ttl", v.get<"ttl">());
    out.integer("ip.proto", static_cast<std::uint8_t>(v.get<"protocol">()));
    out.integer("ip.checksum", v.get<"checksum">());
    out.text("ip.src", v.get<"source">().to_string());
    out.text("ip.addr", v.get<"source">().to_string());
    out.text("ip.dst", v.get<"destination">().to_string());
    out.text("ip.addr", v.get<"destination">().to_string());
    for (auto option : v.get<"options">()) {
        const auto type = static_cast<std::uint8_t>(option.kind);
        out.integer("ip.opt.type", type);
        out.integer("ip.opt.type.copy", type >> 7);
        out.integer("ip.opt.type.class", (type >> 5) & 3);
        out.integer("ip.opt.type.number", type & 0x1f);
        if (option.kind == ipv4_option_kind::end_of_list) break;  // what follows is padding
        if (option.kind == ipv4_option_kind::no_operation) continue;
        out.integer("ip.opt.len", option.data.size() + 2);
        if (option.kind == ipv4_option_kind::router_alert && option.data.size() == 2)
            out.integer("ip.opt.ra", detail::load_be(option.data.data(), 2));
    }
}

template <class Out>
void wireshark_fields(const view<icmp>& v, Out& out) {
    const auto type = v.get<"type">();
    out.integer("icmp.type", static_cast<std::uint8_t>(type));
    out.integer("icmp.code", v.get<"code">());
    out.integer("icmp.checksum", v.get<"checksum">());
    // The identifier and sequence read big-endian, and (tshark's *_le) little-endian.
    if (auto id = v.get<"identifier">()) {
        out.integer("icmp.ident", *id);
        out.integer("icmp.ident_le", static_cast<std::uint16_t>((*id >> 8) | (*id << 8)));
    }
    if (auto seq = v.get<"sequence">()) {
        out.integer("icmp.seq", *seq);
        out.integer("icmp.seq_le", static_cast<std::uint16_t>((*seq >> 8) | (*seq << 8)));
    }
    if (auto gateway = v.get<"gateway">()) out.text("icmp.redir_gw", gateway->to_string());
}

template <class Out>
void wireshark_fields(const view<udp>& v, Out& out) {
    out.integer("udp.srcport", v.get<"source_port">());
    out.integer("udp.dstport", v.get<"destination_port">());
    out.integer("udp.port", v.get<"source_port">());
    out.integer("udp.port", v.get<"destination_port">());
    out.integer("udp.length", v.get<"length">());
    out.integer("udp.checksum", v.get<"checksum">());
}

namespace detail {
// tshark's tcp.flags.str: one character per flag bit, '·' when clear.
inline std::string tcp_flags_string(std::uint16_t flags) {
    static constexpr std::string_view letters = "RRRACEUAPRSF";
    std::string s;
    for (int bit = 11; bit >= 0; --bit) {
        if (flags & (1u << bit)) s += letters[static_cast<std::size_t>(11 - bit)];
        else s += "\xc2\xb7";
    }
    return s;
}

template <class Out>
void tcp_option_fields(Out& out, const tlv_item_view<tcp_option_kind>& option, bytes_view whole) {
    const auto kind = option.kind;
    out.integer("tcp.option_kind", static_cast<std::uint8_t>(kind));
    if (kind == tcp_option_kind::end_of_list) {
        // tshark lists each zero octet after the end of the list as one more EOL.
        out.bytes("tcp.options.eol", whole.first(1));
        for (std::size_t i = 0; i < option.data.size() && option.data[i] == std::byte{0}; ++i) {
            out.integer("tcp.option_kind", 0);
            out.bytes("tcp.options.eol", whole.first(1));
        }
        return;
    }
    if (kind == tcp_option_kind::no_operation) { out.bytes("tcp.options.nop", whole); return; }
    out.integer("tcp.option_len", option.data.size() + 2);
    const auto& d = option.data;
    switch (kind) {
        case tcp_option_kind::maximum_segment_size:
            if (d.size() == 2) out.integer("tcp.options.mss_val", load_be(d.data(), 2));
            break;
        case tcp_option_kind::window_scale:
            if (d.size() == 1) {
                const unsigned shift = std::to_integer<unsigned>(d[0]);
                out.integer("tcp.options.wscale.shift", shift);
                out.integer("tcp.options.wscale.multiplier", std::uint64_t{1} << (shift > 14 ? 14 : shift));
            }
            break;
        case tcp_option_kind::timestamps:
            if (d.size() == 8) {
                out.integer("tcp.options.timestamp.tsval", load_be(d.data(), 4));
                out.integer("tcp.options.timestamp.tsecr", load_be(d.data() + 4, 4));
            }
            break;
        case tcp_option_kind::sack:
            for (std::size_t i = 0; i + 8 <= d.size(); i += 8) {
                out.integer("tcp.options.sack_le", load_be(d.data() + i, 4));
                out.integer("tcp.options.sack_re", load_be(d.data() + i + 4, 4));
            }
            break;
        case tcp_option_kind::fast_open:
            if (!d.empty()) out.bytes("tcp.options.tfo.cookie", d);
            break;
        case tcp_option_kind::experimental_1:
        case tcp_option_kind::experimental_2:
            if (d.size() >= 2) {
                const auto exid = load_be(d.data(), 2);
                out.integer("tcp.options.experimental.exid", exid);
                if (exid == 0xf989 && d.size() > 2) out.bytes("tcp.options.tfo.cookie", d.subspan(2));
            }
            break;
        case tcp_option_kind::multipath:
            if (!d.empty()) out.integer("tcp.options.mptcp.subtype", std::to_integer<unsigned>(d[0]) >> 4);
            break;
        case tcp_option_kind::authentication:
            if (d.size() >= 2) {
                out.integer("tcp.options.ao.keyid", std::to_integer<unsigned>(d[0]));
                out.integer("tcp.options.ao.rnextkeyid", std::to_integer<unsigned>(d[1]));
            }
            break;
        case tcp_option_kind::user_timeout:
            if (d.size() == 2) {
                const auto value = load_be(d.data(), 2);
                out.integer("tcp.options.user_to_granularity", value >> 15);
                out.integer("tcp.options.user_to_val", value & 0x7fff);
            }
            break;
        default:
            break;
    }
}
}  // namespace detail

// `segment_length`: the TCP segment's length as the IP layer below states it (tshark's tcp.len
// is that minus the TCP header, even when the capture kept fewer bytes); without it, the bytes
// present.
template <class Out>
void wireshark_fields(const view<tcp>& v, Out& out, std::optional<std::size_t> segment_length = std::nullopt) {
    out.integer("tcp.srcport", v.get<"source_port">());
    out.integer("tcp.dstport", v.get<"destination_port">());
    out.integer("tcp.port", v.get<"source_port">());
    out.integer("tcp.port", v.get<"destination_port">());
    const std::size_t header = v.header_size();
    out.integer("tcp.len", segment_length && *segment_length >= header ? *segment_length - header : v.payload_size());
    out.integer("tcp.seq_raw", v.get<"sequence_number">());
    out.integer("tcp.ack_raw", v.get<"acknowledgment_number">());
    out.integer("tcp.hdr_len", v.get<"data_offset">() * 4u);
    const std::uint16_t flags = tcp_flags(v);
    out.integer("tcp.flags", flags);
    out.integer("tcp.flags.res", v.get<"reserved">());
    out.integer("tcp.flags.ae", v.get<"ae">());
    out.integer("tcp.flags.cwr", v.get<"cwr">());
    out.integer("tcp.flags.ece", v.get<"ece">());
    out.integer("tcp.flags.urg", v.get<"urg">());
    out.integer("tcp.flags.ack", v.get<"ack">());
    out.integer("tcp.flags.push", v.get<"psh">());
    out.integer("tcp.flags.reset", v.get<"rst">());
    out.integer("tcp.flags.syn", v.get<"syn">());
    out.integer("tcp.flags.fin", v.get<"fin">());
    out.text("tcp.flags.str", detail::tcp_flags_string(flags));
    out.integer("tcp.window_size_value", v.get<"window">());
    out.integer("tcp.checksum", v.get<"checksum">());
    out.integer("tcp.urgent_pointer", v.get<"urgent_pointer">());
    const auto options = v.get<"options">();
    if (options.empty()) return;
    out.bytes("tcp.options", options.bytes());
    for (auto option : options) {
        const std::size_t end = option.kind == tcp_option_kind::no_operation ? option.offset + 1
                                : option.kind == tcp_option_kind::end_of_list ? option.offset + 1
                                                                              : option.offset + 2 + option.data.size();
        detail::tcp_option_fields(out, option, options.bytes().subspan(option.offset, end - option.offset));
    }
}

template <class Out>
void wireshark_fields(const view<ipv6>& v, Out& out) {
    out.integer("ipv6.version", v.get<"version">());
    out.integer("ip.version", v.get<"version">());
    const auto traffic_class = v.get<"traffic_class">();
    out.integer("ipv6.tclass", traffic_class);
    out.integer("ipv6.tclass.dscp", traffic_class >> 2);
    out.integer("ipv6.tclass.ecn", traffic_class & 3);
    out.integer("ipv6.flow", v.get<"flow_label">());
    out.integer("ipv6.plen", v.get<"payload_length">());
    out.integer("ipv6.nxt", static_cast<std::uint8_t>(v.get<"next_header">()));
    out.integer("ipv6.hlim", v.get<"hop_limit">());
    const auto source = v.get<"source">(), destination = v.get<"destination">();
    out.text("ipv6.src", source.to_string());
    out.text("ipv6.addr", source.to_string());
    out.text("ipv6.dst", destination.to_string());
    out.text("ipv6.addr", destination.to_string());
    if (auto mac = detail::slaac_mac(source)) {
        out.text("ipv6.src_slaac_mac", mac->to_string());
        out.text("ipv6.slaac_mac", mac->to_string());
    }
    if (auto mac = detail::slaac_mac(destination)) {
        out.text("ipv6.dst_slaac_mac", mac->to_string());
        out.text("ipv6.slaac_mac", mac->to_string());
    }
}

// Hop-by-hop (ipv6.hopopts.*) and destination options (ipv6.dstopts.*).
template <fixed_string Name, class Out>
void wireshark_fields(const view<ipv6_options_header<Name>>& v, Out& out) {
    const std::string p = std::is_same_v<ipv6_options_header<Name>, ipv6_hop_by_hop> ? "ipv6.hopopts" : "ipv6.dstopts";
    out.integer(p + ".nxt", static_cast<std::uint8_t>(v.template get<"next_header">()));
    out.integer(p + ".len", v.template get<"length">());
    out.integer(p + ".len_oct", (v.template get<"length">() + 1u) * 8);
    for (auto option : v.template get<"options">()) {
        const auto type = static_cast<std::uint8_t>(option.kind);
        out.integer("ipv6.opt.type", type);
        out.integer("ipv6.opt.type.action", type >> 6);
        out.integer("ipv6.opt.type.change", (type >> 5) & 1);
        out.integer("ipv6.opt.type.rest", type & 0x1f);
        if (option.kind == ipv6_option_type::pad1) continue;
        out.integer("ipv6.opt.length", option.data.size());
        if (option.kind == ipv6_option_type::padn) out.bytes("ipv6.opt.padn", option.data);
        if (option.kind == ipv6_option_type::router_alert && option.data.size() == 2)
            out.integer("ipv6.opt.router_alert", detail::load_be(option.data.data(), 2));
        if (option.kind == ipv6_option_type::jumbo_payload && option.data.size() == 4)
            out.integer("ipv6.opt.jumbo", detail::load_be(option.data.data(), 4));
    }
}

template <class Out>
void wireshark_fields(const view<ipv6_routing>& v, Out& out) {
    out.integer("ipv6.routing.nxt", static_cast<std::uint8_t>(v.get<"next_header">()));
    out.integer("ipv6.routing.len", v.get<"length">());
    out.integer("ipv6.routing.len_oct", (v.get<"length">() + 1u) * 8);
    const auto type = v.get<"routing_type">();
    out.integer("ipv6.routing.type", static_cast<std::uint8_t>(type));
    out.integer("ipv6.routing.segleft", v.get<"segments_left">());
    const auto data = v.get<"data">();
    if (type == ipv6_routing_type::source_route || type == ipv6_routing_type::mobility) {
        if (auto body = parse<ipv6_routing_addresses>(data)) {
            out.bytes(type == ipv6_routing_type::source_route ? "ipv6.routing.src.reserved" : "ipv6.routing.mipv6.reserved",
                      data.first(4));
            for (auto address : body->get<"addresses">())
                out.text(type == ipv6_routing_type::source_route ? "ipv6.routing.src.addr" : "ipv6.routing.mipv6.home_address",
                         address.to_string());
        }
    } else if (type == ipv6_routing_type::segment_routing) {
        if (auto body = parse<ipv6_segment_routing>(data)) {
            out.integer("ipv6.routing.srh.last_entry", body->get<"last_entry">());
            out.integer("ipv6.routing.srh.flags", body->get<"flags">());
            out.bytes("ipv6.routing.srh.tag", data.subspan(2, 2));
            for (auto address : body->get<"segments">()) out.text("ipv6.routing.srh.addr", address.to_string());
        }
    }
}

template <class Out>
void wireshark_fields(const view<ipv6_fragment>& v, Out& out) {
    out.integer("ipv6.fraghdr.nxt", static_cast<std::uint8_t>(v.get<"next_header">()));
    out.integer("ipv6.fraghdr.reserved_octet", v.get<"reserved">());
    out.integer("ipv6.fraghdr.offset", v.get<"fragment_offset">());
    out.integer("ipv6.fraghdr.reserved_bits", v.get<"reserved_bits">());
    out.integer("ipv6.fraghdr.more", v.get<"more_fragments">());
    out.integer("ipv6.fraghdr.ident", v.get<"identification">());
}

template <class Out>
void wireshark_fields(const view<authentication_header>& v, Out& out) {
    out.integer("ah.spi", v.get<"spi">());
    out.integer("ah.sequence", v.get<"sequence_number">());
}
template <class Out>
void wireshark_fields(const view<encapsulating_security_payload>& v, Out& out) {
    out.integer("esp.spi", v.get<"spi">());
    out.integer("esp.sequence", v.get<"sequence_number">());
}

namespace detail {
template <class Out>
void nd_option_fields(Out& out, const tlv_item_view<nd_option_type>& option) {
    out.integer("icmpv6.opt.type", static_cast<std::uint8_t>(option.kind));
    out.integer("icmpv6.opt.length", (option.data.size() + 2) / 8);
    const auto& d = option.data;
    switch (option.kind) {
        case nd_option_type::source_link_address:
        case nd_option_type::target_link_address:
            if (d.size() == 6) {  // tshark types these as bytes, not as Ethernet addresses
                out.bytes("icmpv6.opt.linkaddr", d);
                out.bytes(option.kind == nd_option_type::source_link_address ? "icmpv6.opt.src_linkaddr" : "icmpv6.opt.target_linkaddr", d);
            }
            break;
        case nd_option_type::mtu:
            if (auto mtu = parse<nd_mtu>(d)) {
                out.bytes("icmpv6.opt.reserved", d.first(2));
                out.integer("icmpv6.opt.mtu", mtu->get<"mtu">());
            }
            break;
        case nd_option_type::prefix_information:
            if (auto p = parse<nd_prefix_information>(d)) {
                out.integer("icmpv6.opt.prefix.length", p->get<"prefix_length">());
                out.integer("icmpv6.opt.prefix.flag", std::to_integer<unsigned>(d[1]));
                out.integer("icmpv6.opt.prefix.flag.l", p->get<"on_link">());
                out.integer("icmpv6.opt.prefix.flag.a", p->get<"autonomous">());
                out.integer("icmpv6.opt.prefix.flag.r", p->get<"router_address">());
                out.integer("icmpv6.opt.prefix.flag.reserved", p->get<"reserved1">());
                out.integer("icmpv6.opt.prefix.valid_lifetime", p->get<"valid_lifetime">());
                out.integer("icmpv6.opt.prefix.preferred_lifetime", p->get<"preferred_lifetime">());
                out.bytes("icmpv6.opt.reserved", d.subspan(10, 4));
                out.text("icmpv6.opt.prefix", p->get<"prefix">().to_string());
            }
            break;
        default:
            break;
    }
}
}  // namespace detail

template <class Out>
void wireshark_fields(const view<icmpv6>& v, Out& out) {
    const auto type = v.get<"type">();
    out.integer("icmpv6.type", static_cast<std::uint8_t>(type));
    out.integer("icmpv6.code", v.get<"code">());
    out.integer("icmpv6.checksum", v.get<"checksum">());
    if (auto id = v.get<"identifier">()) {
        out.integer("icmpv6.echo.identifier", *id);
        out.integer("icmpv6.echo.sequence_number", v.get<"sequence">().value_or(0));
    }
    const auto header = v.header();
    switch (type) {
        case icmpv6_type::packet_too_big: out.integer("icmpv6.mtu", v.get<"rest_of_header">().value_or(0)); break;
        case icmpv6_type::parameter_problem: out.integer("icmpv6.pointer", v.get<"rest_of_header">().value_or(0)); break;
        case icmpv6_type::destination_unreachable:
        case icmpv6_type::time_exceeded:
        case icmpv6_type::router_solicitation:
            out.bytes("icmpv6.reserved", header.subspan(4, 4));
            break;
        case icmpv6_type::router_advertisement:
            out.integer("icmpv6.nd.ra.cur_hop_limit", v.get<"hop_limit">().value_or(0));
            out.integer("icmpv6.nd.ra.flag", std::to_integer<unsigned>(header[5]));
            out.integer("icmpv6.nd.ra.flag.m", v.get<"managed">().value_or(false));
            out.integer("icmpv6.nd.ra.flag.o", v.get<"other">().value_or(false));
            out.integer("icmpv6.nd.ra.flag.h", v.get<"home_agent">().value_or(false));
            out.integer("icmpv6.nd.ra.flag.prf", v.get<"preference">().value_or(0));
            out.integer("icmpv6.nd.ra.flag.p", v.get<"proxy">().value_or(false));
            out.integer("icmpv6.nd.ra.flag.rsv", v.get<"ra_reserved">().value_or(0));
            out.integer("icmpv6.nd.ra.router_lifetime", v.get<"router_lifetime">().value_or(0));
            out.integer("icmpv6.nd.ra.reachable_time", v.get<"reachable_time">().value_or(0));
            out.integer("icmpv6.nd.ra.retrans_timer", v.get<"retransmit_timer">().value_or(0));
            break;
        case icmpv6_type::neighbor_solicitation:
            out.bytes("icmpv6.reserved", header.subspan(4, 4));
            out.text("icmpv6.nd.ns.target_address", v.get<"target">()->to_string());
            break;
        case icmpv6_type::neighbor_advertisement:
            out.integer("icmpv6.nd.na.flag", detail::load_be(header.data() + 4, 4));
            out.integer("icmpv6.nd.na.flag.r", v.get<"router">().value_or(false));
            out.integer("icmpv6.nd.na.flag.s", v.get<"solicited">().value_or(false));
            out.integer("icmpv6.nd.na.flag.o", v.get<"override">().value_or(false));
            out.integer("icmpv6.nd.na.flag.rsv", v.get<"na_reserved">().value_or(0));
            out.text("icmpv6.nd.na.target_address", v.get<"target">()->to_string());
            break;
        case icmpv6_type::redirect:
            out.bytes("icmpv6.reserved", header.subspan(4, 4));
            out.text("icmpv6.nd.rd.target_address", v.get<"target">()->to_string());
            out.text("icmpv6.nd.rd.destination_address", v.get<"destination">()->to_string());
            break;
        case icmpv6_type::mld_query:
        case icmpv6_type::mld_report:
        case icmpv6_type::mld_done:
            out.integer("icmpv6.mld.maximum_response_delay", v.get<"maximum_response_delay">().value_or(0));
            out.text("icmpv6.mld.multicast_address", v.get<"multicast_address">()->to_string());
            break;
        case icmpv6_type::mldv2_report: out.integer("icmpv6.mldr.nb_mcast_records", v.get<"record_count">().value_or(0)); break;
        default: break;
    }
    if (auto options = v.get<"options">())
        for (auto option : *options) detail::nd_option_fields(out, option);
}

}  // namespace wirecraft
