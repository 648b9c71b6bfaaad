// Wireshark field names: ICMP (with RFC 4884 extensions and Mobile IP advertisements), ICMPv6.
#pragma once
#include <cstdint>
#include <string>

#include "../proto/icmp.hpp"
#include "../proto/icmpv6.hpp"
#include "wireshark_common.hpp"

namespace wirecraft {

namespace detail {

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

}  // namespace wirecraft
