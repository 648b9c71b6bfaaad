// Field values under Wireshark's display-filter names, with tshark 4.0's meanings and units
// (ip.hdr_len in bytes, ip.frag_offset in 8-byte units, tcp.flags as the 12 flag bits...), for
// output that lines up with `tshark -T json` and for users who think in Wireshark's names.
//
// wireshark_fields(view, out) calls, in tshark's tree order, one of
//   out.integer(name, std::uint64_t)   numbers, flags (0/1), enumerations
//   out.signed_integer(name, std::int64_t)  the few signed numbers (icmp.pref_level)
//   out.text(name, std::string)        addresses in their text form
//   out.bytes(name, bytes_view)        byte strings
// Only values computed from the packet bytes are given: no conversation state, no name
// resolution, no checksum status (that depends on preferences).
//
// wireshark_frame(frame, link_type, original_length, out) walks a whole frame and adds what
// only the frame as a whole tells: the context a layer's fields need (a VLAN tag after 0x88a8
// is 802.1ad's, tcp.len comes from the IP layer) and the Ethernet padding, trailer and frame
// check sequence that follow the layer an EtherType names.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "../schema.hpp"
#include "bindings.hpp"
#include "../proto/arp.hpp"
#include "../proto/dhcp.hpp"
#include "../proto/dns.hpp"
#include "../proto/ethernet.hpp"
#include "../proto/icmp.hpp"
#include "../proto/icmpv6.hpp"
#include "../proto/ipv4.hpp"
#include "../proto/ipv6.hpp"
#include "../proto/linux_sll.hpp"
#include "../proto/tcp.hpp"
#include "../proto/udp.hpp"

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

namespace detail {
// tshark's protocol name for each IPv4 option it knows (unknown ones get no byte field).
constexpr std::string_view ipv4_option_protocol(std::uint8_t type) {
    switch (type) {
        case 0: return "ip.options.eol";
        case 1: return "ip.options.nop";
        case 7: return "ip.options.record_route";
        case 11: return "ip.options.mtu_probe";
        case 12: return "ip.options.mtu_reply";
        case 25: return "ip.options.qs";
        case 68: return "ip.options.timestamp";
        case 82: return "ip.options.traceroute";
        case 130: return "ip.options.security";
        case 131: return "ip.options.route";
        case 133: return "ip.options.ext_security";
        case 134: return "ip.options.cipso";
        case 136: return "ip.options.sid";
        case 137: return "ip.options.source_route";
        case 148: return "ip.options.routeralert";
        case 149: return "ip.options.sdb";
        default: return {};
    }
}

// Text from the packet, as tshark shows a string: up to the first NUL.
inline std::string printable(bytes_view b) {
    std::string s;
    for (auto c : b) {
        if (c == std::byte{0}) break;
        s += static_cast<char>(c);
    }
    return s;
}

inline std::string ipv4_text(const std::byte* p) { return octets_codec<ipv4_address>{}.view_of(bytes_view(p, 4)).to_string(); }

// A loose or strict source route whose pointer has not run past its end names the datagram's
// final destination in its last slot; tshark then shows the header's address as ip.cur_rt.
inline bool routes_to_option_destination(const view<ipv4>& v) {
    for (auto option : v.get<"options">()) {
        if (option.kind == ipv4_option_kind::end_of_list) break;
        if (option.kind != ipv4_option_kind::loose_source_route && option.kind != ipv4_option_kind::strict_source_route) continue;
        const std::size_t length = option.data.size() + 2;
        if (option.data.empty() || length < 7) return false;
        const unsigned pointer = std::to_integer<unsigned>(option.data[0]);
        return pointer >= 4 && pointer % 4 == 0 && pointer <= length;
    }
    return false;
}

// Record route and source routes: the pointer (1-based, from the type octet) marks the next
// slot; slots before it were recorded. A source route's last slot is the final destination.
template <class Out>
void ipv4_route_fields(Out& out, const tlv_item_view<ipv4_option_kind>& option) {
    const auto& d = option.data;
    const std::size_t length = d.size() + 2;
    if (d.empty()) return;
    const unsigned pointer = std::to_integer<unsigned>(d[0]);
    out.integer("ip.opt.ptr", pointer);
    if (pointer < 4 || pointer % 4 != 0) return;
    const bool source_route = option.kind != ipv4_option_kind::record_route;
    for (std::size_t slot = 3; slot + 4 <= length; slot += 4) {
        const std::string address = ipv4_text(d.data() + slot - 2);
        if (pointer > length) {
            out.text("ip.rec_rt", address);
        } else if (source_route && slot == length - 4) {
            out.text("ip.dst", address);
            out.text("ip.addr", address);
        } else if (slot + 1 < pointer) {
            out.text("ip.rec_rt", address);
        } else {
            out.text(source_route ? "ip.src_rt" : "ip.empty_rt", address);
        }
    }
}

template <class Out>
void ipv4_timestamp_fields(Out& out, bytes_view d) {
    if (d.size() < 2) return;
    out.integer("ip.opt.ptr", std::to_integer<unsigned>(d[0]));
    const unsigned flags = std::to_integer<unsigned>(d[1]);
    out.integer("ip.opt.overflow", flags >> 4);
    out.integer("ip.opt.flag", flags & 0xf);
    const bool with_address = (flags & 0xf) == 1 || (flags & 0xf) == 3;
    const std::size_t entry = with_address ? 8 : 4;
    for (std::size_t at = 2; at + entry <= d.size(); at += entry) {
        if (with_address) out.text("ip.opt.time_stamp_addr", ipv4_text(d.data() + at));
        out.integer("ip.opt.time_stamp", load_be(d.data() + at + entry - 4, 4));
    }
}

// CIPSO (FIPS 188 / draft-ietf-cipso): a domain of interpretation, then tags. Tags 1, 2 and 5
// carry a sensitivity level and categories as a bitmap, a list, or ranges.
template <class Out>
void ipv4_cipso_fields(Out& out, bytes_view d) {
    if (d.size() < 4) return;
    out.integer("ip.cipso.doi", load_be(d.data(), 4));
    constexpr std::size_t max_tag_length = 34;
    for (std::size_t at = 4; at < d.size();) {
        const unsigned tag = std::to_integer<unsigned>(d[at]);
        out.integer("ip.cipso.tag_type", tag);
        if (tag == 0) { ++at; continue; }
        const std::size_t tag_length = at + 1 < d.size() ? std::to_integer<unsigned>(d[at + 1]) : 1;
        const std::size_t minimum = tag == 7 ? 2 : 4;
        if (tag_length < minimum || tag_length > max_tag_length || at + tag_length > d.size() ||
            !(tag == 1 || tag == 2 || tag == 5 || tag == 6 || tag == 7))
            return;
        if (tag == 6 || tag == 7) {
            out.bytes("ip.cipso.tag_data", d.subspan(at + 2, tag_length - 2));
            at += tag_length;
            continue;
        }
        out.integer("ip.cipso.sensitivity_level", std::to_integer<unsigned>(d[at + 3]));
        if (tag_length > 4) {
            const bytes_view categories = d.subspan(at + 4, tag_length - 4);
            std::string text;
            auto add = [&](const std::string& item) { text += (text.empty() ? "" : ",") + item; };
            if (tag == 1) {
                for (std::size_t bit = 0; bit < categories.size() * 8; ++bit)
                    if (std::to_integer<unsigned>(categories[bit / 8]) & (0x80u >> (bit % 8))) add(std::to_string(bit));
            } else if (tag == 2) {
                for (std::size_t i = 0; i + 2 <= categories.size(); i += 2) add(std::to_string(load_be(categories.data() + i, 2)));
            } else {
                for (std::size_t i = 0; i + 2 <= categories.size();) {
                    const auto high = load_be(categories.data() + i, 2);
                    const auto low = i + 4 <= categories.size() ? load_be(categories.data() + i + 2, 2) : 0;
                    i += i + 4 <= categories.size() ? 4 : 2;
                    add(low == high ? std::to_string(high) : std::to_string(high) + "-" + std::to_string(low));
                }
            }
            out.text("ip.cipso.categories", text);
        }
        at += tag_length;
    }
}

template <class Out>
void ipv4_option_fields(Out& out, const tlv_item_view<ipv4_option_kind>& option, bytes_view whole, std::uint8_t ttl) {
    const auto type = static_cast<std::uint8_t>(option.kind);
    if (auto name = ipv4_option_protocol(type); !name.empty()) out.bytes(name, whole);
    out.integer("ip.opt.type", type);
    out.integer("ip.opt.type.copy", type >> 7);
    out.integer("ip.opt.type.class", (type >> 5) & 3);
    out.integer("ip.opt.type.number", type & 0x1f);
    if (option.kind == ipv4_option_kind::end_of_list || option.kind == ipv4_option_kind::no_operation) return;
    out.integer("ip.opt.len", option.data.size() + 2);
    const auto& d = option.data;
    switch (type) {
        case 7: case 131: case 137: ipv4_route_fields(out, option); break;
        case 68: ipv4_timestamp_fields(out, d); break;
        case 134: ipv4_cipso_fields(out, d); break;
        case 148: if (d.size() == 2) out.integer("ip.opt.ra", load_be(d.data(), 2)); break;
        case 136: if (d.size() == 2) out.integer("ip.opt.sid", load_be(d.data(), 2)); break;
        case 11: case 12: if (d.size() == 2) out.integer("ip.opt.mtu", load_be(d.data(), 2)); break;
        case 82:  // traceroute, RFC 1393
            if (d.size() == 10) {
                out.integer("ip.opt.id_number", load_be(d.data(), 2));
                out.integer("ip.opt.ohc", load_be(d.data() + 2, 2));
                out.integer("ip.opt.rhc", load_be(d.data() + 4, 2));
                out.text("ip.opt.originator", ipv4_text(d.data() + 6));
            }
            break;
        case 149: {  // selective directed broadcast, RFC 1770
            std::size_t at = 0;
            for (; at + 4 <= d.size(); at += 4) out.text("ip.opt.addr", ipv4_text(d.data() + at));
            if (at < d.size()) out.bytes("ip.opt.padding", d.subspan(at));
            break;
        }
        case 25:  // quick-start, RFC 4782
            if (d.size() == 6) {
                const unsigned function = std::to_integer<unsigned>(d[0]) >> 4;
                out.integer("ip.opt.qs_func", function);
                if (function == 0 || function == 8) out.integer("ip.opt.qs_rate", std::to_integer<unsigned>(d[0]) & 0xf);
                if (function == 0) {
                    out.integer("ip.opt.qs_ttl", std::to_integer<unsigned>(d[1]));
                    out.integer("ip.opt.qs_ttl_diff", static_cast<std::uint8_t>(ttl - std::to_integer<unsigned>(d[1])));
                } else if (function == 8) {
                    out.integer("ip.opt.qs_unused", std::to_integer<unsigned>(d[1]));
                }
                if (function == 0 || function == 8) {
                    out.integer("ip.opt.qs_nonce", load_be(d.data() + 2, 4) >> 2);
                    out.integer("ip.opt.qs_reserved", load_be(d.data() + 2, 4) & 3);
                }
            }
            break;
        default: break;
    }
}
}  // namespace detail

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
    // Source-routed: the header holds the current hop; the option's last slot is ip.dst.
    if (detail::routes_to_option_destination(v)) {
        out.text("ip.cur_rt", v.get<"destination">().to_string());
    } else {
        out.text("ip.dst", v.get<"destination">().to_string());
        out.text("ip.addr", v.get<"destination">().to_string());
    }
    const auto options = v.get<"options">();
    for (auto option : options) {
        const std::size_t size = option.kind == ipv4_option_kind::end_of_list || option.kind == ipv4_option_kind::no_operation
                                     ? 1 : option.data.size() + 2;
        detail::ipv4_option_fields(out, option, options.bytes().subspan(option.offset, size), v.get<"ttl">());
        if (option.kind == ipv4_option_kind::end_of_list) break;  // what follows is padding
    }
}

