// Wireshark field names: IPv4 with its options, IPv6 with its extension headers, AH, ESP.
#pragma once
#include <cstdint>
#include <string>

#include "../proto/ipv4.hpp"
#include "../proto/ipv6.hpp"
#include "wireshark_common.hpp"

namespace wirecraft {

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

}  // namespace wirecraft
