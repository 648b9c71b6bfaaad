// Wireshark field names: DNS (and mDNS, DNS over TCP), DHCP, and TLS records, handshake headers,
// hellos and alerts.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "../proto/dhcp.hpp"
#include "../proto/dns.hpp"
#include "../proto/tls.hpp"
#include "../proto/tls_hello.hpp"
#include "../proto/tls_messages.hpp"
#include "wireshark_common.hpp"

namespace wirecraft {

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
    if (auto edns = r.edns()) {  // EDNS0: class and TTL are the OPT record's own fields
        out.integer("dns.rr.udp_payload_size", edns->udp_payload_size);
        if (mdns) out.integer("dns.resp.cache_flush", r.class_() >> 15);
        out.integer("dns.resp.ext_rcode", edns->extended_rcode);
        out.integer("dns.resp.edns0_version", edns->version);
        out.integer("dns.resp.z", r.ttl() & 0xffff);
        out.integer("dns.resp.z.do", edns->dnssec_ok);
        out.integer("dns.resp.z.reserved", edns->z);
        out.integer("dns.resp.len", r.rdata_length());
        edns->for_each_option([&](std::uint16_t code, bytes_view data) {
            out.text("dns.opt", "");
            out.integer("dns.opt.code", code);
            out.integer("dns.opt.len", data.size());
            out.bytes("dns.opt.data", data);
            if (code == 10 && data.size() >= 8) {  // cookie (RFC 7873)
                out.bytes("dns.opt.cookie.client", data.first(8));
                if (data.size() > 8) out.bytes("dns.opt.cookie.server", data.subspan(8));
            }
        });
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

// ---- TLS -------------------------------------------------------------------------------------

// tshark shows every TLS layer inside one "tls" protocol.
template <class P>
concept tls_layer = protocol<P> && schema_t<P>::name.starts_with("tls");
template <protocol P>
    requires tls_layer<P>
inline constexpr std::string_view wireshark_protocol<P> = "tls";

template <class Out>
void wireshark_fields(const view<tls_record>& v, Out& out) {
    out.integer("tls.record.content_type", static_cast<std::uint8_t>(v.get<"content_type">()));
    out.integer("tls.record.version", v.get<"legacy_version">());
    out.integer("tls.record.length", v.payload().size());
}
template <class Out>
void wireshark_fields(const view<tls_handshake>& v, Out& out) {
    out.integer("tls.handshake.type", static_cast<std::uint8_t>(v.get<"msg_type">()));
    out.integer("tls.handshake.length", v.payload().size());
}
template <class Out>
void wireshark_fields(const view<tls_alert>& v, Out& out) {
    out.integer("tls.alert_message.level", static_cast<std::uint8_t>(v.get<"level">()));
    out.integer("tls.alert_message.desc", static_cast<std::uint8_t>(v.get<"description">()));
}

namespace detail {
// An extension's body as tshark 4.0 lays it out, for the extensions whose names and order we
// have checked against it (tests/dissect_vs_tshark.py); a body that does not hold together
// gives no fields (tshark marks the frame malformed).
template <class Out>
void tls_extension_fields(Out& out, tls_extension_type type, bytes_view d, bool client) {
    auto u8 = [&](std::size_t at) { return byte_at(d, at); };
    auto u16 = [&](std::size_t at) { return static_cast<unsigned>(load_be(d.data() + at, 2)); };
    auto list_fits = [&](std::size_t prefix) { return d.size() >= prefix && load_be(d.data(), prefix) + prefix == d.size(); };
    using t = tls_extension_type;
    switch (type) {
        case t::server_name: {
            if (!list_fits(2)) return;
            out.integer("tls.handshake.extensions_server_name_list_len", u16(0));
            for (std::size_t at = 2; at + 3 <= d.size();) {
                const std::size_t n = u16(at + 1);
                if (at + 3 + n > d.size()) return;
                out.integer("tls.handshake.extensions_server_name_type", u8(at));
                out.integer("tls.handshake.extensions_server_name_len", n);
                out.text("tls.handshake.extensions_server_name", printable(d.subspan(at + 3, n)));
                at += 3 + n;
            }
            return;
        }
        case t::supported_groups:
            if (!list_fits(2) || d.size() % 2) return;
            out.integer("tls.handshake.extensions_supported_groups_length", u16(0));
            for (std::size_t at = 2; at < d.size(); at += 2) out.integer("tls.handshake.extensions_supported_group", u16(at));
            return;
        case t::ec_point_formats:
            if (!list_fits(1)) return;
            out.integer("tls.handshake.extensions_ec_point_formats_length", u8(0));
            for (std::size_t at = 1; at < d.size(); ++at) out.integer("tls.handshake.extensions_ec_point_format", u8(at));
            return;
        case t::signature_algorithms:
        case t::signature_algorithms_cert:
            if (!list_fits(2) || d.size() % 2) return;
            out.integer("tls.handshake.sig_hash_alg_len", u16(0));
            for (std::size_t at = 2; at < d.size(); at += 2) {
                out.integer("tls.handshake.sig_hash_alg", u16(at));
                out.integer("tls.handshake.sig_hash_hash", u8(at));
                out.integer("tls.handshake.sig_hash_sig", u8(at + 1));
            }
            return;
        case t::application_layer_protocol_negotiation: {
            if (!list_fits(2)) return;
            out.integer("tls.handshake.extensions_alpn_len", u16(0));
            for (std::size_t at = 2; at < d.size();) {
                const std::size_t n = u8(at);
                if (at + 1 + n > d.size()) return;
                out.integer("tls.handshake.extensions_alpn_str_len", n);
                out.text("tls.handshake.extensions_alpn_str", printable(d.subspan(at + 1, n)));
                at += 1 + n;
            }
            return;
        }
        case t::supported_versions:
            if (!client) {
                if (d.size() == 2) out.integer("tls.handshake.extensions.supported_version", u16(0));
                return;
            }
            if (!list_fits(1) || (d.size() - 1) % 2) return;
            out.integer("tls.handshake.extensions.supported_versions_len", u8(0));
            for (std::size_t at = 1; at < d.size(); at += 2) out.integer("tls.handshake.extensions.supported_version", u16(at));
            return;
        default: return;
    }
}

template <class Out, class Hello>
void tls_hello_fields(const view<Hello>& v, Out& out, bool client) {
    out.integer("tls.handshake.version", v.template get<"legacy_version">());
    out.bytes("tls.handshake.random", bytes_view(reinterpret_cast<const std::byte*>(v.template get<"random">().octets.data()), 32));
    const auto session_id = v.template get<"session_id">();
    out.integer("tls.handshake.session_id_length", session_id.size());
    if (!session_id.empty()) out.bytes("tls.handshake.session_id", session_id);
    if constexpr (std::is_same_v<Hello, tls_client_hello>) {
        const auto suites = v.template get<"cipher_suites">();
        out.integer("tls.handshake.cipher_suites_length", suites.count() * 2);
        for (std::uint16_t suite : suites) out.integer("tls.handshake.ciphersuite", suite);
        const auto methods = v.template get<"compression_methods">();
        out.integer("tls.handshake.comp_methods_length", methods.count());
        for (std::uint8_t method : methods) out.integer("tls.handshake.comp_method", method);
    } else {
        out.integer("tls.handshake.ciphersuite", v.template get<"cipher_suite">());
        out.integer("tls.handshake.comp_method", v.template get<"compression_method">());
    }
    const auto extensions = v.template get<"extensions">();
    if (!extensions) return;
    out.integer("tls.handshake.extensions_length", extensions->bytes().size());
    for (auto e : *extensions) {
        out.integer("tls.handshake.extension.type", static_cast<std::uint16_t>(e.kind));
        out.integer("tls.handshake.extension.len", e.data.size());
        tls_extension_fields(out, e.kind, e.data, client);
    }
}
}  // namespace detail

template <class Out>
void wireshark_fields(const view<tls_client_hello>& v, Out& out) {
    detail::tls_hello_fields(v, out, true);
}
template <class Out>
void wireshark_fields(const view<tls_server_hello>& v, Out& out) {
    detail::tls_hello_fields(v, out, false);
}
// Certificate and NewSessionTicket in their TLS 1.2 forms: the forms a walk reads.
template <class Out>
void wireshark_fields(const view<tls_certificate>& v, Out& out) {
    const auto certificates = v.get<"certificates">();
    out.integer("tls.handshake.certificates_length", certificates.bytes().size());
    for (const auto certificate : certificates) {
        out.integer("tls.handshake.certificate_length", certificate.size());
        out.bytes("tls.handshake.certificate", certificate);
    }
}
template <class Out>
void wireshark_fields(const view<tls_new_session_ticket>& v, Out& out) {
    out.integer("tls.handshake.session_ticket_lifetime_hint", v.get<"lifetime_hint">());
    const auto ticket = v.get<"ticket">();
    out.integer("tls.handshake.session_ticket_length", ticket.size());
    out.bytes("tls.handshake.session_ticket", ticket);
}
// The other TLS layers: tshark's names for their fields are not given yet.
template <protocol P, class Out>
    requires tls_layer<P>
void wireshark_fields(const view<P>&, Out&) {}

}  // namespace wirecraft