namespace detail {
inline unsigned byte_at(bytes_view b, std::size_t i) { return std::to_integer<unsigned>(b[i]); }

// Mobile IP agent advertisement extensions after a router advertisement (RFC 5944 2.1).
template <class Out>
void icmp_mobile_ip_fields(Out& out, bytes_view d) {
    for (std::size_t at = 0; at < d.size();) {
        const unsigned type = byte_at(d, at);
        out.integer("icmp.mip.type", type);
        if (type == 0) { ++at; continue; }  // one octet of padding
        if (at + 2 > d.size()) return;
        const std::size_t length = byte_at(d, at + 1);
        out.integer("icmp.mip.length", length);
        at += 2;
        if (at + length > d.size()) return;
        const bytes_view body = d.subspan(at, length);
        if (type == 16 && length >= 6) {  // mobility agent advertisement
            out.integer("icmp.mip.seq", load_be(body.data(), 2));
            out.integer("icmp.mip.life", load_be(body.data() + 2, 2));
            const auto flags = load_be(body.data() + 4, 2);
            out.integer("icmp.mip.flags", flags);
            static constexpr std::string_view names[] = {"icmp.mip.r", "icmp.mip.b", "icmp.mip.h", "icmp.mip.f", "icmp.mip.m",
                                                         "icmp.mip.g", "icmp.mip.v", "icmp.mip.rt", "icmp.mip.u", "icmp.mip.x"};
            for (std::size_t i = 0; i < 10; ++i) out.integer(names[i], (flags >> (15 - i)) & 1);
            out.integer("icmp.mip.reserved", flags & 0x3f);
            for (std::size_t i = 6; i + 4 <= length; i += 4) out.text("icmp.mip.coa", ipv4_text(body.data() + i));
        } else if (type == 19) {  // prefix lengths
            for (std::size_t i = 0; i < length; ++i) out.integer("icmp.mip.prefixlength", byte_at(body, i));
        } else if (type == 24) {  // challenge (RFC 3012)
            out.bytes("icmp.mip.challenge", body);
        } else if (length >= 4) {
            out.bytes("icmp.mip.content", body.first(length - 4));  // tshark shows all but the last 4 octets
        }
        at += length;
    }
}

// RFC 4884 extension objects: MPLS label stacks (RFC 4950), interface information (RFC 5837)
// and interface identification (RFC 8335).
template <class Out>
void icmp_extension_fields(Out& out, bytes_view d) {
    out.text("icmp.ext", "");
    if (d.size() < 4) return;
    const unsigned version = byte_at(d, 0) >> 4;
    out.integer("icmp.ext.version", version);
    out.integer("icmp.ext.res", load_be(d.data(), 2) & 0x0fff);
    out.integer("icmp.ext.checksum", load_be(d.data() + 2, 2));
    if (version != 1 && version != 2) return;
    for (std::size_t at = 4; d.size() - at >= 4;) {
        const std::size_t length = load_be(d.data() + at, 2);
        const unsigned object_class = byte_at(d, at + 2), c_type = byte_at(d, at + 3);
        out.integer("icmp.ext.length", length);
        out.integer("icmp.ext.class", object_class);
        if (length < 4) break;
        const bytes_view object = d.subspan(at, std::min(length, d.size() - at));
        const bytes_view body = object.subspan(4);
        bool known = true;
        switch (object_class) {
            case 0:  // MPLS extended payload: more of the original datagram
                out.integer("icmp.ext.ctype", c_type);
                if (c_type == 1) { if (!body.empty()) out.bytes("icmp.ext.data", body); }
                else known = false;
                break;
            case 1:  // MPLS label stack
                out.integer("icmp.ext.ctype", c_type);
                if (c_type != 1) { known = false; break; }
                {
                    std::size_t i = 0;
                    for (; i + 4 <= body.size(); i += 4) {
                        out.integer("icmp.mpls.label", load_be(body.data() + i, 3) >> 4);
                        out.integer("icmp.mpls.exp", (byte_at(body, i + 2) >> 1) & 7);
                        out.integer("icmp.mpls.s", byte_at(body, i + 2) & 1);
                        out.integer("icmp.mpls.ttl", byte_at(body, i + 3));
                    }
                    if (i < body.size()) out.bytes("icmp.mpls.data", body.subspan(i));
                }
                break;
            case 2: {  // interface information: the c-type's bits say which sub-objects follow
                out.integer("icmp.ext.ctype", c_type);
                out.integer("icmp.int_info.role", c_type >> 6);
                out.integer("icmp.int_info.reserved", (c_type >> 4) & 3);
                out.integer("icmp.int_info.ifindex", (c_type >> 3) & 1);
                out.integer("icmp.int_info.ipaddr", (c_type >> 2) & 1);
                out.integer("icmp.int_info.name_present", (c_type >> 1) & 1);
                out.integer("icmp.int_info.mtu_present", c_type & 1);
                // tshark reads the index and MTU wherever they fall, even past a short object's
                // end (which decides only whether the address and name are read).
                const std::size_t end = at + object.size();
                std::size_t i = at + 4;
                if (c_type & 8) {
                    if (i + 4 > d.size()) break;
                    out.integer("icmp.int_info.index", load_be(d.data() + i, 4));
                    i += 4;
                }
                if ((c_type & 4) && end >= i + 2) {
                    const auto afi = load_be(d.data() + i, 2);
                    out.integer("icmp.int_info.afi", afi);
                    if (i + 4 > d.size()) break;
                    out.bytes("icmp.reserved", d.subspan(i + 2, 2));
                    i += 4;
                    const std::size_t size = afi == 1 ? 4 : afi == 2 ? 16 : 0;
                    if (size == 0 || i + size > d.size()) break;
                    if (afi == 1) out.text("icmp.int_info.ipv4", ipv4_text(d.data() + i));
                    else out.text("icmp.int_info.ipv6", octets_codec<ipv6_address>{}.view_of(d.subspan(i, 16)).to_string());
                    i += size;
                }
                if (c_type & 2) {
                    std::size_t name_length = 0;
                    if (end >= i + 1) {
                        name_length = byte_at(d, i);
                        out.integer("icmp.int_info.name_length", name_length);
                        ++i;
                    }
                    if (name_length > 0 && end >= i + name_length && i + name_length - 1 <= d.size()) {
                        out.text("icmp.int_info.name", printable(d.subspan(i, name_length - 1)));
                        i += name_length - 1;
                    }
                }
                if ((c_type & 1) && i + 4 <= d.size()) out.integer("icmp.int_info.mtu", load_be(d.data() + i, 4));
                break;
            }
            case 3:  // interface identification (extended echo request)
                if (d.size() - at < 5) { known = false; break; }
                out.integer("icmp.ext.ctype", c_type);
                if (c_type == 1) {
                    out.text("icmp.int_ident.name", printable(body));
                } else if (c_type == 2) {
                    if (body.size() >= 4) out.integer("icmp.int_ident.index", load_be(body.data(), 4));
                } else if (c_type == 3 && body.size() >= 4) {
                    const auto afi = load_be(body.data(), 2);
                    std::size_t address_length = byte_at(body, 2);
                    out.integer("icmp.int_ident.afi", afi);
                    out.integer("icmp.int_ident.addr_length", address_length);
                    out.bytes("icmp.int_ident.reserved", body.subspan(3, 1));
                    const bytes_view rest = d.subspan(at + 8);  // tshark reads on past the object
                    std::size_t i = 0;
                    if (afi == 1) {
                        for (; address_length >= 4 && rest.size() - i >= 4; i += 4, address_length -= 4)
                            out.text("icmp.int_ident.ipv4", ipv4_text(rest.data() + i));
                    } else if (afi == 2) {
                        for (; address_length >= 16 && rest.size() - i >= 16; i += 16, address_length -= 16)
                            out.text("icmp.int_ident.ipv6", octets_codec<ipv6_address>{}.view_of(rest.subspan(i, 16)).to_string());
                    } else {
                        out.bytes("icmp.int_ident.address", rest);
                    }
                }
                break;
            default: known = false; break;
        }
        if (!known) {
            out.integer("icmp.ext.ctype", c_type);
            if (body.size() > 0) out.bytes("icmp.ext.data", body);
        }
        at += object.size();
    }
}
}  // namespace detail

