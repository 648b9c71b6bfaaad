// One-line summaries of layers, tshark-style: summary(view) -> "TCP 40000 → 80 [SYN] Seq=1000 Win=64240 Len=0".
// A packet's summary joins its layers' summaries (see examples/dissect.cpp).
#pragma once
#include <cstdio>
#include <string>
#include <string_view>

#include "../schema.hpp"
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
#include "../proto/tls.hpp"
#include "../proto/tls_hello.hpp"
#include "../proto/udp.hpp"

namespace wirecraft {

namespace detail {
template <class E>
std::string name_or_number(E value) {
    const std::string_view name = enum_name(value);
    if (!name.empty()) return std::string(name);
    return std::to_string(static_cast<std::uint64_t>(static_cast<std::underlying_type_t<E>>(value)));
}
}  // namespace detail

inline std::string summary(const view<ethernet>& v) {
    return "Ethernet " + v.get<"source">().to_string() + " \u2192 " + v.get<"destination">().to_string();
}
inline std::string summary(const view<vlan_tag>& v) {
    return "802.1Q VLAN " + std::to_string(v.get<"id">()) + " PRI " + std::to_string(v.get<"priority">());
}
inline std::string summary(const view<linux_sll>& v) { return "Linux cooked " + detail::name_or_number(v.get<"packet_type">()); }
inline std::string summary(const view<linux_sll2>& v) {
    return "Linux cooked v2 " + detail::name_or_number(v.get<"packet_type">()) + " if " + std::to_string(v.get<"interface_index">());
}
inline std::string summary(const view<arp>& v) {
    std::string s = "ARP " + detail::name_or_number(v.get<"operation">());
    if (auto target = arp_address<ipv4_address>(v.get<"target_protocol_address">())) s += " who has " + target->to_string();
    if (auto sender = arp_address<ipv4_address>(v.get<"sender_protocol_address">())) s += " tell " + sender->to_string();
    return s;
}
inline std::string summary(const view<ipv4>& v) {
    std::string s = "IPv4 " + v.get<"source">().to_string() + " \u2192 " + v.get<"destination">().to_string() +
                    " " + detail::name_or_number(v.get<"protocol">()) + " TTL " + std::to_string(v.get<"ttl">());
    if (v.get<"more_fragments">() || v.get<"fragment_offset">() != 0)
        s += " fragment off=" + std::to_string(v.get<"fragment_offset">() * 8u) + (v.get<"more_fragments">() ? " MF" : "");
    return s;
}
inline std::string summary(const view<ipv6>& v) {
    return "IPv6 " + v.get<"source">().to_string() + " \u2192 " + v.get<"destination">().to_string() + " " +
           detail::name_or_number(v.get<"next_header">()) + " HLIM " + std::to_string(v.get<"hop_limit">());
}
template <fixed_string Name>
std::string summary(const view<ipv6_options_header<Name>>& v) {
    const std::string kind = std::is_same_v<ipv6_options_header<Name>, ipv6_hop_by_hop> ? "hop-by-hop" : "destination";
    return kind + " options (" + std::to_string(v.template get<"options">().count()) + ")";
}
inline std::string summary(const view<ipv6_routing>& v) {
    return "routing " + detail::name_or_number(v.get<"routing_type">()) + " segments left " + std::to_string(v.get<"segments_left">());
}
inline std::string summary(const view<ipv6_fragment>& v) {
    return "fragment id 0x" + [](std::uint32_t id) {
        std::string h;
        for (int shift = 28; shift >= 0; shift -= 4) h += detail::hex_char(id >> shift);
        return h;
    }(v.get<"identification">()) + " off=" + std::to_string(v.get<"fragment_offset">() * 8u) + (v.get<"more_fragments">() ? " MF" : "");
}
inline std::string summary(const view<authentication_header>& v) { return "AH SPI " + std::to_string(v.get<"spi">()); }
inline std::string summary(const view<encapsulating_security_payload>& v) { return "ESP SPI " + std::to_string(v.get<"spi">()); }
inline std::string summary(const view<icmp>& v) {
    std::string s = "ICMP " + detail::name_or_number(v.get<"type">()) + " code " + std::to_string(v.get<"code">());
    if (auto id = v.get<"identifier">()) s += " id=" + std::to_string(*id);
    if (auto seq = v.get<"sequence">()) s += " seq=" + std::to_string(*seq);
    return s;
}
inline std::string summary(const view<icmpv6>& v) {
    std::string s = "ICMPv6 " + detail::name_or_number(v.get<"type">()) + " code " + std::to_string(v.get<"code">());
    if (auto id = v.get<"identifier">()) s += " id=" + std::to_string(*id) + " seq=" + std::to_string(v.get<"sequence">().value_or(0));
    if (auto target = v.get<"target">()) s += " target " + target->to_string();
    return s;
}
inline std::string summary(const view<udp>& v) {
    return "UDP " + std::to_string(v.get<"source_port">()) + " \u2192 " + std::to_string(v.get<"destination_port">()) +
           " Len=" + std::to_string(v.payload_size());
}
inline std::string summary(const view<tcp>& v) {
    std::string flags;
    auto add = [&](bool set, std::string_view name) {
        if (!set) return;
        if (!flags.empty()) flags += ", ";
        flags += name;
    };
    add(v.get<"fin">(), "FIN");
    add(v.get<"syn">(), "SYN");
    add(v.get<"rst">(), "RST");
    add(v.get<"psh">(), "PSH");
    add(v.get<"ack">(), "ACK");
    add(v.get<"urg">(), "URG");
    add(v.get<"ece">(), "ECE");
    add(v.get<"cwr">(), "CWR");
    add(v.get<"ae">(), "AE");
    std::string s = "TCP " + std::to_string(v.get<"source_port">()) + " \u2192 " + std::to_string(v.get<"destination_port">()) +
                    " [" + flags + "] Seq=" + std::to_string(v.get<"sequence_number">());
    if (v.get<"ack">()) s += " Ack=" + std::to_string(v.get<"acknowledgment_number">());
    s += " Win=" + std::to_string(v.get<"window">()) + " Len=" + std::to_string(v.payload_size());
    for (auto option : v.get<"options">()) {
        if (option.kind == tcp_option_kind::maximum_segment_size && option.data.size() == 2)
            s += " MSS=" + std::to_string(detail::load_be(option.data.data(), 2));
        if (option.kind == tcp_option_kind::window_scale && option.data.size() == 1)
            s += " WS=" + std::to_string(1u << (std::to_integer<unsigned>(option.data[0]) & 15));
        if (option.kind == tcp_option_kind::sack_permitted) s += " SACK_PERM";
        if (option.kind == tcp_option_kind::timestamps && option.data.size() == 8)
            s += " TSval=" + std::to_string(detail::load_be(option.data.data(), 4)) +
                 " TSecr=" + std::to_string(detail::load_be(option.data.data() + 4, 4));
    }
    return s;
}

// tshark's Info column: "Standard query 0x0b61 A wpad.HOME", "Standard query response 0x0b61 No
// such name A wpad.HOME SOA a.root-servers.net".
// `mdns`: sent to or from port 5353, where a class's top bit asks for a unicast answer ("QU")
// or flushes caches.
inline std::string summary(const view<dns>& v, bool mdns = false) {
    // Appends word by word (g++ 12 warns falsely on `" " + std::string` temporaries here).
    std::string s;
    auto word = [&](std::string_view w) {
        if (!s.empty()) s += ' ';
        s.append(w);
    };
    char id[8];
    std::snprintf(id, sizeof id, "0x%04x", static_cast<unsigned>(v.get<"id">()));
    const bool response = v.get<"response">();
    if (v.get<"opcode">() == dns_opcode::query) word("Standard query");
    else {
        word("DNS");
        word(detail::name_or_number(v.get<"opcode">()));
    }
    if (response) word("response");
    word(id);
    if (response && v.get<"rcode">() != dns_rcode::no_error) {
        static constexpr std::string_view rcodes[] = {"No error", "Format error", "Server failure", "No such name", "Not implemented", "Refused"};
        const auto r = static_cast<std::size_t>(v.get<"rcode">());
        if (r < 6) word(rcodes[r]);
        else {
            word("rcode");
            word(std::to_string(r));
        }
    }
    auto type_word = [&](dns_type t) {
        const auto name = enum_name(t);
        if (!name.empty()) word(name);
        else word("TYPE" + std::to_string(static_cast<unsigned>(t)));
    };
    const auto sections = v.get<"sections">();
    for (auto q : sections.questions()) {
        type_word(q.type());
        word(q.name().to_string());
        if (mdns) s += (q.class_() & 0x8000) ? ", \"QU\" question" : ", \"QM\" question";
    }
    // Every record after the questions, as tshark lists them: the type and its main datum.
    auto record = [&](const dns_record_view& r) {
        type_word(r.type());
        if (mdns && r.type() != dns_type::opt && (r.class_() & 0x8000)) s += ", cache flush";
        if (auto a = r.a()) word(a->to_string());
        else if (auto a6 = r.aaaa()) word(a6->to_string());
        else if (auto t = r.target()) word(t->to_string());
        else if (auto mx = r.mx()) {
            word(std::to_string(mx->preference));
            word(mx->exchange.to_string());
        } else if (auto soa = r.soa()) word(soa->primary.to_string());
        else if (auto srv = r.srv()) {
            word(std::to_string(srv->priority));
            word(std::to_string(srv->weight));
            word(std::to_string(srv->port));
            word(srv->target.to_string());
        } else if (auto nsec = r.nsec()) word(nsec->next_domain.to_string());
    };
    for (auto r : sections.answers()) record(r);
    for (auto r : sections.authorities()) record(r);
    for (auto r : sections.additionals()) record(r);
    return s;
}

inline std::string summary(const view<dns_over_tcp>& v) { return summary(v.get<"message">()); }

// tshark's Info column: "DHCP Discover - Transaction ID 0x7c0" (the type padded to 8 columns).
inline std::string summary(const view<dhcp>& v) {
    static constexpr std::string_view names[] = {
        "",        "Discover",    "Offer",         "Request",          "Decline",          "ACK",         "NAK",
        "Release", "Inform",      "Force Renew",   "Lease query",      "Lease Unassigned", "Lease Unknown",
        "Lease Active", "Bulk Lease Query", "Lease Query Done", "Active LeaseQuery", "Lease Query Status", "TLS"};
    char line[96];
    const auto id = static_cast<unsigned>(v.get<"transaction_id">());
    if (auto type = message_type_of(v)) {
        const auto t = static_cast<std::size_t>(*type);
        const std::string name = t > 0 && t < std::size(names) ? std::string(names[t]) : "Unknown Message Type (" + std::to_string(t) + ")";
        std::snprintf(line, sizeof line, "DHCP %-8s - Transaction ID 0x%x", name.c_str(), id);
    } else {
        std::snprintf(line, sizeof line, "Boot %s - Transaction ID 0x%x", v.get<"op">() == dhcp_op::request ? "Request" : "Reply", id);
    }
    return line;
}

// TLS: the record's content type and length, the handshake message's type, the hellos' SNI and
// suite, an alert's level and description; any other TLS layer by its schema's name.
inline std::string summary(const view<tls_record>& v) {
    return "TLS " + detail::name_or_number(v.get<"content_type">()) + " record " + std::string(tls_version_name(v.get<"legacy_version">())) +
           " Len=" + std::to_string(v.payload().size());
}
inline std::string summary(const view<tls_handshake>& v) {
    return "TLS handshake " + detail::name_or_number(v.get<"msg_type">()) + " Len=" + std::to_string(v.payload().size());
}
inline std::string summary(const view<tls_client_hello>& v) {
    std::string s = "TLS ClientHello " + std::to_string(v.get<"cipher_suites">().count()) + " suites";
    if (const auto sni = tls_server_name_of(v)) {
        s += " SNI=";
        s += *sni;
    }
    return s;
}
inline std::string summary(const view<tls_server_hello>& v) {
    std::string s = is_hello_retry_request(v) ? "TLS HelloRetryRequest " : "TLS ServerHello ";
    if (const auto version = negotiated_version(v)) s += tls_version_name(*version);
    const auto suite = tls_cipher_suite_name(v.get<"cipher_suite">());
    s += ' ';
    s += suite.empty() ? std::to_string(v.get<"cipher_suite">()) : std::string(suite);
    return s;
}
inline std::string summary(const view<tls_alert>& v) {
    return "TLS alert " + detail::name_or_number(v.get<"level">()) + " " + detail::name_or_number(v.get<"description">());
}
template <protocol P>
    requires(schema_t<P>::name.starts_with("tls"))
std::string summary(const view<P>&) {
    return "TLS " + std::string(schema_t<P>::name.substr(4));
}

}  // namespace wirecraft
