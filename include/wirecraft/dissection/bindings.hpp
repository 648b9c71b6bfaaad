// The standard bindings: which of the library's protocols follows which, declared once. Crafting
// (`ethernet{} / ipv4{} / tcp{}`) and dissection (`dissect(frame, link_type, visitor)`) both
// read them. To add a protocol of your own, extend the registry and use it explicitly:
//
//   using my_bindings = wirecraft::standard_bindings::with<wirecraft::entry<wirecraft::udp_ports, 4789, vxlan>,
//                                                          wirecraft::follows_when<vxlan, wirecraft::ethernet, vxlan_carries_ethernet>>;
//   wirecraft::dissect<my_bindings>(frame, link_type, visitor);
//   auto s = wirecraft::stack<my_bindings>{} / ethernet{} / ipv4{} / udp{} / vxlan{} / ethernet{} / ...;
// (tests/dissection/bindings_test.cpp has the whole example, compared with Scapy's bytes.)
#pragma once
#include <cstdint>
#include <optional>

#include "../stack/bindings.hpp"
#include "../stack/dissect.hpp"
#include "../stack/stack.hpp"
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
#include "../proto/tls_messages.hpp"
#include "../proto/udp.hpp"

namespace wirecraft {

using ethertypes = table<"ethertype">;
using ip_protocols = table<"ip.proto">;
using udp_ports = table<"udp.port">;
using tcp_ports = table<"tcp.port">;
using tls_content_types = table<"tls.record.content_type">;
using tls_handshake_types = table<"tls.handshake.type">;

// pcap link types (https://www.tcpdump.org/linktypes.html).
inline constexpr std::uint32_t linktype_ethernet = 1;
inline constexpr std::uint32_t linktype_linux_sll = 113;
inline constexpr std::uint32_t linktype_ipv4 = 228;
inline constexpr std::uint32_t linktype_ipv6 = 229;
inline constexpr std::uint32_t linktype_linux_sll2 = 276;

// Values up to 1500 in a type field are an IEEE 802.3 length, not an EtherType, and below
// 0x0600 Linux cooked headers hold ETH_P_* codes: neither names a layer we know.
struct ethertype_key {
    template <protocol P>
    static constexpr std::optional<next_layer_key> of(const view<P>& v) {
        const auto type = key_from_field::of(v);
        if (type && type->value < 0x0600) return std::nullopt;
        return type;
    }
};

// A fragment other than the first carries no upper-layer header; the first carries a cut-short
// one (tshark, without reassembly, dissects it the same way). IPv4 and the IPv6 fragment
// header spell the fields alike but for the one naming the next layer.
template <fixed_string NextLayerField>
struct first_fragment_key {
    template <protocol P>
    static constexpr std::optional<next_layer_key> of(const view<P>& v) {
        if (v.template get<"fragment_offset">() != 0) return std::nullopt;
        return next_layer_key{static_cast<std::uint8_t>(v.template get<NextLayerField>()), v.template get<"more_fragments">()};
    }
};

// ICMP and ICMPv6 errors quote the offending packet: its IP header and the first bytes after it.
template <auto IsError>
struct error_quotes_packet {
    static constexpr bool partial = true;
    template <protocol P>
    static constexpr bool matches(const view<P>& v) { return IsError(v.template get<"type">()) && !v.payload().empty(); }
};

// Link, network and transport layers: a walk with these stops at the TCP or UDP payload.
using transport_bindings = bindings<
    // link types: where a capture's frames start
    entry<link_types, linktype_ethernet, ethernet>,
    entry<link_types, linktype_linux_sll, linux_sll>,
    entry<link_types, linktype_linux_sll2, linux_sll2>,
    entry<link_types, linktype_ipv4, ipv4>,
    entry<link_types, linktype_ipv6, ipv6>,
    // EtherTypes
    next_layer_in<ethernet, ethertypes, ethertype_key>,
    next_layer_in<vlan_tag, ethertypes, ethertype_key>,
    next_layer_in<linux_sll, ethertypes, ethertype_key>,
    next_layer_in<linux_sll2, ethertypes, ethertype_key>,
    entry<ethertypes, ethertype::ipv4, ipv4>,
    entry<ethertypes, ethertype::ipv6, ipv6>,
    entry<ethertypes, ethertype::arp, arp>,
    entry<ethertypes, ethertype::vlan, vlan_tag>,
    entry<ethertypes, ethertype::qinq, vlan_tag>,
    // IP protocol numbers, shared by IPv4's protocol and IPv6's next header
    next_layer_in<ipv4, ip_protocols, first_fragment_key<"protocol">>,
    next_layer_in<ipv6, ip_protocols>,
    next_layer_in<ipv6_hop_by_hop, ip_protocols>,
    next_layer_in<ipv6_destination_options, ip_protocols>,
    next_layer_in<ipv6_routing, ip_protocols>,
    next_layer_in<ipv6_fragment, ip_protocols, first_fragment_key<"next_header">>,
    next_layer_in<authentication_header, ip_protocols>,
    entry<ip_protocols, ip_protocol::tcp, tcp>,
    entry<ip_protocols, ip_protocol::udp, udp>,
    entry<ip_protocols, ip_protocol::icmp, icmp>,
    entry<ip_protocols, ip_protocol::icmpv6, icmpv6>,
    entry<ip_protocols, ip_protocol::hop_by_hop, ipv6_hop_by_hop>,
    entry<ip_protocols, ip_protocol::ipv6_destination, ipv6_destination_options>,
    entry<ip_protocols, ip_protocol::ipv6_routing, ipv6_routing>,
    entry<ip_protocols, ip_protocol::ipv6_fragment, ipv6_fragment>,
    entry<ip_protocols, ip_protocol::ah, authentication_header>,
    entry<ip_protocols, ip_protocol::esp, encapsulating_security_payload>,
    entry<ip_protocols, ip_protocol::ipv4, ipv4>,
    entry<ip_protocols, ip_protocol::ipv6, ipv6>,
    // ports: the application protocols are looked up by port (see standard_bindings)
    ports_in<udp, udp_ports>,
    ports_in<tcp, tcp_ports>,
    // errors quote the packet that caused them
    follows_when<icmp, ipv4, error_quotes_packet<icmp_is_error>>,
    follows_when<icmpv6, ipv6, error_quotes_packet<icmpv6_is_error>>>;

// TCP port 53 carries length-prefixed DNS messages, one or more per segment, each read after
// the one before (repeats_when); a segment that holds only part of one (the rest comes in
// another) is left as payload.
struct dns_over_tcp_port {
    static constexpr bool partial = false;
    template <protocol P>
    static constexpr bool matches(const view<P>& v) {
        return (v.template get<"source_port">() == 53 || v.template get<"destination_port">() == 53) && holds_whole_dns_message(v.payload());
    }
};
struct another_dns_message {
    static constexpr bool matches(detail::bytes_view rest) { return holds_whole_dns_message(rest); }
};

// The handshake messages after the hellos. Where the bytes cannot tell a message's forms apart
// (by version or key exchange: parse_tls_message() chooses them from the session's facts), each
// form names its type for crafting only, and a walk stops at the handshake header. A walk reads
// the forms sent in the clear: Certificate and NewSessionTicket are TLS 1.2's (TLS 1.3 encrypts
// its own), the rest have one form.
template <auto Type, class Message>
using tls_message_entry = entry<tls_handshake_types, Type, Message>;
template <auto Type, class Message>
using tls_message_form = crafting_entry<tls_handshake_types, Type, Message>;
using tls_message_bindings = bindings<
    tls_message_entry<tls_handshake_type::certificate, tls_certificate>,
    tls_message_form<tls_handshake_type::certificate, tls13_certificate>,
    tls_message_form<tls_handshake_type::certificate_request, tls_certificate_request>,
    tls_message_form<tls_handshake_type::certificate_request, tls_certificate_request_1_0>,
    tls_message_form<tls_handshake_type::certificate_request, tls13_certificate_request>,
    tls_message_form<tls_handshake_type::server_key_exchange, tls_server_key_exchange_ecdhe>,
    tls_message_form<tls_handshake_type::server_key_exchange, tls_server_key_exchange_ecdhe_1_0>,
    tls_message_form<tls_handshake_type::server_key_exchange, tls_server_key_exchange_dhe>,
    tls_message_form<tls_handshake_type::server_key_exchange, tls_server_key_exchange_dhe_1_0>,
    tls_message_form<tls_handshake_type::server_key_exchange, tls_dh_parameters>,
    tls_message_form<tls_handshake_type::client_key_exchange, tls_client_key_exchange_ecdh>,
    tls_message_form<tls_handshake_type::client_key_exchange, tls_client_key_exchange_dh>,
    tls_message_form<tls_handshake_type::client_key_exchange, tls_client_key_exchange_rsa>,
    tls_message_entry<tls_handshake_type::server_hello_done, tls_server_hello_done>,
    tls_message_form<tls_handshake_type::certificate_verify, tls_signature>,
    tls_message_form<tls_handshake_type::certificate_verify, tls_signature_1_0>,
    tls_message_entry<tls_handshake_type::finished, tls_finished>,
    tls_message_entry<tls_handshake_type::new_session_ticket, tls_new_session_ticket>,
    tls_message_form<tls_handshake_type::new_session_ticket, tls13_new_session_ticket>,
    tls_message_entry<tls_handshake_type::end_of_early_data, tls_end_of_early_data>,
    tls_message_entry<tls_handshake_type::encrypted_extensions, tls_encrypted_extensions>,
    tls_message_entry<tls_handshake_type::key_update, tls_key_update>,
    tls_message_entry<tls_handshake_type::certificate_status, tls_certificate_status>>;

// TLS in a walk, frame by frame, as tshark reads it with TCP reassembly off. On port 443, a
// segment that starts with whole records in the clear (ChangeCipherSpec, alert or handshake),
// each read after the one before (repeats_when); after them, nothing or a record that goes on in
// the next segment. Application data is not read: TLS 1.3 hides every type behind it, and
// whether tshark calls it content or opaque type takes the session. A handshake record goes on
// into its messages when it holds whole messages of known types and nothing else (a TLS 1.2
// Finished is encrypted, and its first bytes are not a header); an alert record into the alert
// when it is two bytes (an encrypted one is longer). Records and messages that span segments are
// tls_reader's work (flow/tls_reader.hpp).
namespace detail {
// The record in the clear at the start of `b` (ChangeCipherSpec, alert or handshake, major
// version 3), if `b` holds it whole: its size, else 0. The schema's parse does the framing.
constexpr std::size_t whole_tls_record_in_clear(bytes_view b) {
    const auto record = parse<tls_record>(b);
    if (!record) return 0;
    const auto type = static_cast<unsigned>(record->get<"content_type">());
    return type >= 20 && type <= 22 && record->get<"legacy_version">() >> 8 == 3 ? record->size() : 0;
}
// The handshake message of a known type at the start of `b`, if `b` holds it whole: its size.
constexpr std::size_t whole_tls_handshake_message(bytes_view b) {
    const auto message = parse<tls_handshake>(b);
    return message && !enum_name(message->get<"msg_type">()).empty() ? message->size() : 0;
}
}  // namespace detail
struct tls_records_on_port_443 {
    static constexpr bool partial = false;
    template <protocol P>
    static constexpr bool matches(const view<P>& v) {
        if (v.template get<"source_port">() != 443 && v.template get<"destination_port">() != 443) return false;
        auto b = v.payload();
        std::size_t records = 0;
        for (std::size_t size; (size = detail::whole_tls_record_in_clear(b)) != 0; ++records) b = b.subspan(size);
        // What is left must be the start of a record the next segment completes, not a whole
        // record of another kind.
        return records != 0 && !parse<tls_record>(b);
    }
};
struct another_tls_record {
    static constexpr bool matches(detail::bytes_view rest) { return detail::whole_tls_record_in_clear(rest) != 0; }
};
struct tls_handshake_messages {
    static constexpr bool partial = false;
    static constexpr bool matches(const view<tls_record>& v) {
        if (v.get<"content_type">() != tls_content_type::handshake) return false;
        auto b = v.payload();
        if (b.empty()) return false;
        for (std::size_t size; !b.empty(); b = b.subspan(size))
            if ((size = detail::whole_tls_handshake_message(b)) == 0) return false;
        return true;
    }
};
struct another_tls_handshake_message {
    static constexpr bool matches(detail::bytes_view rest) { return detail::whole_tls_handshake_message(rest) != 0; }
};
struct plaintext_tls_alert {
    static constexpr bool partial = false;
    static constexpr bool matches(const view<tls_record>& v) {
        return v.get<"content_type">() == tls_content_type::alert && v.payload().size() == 2;
    }
};

// And the application protocols: DNS (and mDNS) over UDP, DNS over TCP, DHCP, TLS on port 443;
// inside TLS, what a record's content type and a handshake message's type name (crafting fills
// content types from the crafting entries; a walk takes the rules above).
using standard_bindings = transport_bindings::with<entry<udp_ports, 53, dns>, entry<udp_ports, 5353, dns>,
                                                   entry<udp_ports, 67, dhcp>, entry<udp_ports, 68, dhcp>,
                                                   follows_when<tcp, dns_over_tcp, dns_over_tcp_port>,
                                                   repeats_when<dns_over_tcp, another_dns_message>,
                                                   follows_when<tcp, tls_record, tls_records_on_port_443>,
                                                   repeats_when<tls_record, another_tls_record>,
                                                   // first, so that crafting finds the content types to fill in
                                                   next_layer_in<tls_record, tls_content_types>,
                                                   crafting_entry<tls_content_types, tls_content_type::handshake, tls_handshake>,
                                                   crafting_entry<tls_content_types, tls_content_type::alert, tls_alert>,
                                                   entry<tls_content_types, tls_content_type::change_cipher_spec, tls_change_cipher_spec>,
                                                   follows_when<tls_record, tls_handshake, tls_handshake_messages>,
                                                   repeats_when<tls_handshake, another_tls_handshake_message>,
                                                   follows_when<tls_record, tls_alert, plaintext_tls_alert>,
                                                   next_layer_in<tls_handshake, tls_handshake_types>,
                                                   entry<tls_handshake_types, tls_handshake_type::client_hello, tls_client_hello>,
                                                   entry<tls_handshake_types, tls_handshake_type::server_hello, tls_server_hello>>::
    with_all<tls_message_bindings>;

// Stacking starts with the standard bindings.
template <protocol A, stack_layer B>
constexpr auto operator/(A lower, B upper) {
    return stack<standard_bindings>{} / std::move(lower) / std::move(upper);
}

template <class Visitor>
constexpr dissect_result dissect(detail::bytes_view frame, std::uint32_t link_type, Visitor&& visit, dissect_options options = {}) {
    return dissect<standard_bindings>(frame, link_type, visit, options);
}

}  // namespace wirecraft