template <class Out>
void wireshark_fields(const view<icmp>& v, Out& out) {
    const auto type = static_cast<std::uint8_t>(v.get<"type">());
    const unsigned code = v.get<"code">();
    out.integer("icmp.type", type);
    out.integer("icmp.code", code);
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
    const detail::bytes_view m = v.bytes();  // the whole message
    using detail::byte_at;
    // RFC 4884: errors may state the quoted datagram's length (in 32-bit words) in octet 5.
    const unsigned quoted_words = m.size() > 5 ? byte_at(m, 5) : 0;
    auto quoted_length_fields = [&] {
        out.integer("icmp.length", quoted_words);
        out.integer("icmp.length.original_datagram", quoted_words * 4);
    };
    switch (type) {
        case 3:  // destination unreachable; code 4 carries the next-hop MTU (RFC 1191)
            if (m.size() < 8) break;
            if (quoted_words > 0) {
                out.bytes("icmp.unused", m.subspan(4, 1));
                quoted_length_fields();
                if (code == 4) out.integer("icmp.mtu", detail::load_be(m.data() + 6, 2));
                else out.bytes("icmp.unused", m.subspan(6, 2));
            } else if (code == 4) {
                out.bytes("icmp.unused", m.subspan(4, 2));
                out.integer("icmp.mtu", detail::load_be(m.data() + 6, 2));
            } else {
                out.bytes("icmp.unused", m.subspan(4, 4));
            }
            break;
        case 11:  // time exceeded
            if (m.size() < 8) break;
            if (quoted_words > 0) {
                out.bytes("icmp.unused", m.subspan(4, 1));
                quoted_length_fields();
                out.bytes("icmp.unused", m.subspan(6, 2));
            } else {
                out.bytes("icmp.unused", m.subspan(4, 4));
            }
            break;
        case 12:  // parameter problem
            if (m.size() < 8) break;
            out.integer("icmp.pointer", byte_at(m, 4));
            if (quoted_words > 0) {
                quoted_length_fields();
                out.bytes("icmp.unused", m.subspan(6, 2));
            } else {
                out.bytes("icmp.unused", m.subspan(5, 3));
            }
            break;
        case 9: {  // router advertisement (RFC 1256), perhaps with Mobile IP extensions
            if (m.size() < 8) break;
            const unsigned count = byte_at(m, 4), entry_size = byte_at(m, 5);
            out.integer("icmp.num_addrs", count);
            out.integer("icmp.addr_entry_size", entry_size);
            out.integer("icmp.lifetime", detail::load_be(m.data() + 6, 2));
            if (entry_size != 2) break;
            std::size_t at = 8;
            for (unsigned i = 0; i < count && at + 8 <= m.size(); ++i, at += 8) {
                out.text("icmp.router_address", detail::ipv4_text(m.data() + at));
                out.signed_integer("icmp.pref_level", static_cast<std::int32_t>(detail::load_be(m.data() + at + 4, 4)));
            }
            if ((code == 0 || code == 16) && at <= m.size()) detail::icmp_mobile_ip_fields(out, m.subspan(at));
            break;
        }
        case 13: case 14:  // timestamp request and reply
            if (m.size() < 20) break;
            out.integer("icmp.originate_timestamp", detail::load_be(m.data() + 8, 4));
            out.integer("icmp.receive_timestamp", detail::load_be(m.data() + 12, 4));
            out.integer("icmp.transmit_timestamp", detail::load_be(m.data() + 16, 4));
            break;
        case 17: case 18:  // address mask request and reply
            if (m.size() >= 12) out.text("icmp.address_mask", detail::ipv4_text(m.data() + 8));
            break;
        case 42:  // extended echo request (RFC 8335): the interface to probe is an extension
            if (m.size() < 8) break;
            out.integer("icmp.ext.echo.seq", byte_at(m, 6));
            out.integer("icmp.ext.echo.req.res", byte_at(m, 7) >> 1);
            out.integer("icmp.ext.echo.req.local", byte_at(m, 7) & 1);
            if (m.size() > 8) detail::icmp_extension_fields(out, m.subspan(8));
            break;
        case 43:  // extended echo reply
            if (m.size() < 8) break;
            out.integer("icmp.ext.echo.seq", byte_at(m, 6));
            out.integer("icmp.ext.echo.rsp.state", byte_at(m, 7) >> 5);
            out.integer("icmp.ext.echo.rsp.res", (byte_at(m, 7) >> 3) & 3);
            out.integer("icmp.ext.echo.rsp.active", (byte_at(m, 7) >> 2) & 1);
            out.integer("icmp.ext.echo.rsp.ipv4", (byte_at(m, 7) >> 1) & 1);
            out.integer("icmp.ext.echo.rsp.ipv6", byte_at(m, 7) & 1);
            break;
        default: break;
    }
    // Errors: an extension structure follows the first 128 octets of a short quoted datagram
    // (RFC 4884 section 5; tshark applies it to source quench and redirect too).
    if ((type == 3 || type == 4 || type == 5 || type == 11 || type == 12) && m.size() > 8 + 128 &&
        detail::load_be(m.data() + 10, 2) <= 128) {
        const std::size_t at = (quoted_words ? quoted_words * 4 : 128) + 8;
        if (at <= m.size()) detail::icmp_extension_fields(out, m.subspan(at));
    }
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

// tshark's protocol name for each TCP option kind it knows (MPTCP's is "mptcp", outside tcp.).
constexpr std::string_view tcp_option_protocol(unsigned kind) {
    switch (kind) {
        case 2: return "tcp.options.mss";
        case 3: return "tcp.options.wscale";
        case 4: return "tcp.options.sack_perm";
        case 5: return "tcp.options.sack";
        case 6: return "tcp.options.echo";
        case 7: return "tcp.options.echoreply";
        case 8: return "tcp.options.timestamp";
        case 11: return "tcp.options.cc";
        case 12: return "tcp.options.ccnew";
        case 13: return "tcp.options.ccecho";
        case 19: return "tcp.options.md5";
        case 20: return "tcp.options.scps";
        case 21: return "tcp.options.snack";
        case 22: return "tcp.options.scpsrec";
        case 23: return "tcp.options.scpscor";
        case 27: return "tcp.options.qs";
        case 28: return "tcp.options.user_to";
        case 29: return "tcp.options.ao";
        case 34: return "tcp.options.tfo";
        case 253: case 254: return "tcp.options.experimental";
        default: return {};
    }
}

// A TCP Fast Open option (RFC 7413) without a cookie asks for one.
template <class Out>
void tfo_fields(Out& out, bytes_view cookie) {
    if (cookie.empty()) out.text("tcp.options.tfo.request", "");
    else out.bytes("tcp.options.tfo.cookie", cookie);
}

// MPTCP (RFC 8684): MP_CAPABLE's keys and DSS's mappings.
template <class Out>
void mptcp_fields(Out& out, bytes_view d) {
    if (d.empty()) return;
    const unsigned subtype = byte_at(d, 0) >> 4;
    out.integer("tcp.options.mptcp.subtype", subtype);
    if (subtype == 0 && d.size() >= 2) {  // MP_CAPABLE
        out.integer("tcp.options.mptcp.version", byte_at(d, 0) & 0xf);
        const unsigned flags = byte_at(d, 1);
        out.integer("tcp.options.mptcp.flags", flags);
        out.integer("tcp.options.mptcp.checksumreq.flags", flags >> 7);
        out.integer("tcp.options.mptcp.extensibility.flag", (flags >> 6) & 1);
        out.integer("tcp.options.mptcp.nomoresubflows.flag", (flags >> 5) & 1);
        out.integer("tcp.options.mptcp.sha256.flag", flags & 1);
        out.integer("tcp.options.mptcp.reserved.flag", (flags & 0x3e) >> 1);
        if (d.size() >= 10) out.integer("tcp.options.mptcp.sendkey", load_be(d.data() + 2, 8));
        if (d.size() >= 18) out.integer("tcp.options.mptcp.recvkey", load_be(d.data() + 10, 8));
        if (d.size() >= 20) out.integer("tcp.options.mptcp.datalvllen", load_be(d.data() + 18, 2));
        if (d.size() >= 22) out.integer("tcp.options.mptcp.checksum", load_be(d.data() + 20, 2));
    } else if (subtype == 2 && d.size() >= 2) {  // DSS
        const unsigned flags = byte_at(d, 1);
        out.integer("tcp.options.mptcp.flags", flags);
        out.integer("tcp.options.mptcp.datafin.flag", (flags >> 4) & 1);
        out.integer("tcp.options.mptcp.dseqn8.flag", (flags >> 3) & 1);
        out.integer("tcp.options.mptcp.dseqnpresent.flag", (flags >> 2) & 1);
        out.integer("tcp.options.mptcp.dataack8.flag", (flags >> 1) & 1);
        out.integer("tcp.options.mptcp.dataackpresent.flag", flags & 1);
        std::size_t at = 2;
        if (flags & 1) {
            const std::size_t size = (flags & 2) ? 8 : 4;
            if (at + size > d.size()) return;
            out.integer("tcp.options.mptcp.rawdataack", load_be(d.data() + at, size));
            at += size;
        }
        if (flags & 4) {
            const std::size_t size = (flags & 8) ? 8 : 4;
            if (at + size + 6 > d.size()) return;
            out.integer("tcp.options.mptcp.rawdataseqno", load_be(d.data() + at, size));
            out.integer("tcp.options.mptcp.subflowseqno", load_be(d.data() + at + size, 4));
            out.integer("tcp.options.mptcp.datalvllen", load_be(d.data() + at + size + 4, 2));
            at += size + 6;
            if (at + 2 <= d.size()) out.integer("tcp.options.mptcp.checksum", load_be(d.data() + at, 2));
        }
    }
}

template <class Out>
void tcp_option_fields(Out& out, const tlv_item_view<tcp_option_kind>& option, bytes_view whole, std::uint32_t ack) {
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
    if (auto name = tcp_option_protocol(static_cast<std::uint8_t>(kind)); !name.empty()) out.bytes(name, whole);
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
        case tcp_option_kind::sack: {
            std::size_t blocks = 0;
            for (std::size_t i = 0; i + 8 <= d.size(); i += 8, ++blocks) {
                out.integer("tcp.options.sack_le", load_be(d.data() + i, 4));
                out.integer("tcp.options.sack_re", load_be(d.data() + i + 4, 4));
            }
            out.integer("tcp.options.sack.count", blocks);
            // RFC 2883: a first block below the acknowledgment, or inside the second block,
            // reports a duplicate segment.
            if (blocks >= 1) {
                const auto left = static_cast<std::uint32_t>(load_be(d.data(), 4));
                const auto right = static_cast<std::uint32_t>(load_be(d.data() + 4, 4));
                bool duplicate = static_cast<std::int32_t>(left - ack) < 0;
                if (!duplicate && blocks >= 2) {
                    const auto left2 = static_cast<std::uint32_t>(load_be(d.data() + 8, 4));
                    const auto right2 = static_cast<std::uint32_t>(load_be(d.data() + 12, 4));
                    duplicate = static_cast<std::int32_t>(left - left2) >= 0 && static_cast<std::int32_t>(right2 - right) >= 0;
                }
                if (duplicate) {
                    out.integer("tcp.options.sack.dsack_le", left);
                    out.integer("tcp.options.sack.dsack_re", right);
                }
            }
            break;
        }
        case tcp_option_kind::fast_open: tfo_fields(out, d); break;
        case tcp_option_kind::experimental_1:
        case tcp_option_kind::experimental_2:
            if (d.size() >= 2) {
                const auto exid = load_be(d.data(), 2);
                out.integer("tcp.options.experimental.exid", exid);
                if (exid == 0xf989) tfo_fields(out, d.subspan(2));
                else if (d.size() > 2) out.bytes("tcp.options.experimental.data", d.subspan(2));
            }
            break;
        case tcp_option_kind::multipath: mptcp_fields(out, d); break;
        case tcp_option_kind::authentication:
            if (d.size() >= 2) {
                out.integer("tcp.options.ao.keyid", std::to_integer<unsigned>(d[0]));
                out.integer("tcp.options.ao.rnextkeyid", std::to_integer<unsigned>(d[1]));
                if (d.size() > 2) out.bytes("tcp.options.ao.mac", d.subspan(2));
            }
            break;
        case tcp_option_kind::user_timeout:
            if (d.size() == 2) {
                const auto value = load_be(d.data(), 2);
                out.integer("tcp.options.user_to_granularity", value >> 15);
                out.integer("tcp.options.user_to_val", value & 0x7fff);
            }
            break;
        case tcp_option_kind::quick_start:  // RFC 4782
            if (d.size() == 6) {
                out.integer("tcp.options.qs.rate", std::to_integer<unsigned>(d[0]) & 0xf);
                out.integer("tcp.options.qs.ttl_diff", std::to_integer<unsigned>(d[1]));
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
        detail::tcp_option_fields(out, option, options.bytes().subspan(option.offset, end - option.offset),
                                  static_cast<std::uint32_t>(v.get<"acknowledgment_number">()));
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

namespace detail {
// The option types tshark 4.0 has a dissector for; it shows the data of any other as unknown.
constexpr bool ipv6_option_known(std::uint8_t type) {
    switch (type) {
        case 0x00: case 0x01: case 0x04: case 0x05: case 0x07: case 0x08: case 0x0f: case 0x23: case 0x26: case 0x30:
        case 0x31: case 0x63: case 0x8a: case 0x8b: case 0x8c: case 0xc2: case 0xc9:
            return true;
        default:
            return false;
    }
}
}  // namespace detail

// Hop-by-hop (ipv6.hopopts.*) and destination options (ipv6.dstopts.*).
template <fixed_string Name, class Out>
void wireshark_fields(const view<ipv6_options_header<Name>>& v, Out& out) {
    const std::string p = std::is_same_v<ipv6_options_header<Name>, ipv6_hop_by_hop> ? "ipv6.hopopts" : "ipv6.dstopts";
    out.integer(p + ".nxt", static_cast<std::uint8_t>(v.template get<"next_header">()));
    out.integer(p + ".len", v.template get<"length">());
    out.integer(p + ".len_oct", (v.template get<"length">() + 1u) * 8);
    for (auto option : v.template get<"options">()) {
        const auto type = static_cast<std::uint8_t>(option.kind);
        out.text("ipv6.opt", "");
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
        if (option.kind == ipv6_option_type::tunnel_encapsulation_limit && option.data.size() == 1)
            out.integer("ipv6.opt.tel", std::to_integer<unsigned>(option.data[0]));
        if (!detail::ipv6_option_known(type)) out.bytes("ipv6.opt.unknown", option.data);
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
// MLDv2 multicast address records (RFC 3810 5.2).
template <class Out>
void mldv2_record_fields(Out& out, bytes_view d, std::size_t count) {
    std::size_t at = 0;
    for (std::size_t i = 0; i < count && at + 20 <= d.size(); ++i) {
        const std::size_t aux_words = byte_at(d, at + 1), sources = load_be(d.data() + at + 2, 2);
        out.text("icmpv6.mldr.mar", "");
        out.integer("icmpv6.mldr.mar.record_type", byte_at(d, at));
        out.integer("icmpv6.mldr.mar.aux_data_len", aux_words);
        out.integer("icmpv6.mldr.mar.nb_sources", sources);
        out.text("icmpv6.mldr.mar.multicast_address", octets_codec<ipv6_address>{}.view_of(d.subspan(at + 4, 16)).to_string());
        at += 20;
        for (std::size_t s = 0; s < sources && at + 16 <= d.size(); ++s, at += 16)
            out.text("icmpv6.mldr.mar.source_address", octets_codec<ipv6_address>{}.view_of(d.subspan(at, 16)).to_string());
        if (aux_words > 0 && at + aux_words * 4 <= d.size()) out.bytes("icmpv6.mldr.mar.auxiliary_data", d.subspan(at, aux_words * 4));
        at += aux_words * 4;
    }
}

template <class Out>
void nd_option_fields(Out& out, const tlv_item_view<nd_option_type>& option) {
    out.text("icmpv6.opt", "");
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
            if (static_cast<std::uint8_t>(option.kind) == 38 && d.size() == 14) {  // PREF64 (RFC 8781)
                const auto word = load_be(d.data(), 2);
                out.integer("icmpv6.opt.pref64.scaled_lifetime", word >> 3);
                out.integer("icmpv6.opt.pref64.plc", word & 7);
                ipv6_address prefix{};
                for (std::size_t i = 0; i < 12; ++i) prefix.octets[i] = std::to_integer<std::uint8_t>(d[2 + i]);
                out.text("icmpv6.opt.pref64.prefix", prefix.to_string());
            }
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
            out.bytes("icmpv6.reserved", header.subspan(6, 2));
            out.text("icmpv6.mld.multicast_address", v.get<"multicast_address">()->to_string());
            break;
        case icmpv6_type::mldv2_report:
            out.bytes("icmpv6.reserved", header.subspan(4, 2));
            out.integer("icmpv6.mldr.nb_mcast_records", v.get<"record_count">().value_or(0));
            detail::mldv2_record_fields(out, v.payload(), v.get<"record_count">().value_or(0));
            break;
        default: break;
    }
    if (auto options = v.get<"options">())
        for (auto option : *options) detail::nd_option_fields(out, option);
}

namespace detail {
// A name as tshark's dns dissector shows it: labels joined by dots, "<Root>" for the root.
inline std::string dns_text(const dns_name_view& name) {
    std::string s;
    name.for_each_label([&](std::string_view label) {
        if (!s.empty()) s += '.';
        s.append(label);
    });
    return s.empty() ? "<Root>" : s;
}

template <class Out>
void dns_record_fields(Out& out, const dns_record_view& r, bool mdns) {
    const auto type = r.type();
    out.text("dns.resp.name", dns_text(r.name()));
    out.integer("dns.resp.type", static_cast<std::uint16_t>(type));
    if (type == dns_type::opt) {  // EDNS0 (RFC 6891): class and TTL are the OPT record's own fields
        out.integer("dns.rr.udp_payload_size", r.class_());
        if (mdns) out.integer("dns.resp.cache_flush", r.class_() >> 15);
        out.integer("dns.resp.ext_rcode", r.ttl() >> 24);
        out.integer("dns.resp.edns0_version", (r.ttl() >> 16) & 0xff);
        out.integer("dns.resp.z", r.ttl() & 0xffff);
        out.integer("dns.resp.z.do", (r.ttl() >> 15) & 1);
        out.integer("dns.resp.z.reserved", r.ttl() & 0x7fff);
        out.integer("dns.resp.len", r.rdata_length());
        const auto d = r.rdata_bytes();
        for (std::size_t at = 0; at + 4 <= d.size();) {
            const auto code = load_be(d.data() + at, 2);
            const std::size_t length = load_be(d.data() + at + 2, 2);
            if (at + 4 + length > d.size()) break;
            out.text("dns.opt", "");
            out.integer("dns.opt.code", code);
            out.integer("dns.opt.len", length);
            const auto data = d.subspan(at + 4, length);
            out.bytes("dns.opt.data", data);
            if (code == 10 && length >= 8) {  // cookie (RFC 7873)
                out.bytes("dns.opt.cookie.client", data.first(8));
                if (length > 8) out.bytes("dns.opt.cookie.server", data.subspan(8));
            }
            at += 4 + length;
        }
        return;
    }
    out.integer("dns.resp.class", mdns ? r.class_() & 0x7fff : r.class_());
    if (mdns) out.integer("dns.resp.cache_flush", r.class_() >> 15);
    out.integer("dns.resp.ttl", r.ttl());
    out.integer("dns.resp.len", r.rdata_length());
    if (auto a = r.a()) out.text("dns.a", a->to_string());
    else if (auto a6 = r.aaaa()) out.text("dns.aaaa", a6->to_string());
    else if (auto t = r.target()) {
        out.text(type == dns_type::ns ? "dns.ns" : type == dns_type::cname ? "dns.cname" : "dns.ptr.domain_name", dns_text(*t));
    } else if (auto mx = r.mx()) {
        out.integer("dns.mx.preference", mx->preference);
        out.text("dns.mx.mail_exchange", dns_text(mx->exchange));
    } else if (auto soa = r.soa()) {
        out.text("dns.soa.mname", dns_text(soa->primary));
        out.text("dns.soa.rname", dns_text(soa->mailbox));
        out.integer("dns.soa.serial_number", soa->serial);
        out.integer("dns.soa.refresh_interval", soa->refresh);
        out.integer("dns.soa.retry_interval", soa->retry);
        out.integer("dns.soa.expire_limit", soa->expire);
        out.integer("dns.soa.minimum_ttl", soa->minimum);
    } else if (auto srv = r.srv()) {
        // The owner name reads _service._proto.name (RFC 2782).
        std::vector<std::string> labels;
        r.name().for_each_label([&](std::string_view l) { labels.emplace_back(l); });
        if (labels.size() >= 2) {
            out.text("dns.srv.service", labels[0]);
            out.text("dns.srv.proto", labels[1]);
            std::string rest;
            for (std::size_t i = 2; i < labels.size(); ++i) rest += (rest.empty() ? "" : ".") + labels[i];
            out.text("dns.srv.name", rest.empty() ? "<Root>" : rest);
        }
        out.integer("dns.srv.priority", srv->priority);
        out.integer("dns.srv.weight", srv->weight);
        out.integer("dns.srv.port", srv->port);
        out.text("dns.srv.target", dns_text(srv->target));
    } else if (auto nsec = r.nsec()) {
        out.text("dns.nsec.next_domain_name", dns_text(nsec->next_domain));
        // tshark lists each type of the bitmap under dns.resp.type.
        for_each_nsec_type(nsec->type_bitmaps, [&](std::uint16_t t) { out.integer("dns.resp.type", t); });
    } else if (auto g = r.rrsig()) {
        // (tshark's signature_expiration and _inception are dates in its local format: left out)
        out.integer("dns.rrsig.type_covered", static_cast<std::uint16_t>(g->type_covered));
        out.integer("dns.rrsig.algorithm", g->algorithm);
        out.integer("dns.rrsig.labels", g->labels);
        out.integer("dns.rrsig.original_ttl", g->original_ttl);
        out.integer("dns.rrsig.key_tag", g->key_tag);
        out.text("dns.rrsig.signers_name", dns_text(g->signer));
        out.bytes("dns.rrsig.signature", g->signature);
    } else if (auto c = r.caa()) {
        out.integer("dns.caa.flags", c->flags);
        out.integer("dns.caa.flags.issuer_critical", c->flags >> 7);
        const std::string value(c->value);
        if (c->tag == "issue") out.text("dns.caa.issue", value);
        else if (c->tag == "issuewild") out.text("dns.caa.issuewild", value);
        else if (c->tag == "iodef") out.text("dns.caa.iodef", value);
        else out.text("dns.caa.unknown", value);
        out.integer("dns.caa.tag_length", c->tag.size());
        out.text("dns.caa.tag", std::string(c->tag));
        out.text("dns.caa.value", value);
    } else if (type == dns_type::txt) {
        r.for_each_string([&](std::string_view text) {
            out.integer("dns.txt.length", text.size());
            out.text("dns.txt", std::string(text));
        });
    }
}
}  // namespace detail

// `mdns`: the message went to or from port 5353, where the top bit of a class is a flag.
template <class Out>
void wireshark_fields(const view<dns>& v, Out& out, bool mdns = false) {
    const bool response = v.get<"response">();
    out.integer("dns.id", v.get<"id">());
    out.integer("dns.flags", detail::load_be(v.header().data() + 2, 2));
    out.integer("dns.flags.response", response);
    out.integer("dns.flags.opcode", static_cast<unsigned>(v.get<"opcode">()));
    if (response) out.integer("dns.flags.authoritative", v.get<"authoritative">());
    out.integer("dns.flags.truncated", v.get<"truncated">());
    out.integer("dns.flags.recdesired", v.get<"recursion_desired">());
    if (response) out.integer("dns.flags.recavail", v.get<"recursion_available">());
    out.integer("dns.flags.z", v.get<"z">());
    // In a query, tshark shows AD only when set (RFC 6840 5.7: the asker understands it).
    if (response || v.get<"authentic_data">()) out.integer("dns.flags.authenticated", v.get<"authentic_data">());
    out.integer("dns.flags.checkdisable", v.get<"checking_disabled">());
    if (response) out.integer("dns.flags.rcode", static_cast<unsigned>(v.get<"rcode">()));
    const auto s = v.get<"sections">();
    out.integer("dns.count.queries", s.question_count());
    out.integer("dns.count.answers", s.answer_count());
    out.integer("dns.count.auth_rr", s.authority_count());
    out.integer("dns.count.add_rr", s.additional_count());
    for (auto q : s.questions()) {
        const std::string name = detail::dns_text(q.name());
        std::size_t labels = 0;
        q.name().for_each_label([&](std::string_view) { ++labels; });
        out.text("dns.qry.name", name);
        out.integer("dns.qry.name.len", labels == 0 ? 0 : name.size());
        out.integer("dns.count.labels", labels);
        out.integer("dns.qry.type", static_cast<std::uint16_t>(q.type()));
        out.integer("dns.qry.class", mdns ? q.class_() & 0x7fff : q.class_());
        if (mdns) out.integer("dns.qry.qu", q.class_() >> 15);
    }
    for (auto r : s.answers()) detail::dns_record_fields(out, r, mdns);
    for (auto r : s.authorities()) detail::dns_record_fields(out, r, mdns);
    for (auto r : s.additionals()) detail::dns_record_fields(out, r, mdns);
}

namespace detail {
template <class Out>
void dhcp_option_fields(Out& out, const tlv_item_view<dhcp_option_kind>& option) {
    const auto code = static_cast<std::uint8_t>(option.kind);
    const auto& d = option.data;
    auto addresses = [&](std::string_view name) {
        for (std::size_t at = 0; at + 4 <= d.size(); at += 4) out.text(name, ipv4_text(d.data() + at));
    };
    auto text = [&](std::string_view name) { out.text(name, printable(d)); };
    auto u32 = [&](std::string_view name) {
        if (d.size() == 4) out.integer(name, load_be(d.data(), 4));
    };
    switch (code) {
        case 1: addresses("dhcp.option.subnet_mask"); break;
        case 3: addresses("dhcp.option.router"); break;
        case 4: addresses("dhcp.option.time_server"); break;
        case 6: addresses("dhcp.option.domain_name_server"); break;
        case 12: text("dhcp.option.hostname"); break;
        case 15: text("dhcp.option.domain_name"); break;
        case 28: addresses("dhcp.option.broadcast_address"); break;
        case 42: addresses("dhcp.option.ntp_server"); break;
        case 44: addresses("dhcp.option.netbios_over_tcpip_name_server"); break;
        case 46: if (d.size() == 1) out.integer("dhcp.option.netbios_over_tcpip_node_type", byte_at(d, 0)); break;
        case 50: addresses("dhcp.option.requested_ip_address"); break;
        case 51: u32("dhcp.option.ip_address_lease_time"); break;
        case 53: if (d.size() == 1) out.integer("dhcp.option.dhcp", byte_at(d, 0)); break;
        case 54: addresses("dhcp.option.dhcp_server_id"); break;
        case 55: for (auto b : d) out.integer("dhcp.option.request_list_item", std::to_integer<unsigned>(b)); break;
        case 56: text("dhcp.option.message"); break;
        case 57: if (d.size() == 2) out.integer("dhcp.option.dhcp_max_message_size", load_be(d.data(), 2)); break;
        case 58: u32("dhcp.option.renewal_time_value"); break;
        case 59: u32("dhcp.option.rebinding_time_value"); break;
        case 60: text("dhcp.option.vendor_class_id"); break;
        case 66: text("dhcp.option.tftp_server_name"); break;
        case 67: text("dhcp.option.bootfile_name"); break;
        case 77:  // user class (RFC 3004): instances of length and data
            for (std::size_t at = 0, i = 0; at < d.size(); ++i) {
                const std::size_t n = byte_at(d, at);
                if (at + 1 + n > d.size()) break;
                out.integer("dhcp.option.user_class", i);
                out.integer("dhcp.option.user_class.length", n);
                out.bytes("dhcp.option.user_class.data", d.subspan(at + 1, n));
                at += 1 + n;
            }
            break;
        case 91: u32("dhcp.option.client_last_transaction_time"); break;
        case 92: addresses("dhcp.option.associated_ip_option"); break;
        default: break;
    }
}
}  // namespace detail

template <class Out>
void wireshark_fields(const view<dhcp>& v, Out& out) {
    out.integer("dhcp.type", static_cast<std::uint8_t>(v.get<"op">()));
    out.integer("dhcp.hw.type", v.get<"hardware_type">());
    out.integer("dhcp.hw.len", v.get<"hardware_length">());
    out.integer("dhcp.hops", v.get<"hops">());
    out.integer("dhcp.id", v.get<"transaction_id">());
    out.integer("dhcp.secs", v.get<"seconds">());
    out.integer("dhcp.flags", (v.get<"broadcast">() ? 0x8000u : 0u) | v.get<"flags_reserved">());
    out.integer("dhcp.flags.bc", v.get<"broadcast">());
    out.integer("dhcp.flags.reserved", v.get<"flags_reserved">());
    out.text("dhcp.ip.client", v.get<"client_address">().to_string());
    out.text("dhcp.ip.your", v.get<"your_address">().to_string());
    out.text("dhcp.ip.server", v.get<"server_address">().to_string());
    out.text("dhcp.ip.relay", v.get<"relay_address">().to_string());
    const auto chaddr = v.header().subspan(28, 16);
    if (v.get<"hardware_type">() == 1 && v.get<"hardware_length">() == 6) {
        out.text("dhcp.hw.mac_addr", octets_codec<mac_address>{}.view_of(chaddr.first(6)).to_string());
        out.bytes("dhcp.hw.addr_padding", chaddr.subspan(6));
    } else {
        const std::size_t n = std::min<std::size_t>(v.get<"hardware_length">(), 16);
        out.bytes("dhcp.hw.addr", chaddr.first(n));
        if (n < 16) out.bytes("dhcp.hw.addr_padding", chaddr.subspan(n));
    }
    out.text("dhcp.server", v.get<"server_name">().to_string());
    out.text("dhcp.file", v.get<"boot_file">().to_string());
    out.text("dhcp.cookie", detail::ipv4_text(v.header().data() + 236));
    for (auto option : v.get<"options">()) {
        if (option.kind == dhcp_option_kind::end) {
            out.integer("dhcp.option.type", 0);  // as tshark's JSON shows END's item
            out.integer("dhcp.option.end", 255);
            if (!option.data.empty()) out.bytes("dhcp.option.padding", option.data);
            break;
        }
        if (option.kind == dhcp_option_kind::pad) {
            out.integer("dhcp.option.type", 0);
            continue;
        }
        out.integer("dhcp.option.type", static_cast<std::uint8_t>(option.kind));
        out.integer("dhcp.option.length", option.data.size());
        out.bytes("dhcp.option.value", option.data);
        detail::dhcp_option_fields(out, option);
    }
}

// DNS over TCP: tshark shows the length prefix as dns.length, and the TCP layer's PDU as
// tcp.pdu.size.
template <class Out>
void wireshark_fields(const view<dns_over_tcp>& v, Out& out) {
    out.integer("tcp.pdu.size", v.get<"length">() + 2u);
    out.integer("dns.length", v.get<"length">());
    wireshark_fields(v.get<"message">(), out);
}
template <> inline constexpr std::string_view wireshark_protocol<dns_over_tcp> = "dns";

// ---------------------------------------------------------------------------------------------
// Whole frames

namespace detail {
// The bytes after the layer an EtherType names, split as tshark 4.0 splits them: zero padding
// up to the 60-byte minimum frame, then (on Ethernet only, whose pcap link type leaves it open)
// a 4-byte frame check sequence when the frame has 64 bytes or more, then the trailer.
struct ethernet_tail {
    bytes_view padding{}, trailer{};
    std::optional<std::uint32_t> fcs{};
};

// `after`: the captured bytes after that layer; `reported`: their length on the wire;
// `frame_length`: the frame's length on the wire.
constexpr ethernet_tail split_ethernet_tail(bytes_view after, std::size_t reported, std::size_t frame_length, bool may_have_fcs) {
    ethernet_tail tail;
    std::size_t padding = 0;
    if (frame_length >= 60 && frame_length - reported < 60) padding = 60 - (frame_length - reported);
    if (padding > after.size()) padding = 0;
    for (std::size_t i = 0; i < padding; ++i)
        if (after[i] != std::byte{0}) padding = 0;  // bytes that are not zero are not padding
    tail.padding = after.first(padding);
    after = after.subspan(padding);
    reported -= padding;
    if (may_have_fcs && frame_length >= 64 && reported >= 4) {
        reported -= 4;
        if (after.size() > reported) {
            tail.fcs = static_cast<std::uint32_t>(load_be(after.data() + reported, 4));
            after = after.first(reported);
        }
    }
    tail.trailer = after;
    return tail;
}

template <class Out>
struct wireshark_frame_walk {
    Out& out;
    bytes_view frame;
    std::size_t frame_length;  // on the wire
    std::size_t index = 0;     // of the next layer
    std::uint16_t previous_ethertype = 0;
    std::optional<std::size_t> ip_payload_length{};  // what the IP layer says follows it, for tcp.len
    bool mdns = false;                               // the UDP layer below used port 5353

    // The innermost layer with an EtherType, until the layer it names has been seen.
    struct carrier {
        std::size_t index;
        std::string_view protocol, trailer_name;
        bool may_have_fcs;
    };
    std::optional<carrier> pending{};
    std::optional<carrier> carrier_done{};
    std::size_t claimed_end = 0;  // where the layer the EtherType named ends in the frame

    std::size_t offset_of(bytes_view part) const { return static_cast<std::size_t>(part.data() - frame.data()); }

    template <class P>
    void operator()(const view<P>& layer) {
        constexpr bool is_vlan = std::is_same_v<P, vlan_tag>;
        const bool service_tag = is_vlan && previous_ethertype == 0x88a8;
        std::string_view protocol = service_tag ? std::string_view("ieee8021ad") : wireshark_protocol<P>;
        if constexpr (std::is_same_v<P, dns>)
            if (mdns) protocol = "mdns";
        constexpr bool is_sll = std::is_same_v<P, linux_sll> || std::is_same_v<P, linux_sll2>;
        if constexpr (std::is_same_v<P, ethernet> || is_vlan || is_sll) {
            // The innermost of these takes the tail: an outer one hands its whole payload on.
            std::uint16_t type = 0;
            if constexpr (is_sll) type = static_cast<std::uint16_t>(layer.template get<"protocol">());
            else type = static_cast<std::uint16_t>(layer.template get<"type">());
            previous_ethertype = type;
            const std::string_view trailer_name = is_sll                 ? "sll.trailer"
                                                  : !is_vlan             ? "eth.trailer"
                                                  : service_tag          ? "ieee8021ah.trailer"
                                                                         : "vlan.trailer";
            pending = carrier{index, protocol, trailer_name, std::is_same_v<P, ethernet>};
            carrier_done.reset();
            if (!is_sll && type <= 1500) {  // an 802.3 length: it says where the payload ends
                claimed_end = offset_of(layer.payload()) + type;
                carrier_done = pending;
                pending.reset();
            }
        } else if (pending) {  // this layer is the one the carrier's EtherType named
            // A protocol that knows its length (IPv4's total length, ARP's addresses) leaves
            // the rest as the carrier's tail.
            if constexpr (schema_t<P>::has_extent) claimed_end = offset_of(layer.bytes()) + layer.size();
            else claimed_end = offset_of(layer.bytes()) + layer.header_size();
            carrier_done = pending;
            pending.reset();
        }
        out.layer(index, protocol);
        if constexpr (std::is_same_v<P, udp>)
            mdns = layer.template get<"source_port">() == 5353 || layer.template get<"destination_port">() == 5353;
        if constexpr (is_vlan) wireshark_fields(layer, out, service_tag);
        else if constexpr (std::is_same_v<P, dns>) wireshark_fields(layer, out, mdns);
        else if constexpr (std::is_same_v<P, tcp>) wireshark_fields(layer, out, ip_payload_length);
        else wireshark_fields(layer, out);
        if constexpr (std::is_same_v<P, ipv4>)
            ip_payload_length = layer.template get<"total_length">() - std::min<std::size_t>(layer.header_size(), layer.template get<"total_length">());
        else if constexpr (std::is_same_v<P, ipv6>) ip_payload_length = layer.template get<"payload_length">();
        else if constexpr (std::is_same_v<P, ipv6_hop_by_hop> || std::is_same_v<P, ipv6_destination_options> ||
                           std::is_same_v<P, ipv6_routing> || std::is_same_v<P, ipv6_fragment>)
            if (ip_payload_length) *ip_payload_length -= std::min(*ip_payload_length, layer.header_size());
        ++index;
    }
};
}  // namespace detail

// Walks `frame` with the registry's bindings, calling `out.layer(index, protocol)` before each
// layer's fields (index 0 is the outermost layer). Once the walk is done, the layer that carried
// an EtherType is selected again for its padding, trailer and frame check sequence, which only
// the layer above it delimits. `original_length` is the frame's length on the wire.
template <class Registry = standard_bindings, class Out>
dissect_result wireshark_frame(detail::bytes_view frame, std::uint32_t link_type, std::size_t original_length, Out& out) {
    detail::wireshark_frame_walk<Out> walk{out, frame, original_length < frame.size() ? frame.size() : original_length};
    const auto result =
        dissect<Registry>(frame, link_type, walk, dissect_options{.cut_short = original_length > frame.size()});
    if (walk.carrier_done && walk.claimed_end < frame.size()) {
        const auto& c = *walk.carrier_done;
        const auto tail = detail::split_ethernet_tail(frame.subspan(walk.claimed_end), walk.frame_length - walk.claimed_end,
                                                      walk.frame_length, c.may_have_fcs);
        out.layer(c.index, c.protocol);
        if (!tail.padding.empty()) out.bytes("eth.padding", tail.padding);
        if (!tail.trailer.empty()) out.bytes(c.trailer_name, tail.trailer);
        if (tail.fcs) out.integer("eth.fcs", *tail.fcs);
    }
    return result;
}

}  // namespace wirecraft
