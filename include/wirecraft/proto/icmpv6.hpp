// ICMPv6 (RFC 4443), neighbour discovery (RFC 4861, router preference RFC 4191, proxy flag
// RFC 8425) and MLD (RFC 2710, RFC 3810). The checksum covers the IPv6 pseudo-header. The
// 4 bytes after the checksum, and what follows, depend on the type; the schema says when.
//
//   | type (8) | code (8) | checksum (16) |
//   | identifier (16) | sequence (16) | data ...             echo request / reply
//   | unused, MTU or pointer (32) | quoted packet ...        errors (types 1-4)
//   | RS: reserved | RA: hop limit, flags, lifetime, reachable, retransmit | NS/NA: flags, target |
//   | redirect: reserved, target, destination | ND options ...
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "../checksum/rules.hpp"
#include "../schema.hpp"
#include "ipv6.hpp"

namespace wirecraft {

enum class icmpv6_type : std::uint8_t {
    destination_unreachable = 1, packet_too_big = 2, time_exceeded = 3, parameter_problem = 4,
    echo_request = 128, echo_reply = 129, mld_query = 130, mld_report = 131, mld_done = 132,
    router_solicitation = 133, router_advertisement = 134, neighbor_solicitation = 135,
    neighbor_advertisement = 136, redirect = 137, mldv2_report = 143,
};
constexpr std::string_view enum_name(icmpv6_type t) {
    switch (t) {
        case icmpv6_type::destination_unreachable: return "destination_unreachable";
        case icmpv6_type::packet_too_big: return "packet_too_big";
        case icmpv6_type::time_exceeded: return "time_exceeded";
        case icmpv6_type::parameter_problem: return "parameter_problem";
        case icmpv6_type::echo_request: return "echo_request";
        case icmpv6_type::echo_reply: return "echo_reply";
        case icmpv6_type::mld_query: return "mld_query";
        case icmpv6_type::mld_report: return "mld_report";
        case icmpv6_type::mld_done: return "mld_done";
        case icmpv6_type::router_solicitation: return "router_solicitation";
        case icmpv6_type::router_advertisement: return "router_advertisement";
        case icmpv6_type::neighbor_solicitation: return "neighbor_solicitation";
        case icmpv6_type::neighbor_advertisement: return "neighbor_advertisement";
        case icmpv6_type::redirect: return "redirect";
        case icmpv6_type::mldv2_report: return "mldv2_report";
    }
    return {};
}

enum class nd_option_type : std::uint8_t {
    source_link_address = 1, target_link_address = 2, prefix_information = 3, redirected_header = 4, mtu = 5,
    route_information = 24, recursive_dns_server = 25, dns_search_list = 31, captive_portal = 37, pref64 = 38,
};
constexpr std::string_view enum_name(nd_option_type t) {
    switch (t) {
        case nd_option_type::source_link_address: return "source_link_address";
        case nd_option_type::target_link_address: return "target_link_address";
        case nd_option_type::prefix_information: return "prefix_information";
        case nd_option_type::redirected_header: return "redirected_header";
        case nd_option_type::mtu: return "mtu";
        case nd_option_type::route_information: return "route_information";
        case nd_option_type::recursive_dns_server: return "recursive_dns_server";
        case nd_option_type::dns_search_list: return "dns_search_list";
        case nd_option_type::captive_portal: return "captive_portal";
        case nd_option_type::pref64: return "pref64";
    }
    return {};
}
using nd_option = tlv_item<nd_option_type>;
// The length counts type and length octets, in units of 8 octets; 0 is invalid (RFC 4861 4.6).
inline constexpr tlv_format nd_option_format{.length_includes_header = true, .length_unit = 8};

struct icmpv6 {
    icmpv6_type type{icmpv6_type::echo_request};
    std::uint8_t code = 0;
    std::optional<std::uint16_t> checksum{};
    std::uint16_t identifier = 0;       // echo
    std::uint16_t sequence = 0;         // echo
    std::uint32_t rest_of_header = 0;   // errors: unused, MTU (2) or pointer (4); RS, NS, redirect: reserved
    std::uint8_t hop_limit = 0;         // RA: current hop limit
    bool managed = false;               // RA M
    bool other = false;                 // RA O
    bool home_agent = false;            // RA H
    std::uint8_t preference = 0;        // RA Prf: 1 high, 0 medium, 3 low
    bool proxy = false;                 // RA P
    std::uint8_t ra_reserved = 0;
    std::uint16_t router_lifetime = 0;  // RA, seconds
    std::uint32_t reachable_time = 0;   // RA, milliseconds
    std::uint32_t retransmit_timer = 0; // RA, milliseconds
    bool router = false;                // NA R
    bool solicited = false;             // NA S
    bool override_flag = false;         // NA O
    std::uint32_t na_reserved = 0;
    ipv6_address target{};              // NS, NA, redirect
    ipv6_address destination{};         // redirect
    std::uint16_t maximum_response_delay = 0;  // MLD query/report/done
    std::uint16_t mld_reserved = 0;
    ipv6_address multicast_address{};          // MLD
    std::uint16_t record_count = 0;            // MLDv2 report
    std::vector<nd_option> options{};          // neighbour discovery

    static consteval auto schema() {
        constexpr auto t = ref<"type">;
        constexpr auto nd = one_of(t, 133, 134, 135, 136, 137);
        return wirecraft::schema<"icmpv6">(
            field<"type", &icmpv6::type>(),
            field<"code", &icmpv6::code>(),
            field<"checksum", &icmpv6::checksum>().checksum(checksum_over::pseudo_header_and_pdu(58)),
            field<"identifier", &icmpv6::identifier>().when(one_of(t, 128, 129)),
            field<"sequence", &icmpv6::sequence>().when(one_of(t, 128, 129)),
            field<"rest_of_header", &icmpv6::rest_of_header>(be32).when(one_of(t, 1, 2, 3, 4, 133, 135, 137)),
            field<"hop_limit", &icmpv6::hop_limit>().when(t == 134),
            field<"managed", &icmpv6::managed>().when(t == 134),
            field<"other", &icmpv6::other>().when(t == 134),
            field<"home_agent", &icmpv6::home_agent>().when(t == 134),
            field<"preference", &icmpv6::preference>(bits<2>).when(t == 134),
            field<"proxy", &icmpv6::proxy>().when(t == 134),
            field<"ra_reserved", &icmpv6::ra_reserved>(bits<2>).when(t == 134),
            field<"router_lifetime", &icmpv6::router_lifetime>().when(t == 134),
            field<"reachable_time", &icmpv6::reachable_time>().when(t == 134),
            field<"retransmit_timer", &icmpv6::retransmit_timer>().when(t == 134),
            field<"router", &icmpv6::router>().when(t == 136),
            field<"solicited", &icmpv6::solicited>().when(t == 136),
            field<"override", &icmpv6::override_flag>().when(t == 136),
            field<"na_reserved", &icmpv6::na_reserved>(bits<29>).when(t == 136),
            field<"target", &icmpv6::target>().when(one_of(t, 135, 136, 137)),
            field<"destination", &icmpv6::destination>().when(t == 137),
            field<"maximum_response_delay", &icmpv6::maximum_response_delay>().when(one_of(t, 130, 131, 132)),
            field<"mld_reserved", &icmpv6::mld_reserved>().when(one_of(t, 130, 131, 132, 143)),
            field<"multicast_address", &icmpv6::multicast_address>().when(one_of(t, 130, 131, 132)),
            field<"record_count", &icmpv6::record_count>().when(t == 143),
            field<"options", &icmpv6::options>(tlv_list<nd_option_type, nd_option_format>()).when(nd));
    }
};

// Error messages (types below 128) quote as much of the offending packet as fits.
constexpr bool icmpv6_is_error(icmpv6_type t) { return static_cast<std::uint8_t>(t) < 128; }

// Typed bodies of ND options: parse<nd_prefix_information>(option.data), or craft one and
// wrap it with make_nd_option.
struct nd_link_address {  // source (1) and target (2) link-layer address; 6 octets on Ethernet
    mac_address address{};
    static consteval auto schema() { return wirecraft::schema<"nd_link_address">(field<"address", &nd_link_address::address>()); }
};
struct nd_prefix_information {  // 3
    std::uint8_t prefix_length = 64;
    bool on_link = true;     // L
    bool autonomous = true;  // A
    bool router_address = false;  // R (RFC 6275)
    std::uint8_t reserved1 = 0;
    std::uint32_t valid_lifetime = 0;
    std::uint32_t preferred_lifetime = 0;
    std::uint32_t reserved2 = 0;
    ipv6_address prefix{};
    static consteval auto schema() {
        return wirecraft::schema<"nd_prefix_information">(
            field<"prefix_length", &nd_prefix_information::prefix_length>(),
            field<"on_link", &nd_prefix_information::on_link>(),
            field<"autonomous", &nd_prefix_information::autonomous>(),
            field<"router_address", &nd_prefix_information::router_address>(),
            field<"reserved1", &nd_prefix_information::reserved1>(bits<5>),
            field<"valid_lifetime", &nd_prefix_information::valid_lifetime>(),
            field<"preferred_lifetime", &nd_prefix_information::preferred_lifetime>(),
            field<"reserved2", &nd_prefix_information::reserved2>(),
            field<"prefix", &nd_prefix_information::prefix>());
    }
};
struct nd_mtu {  // 5
    std::uint16_t reserved = 0;
    std::uint32_t mtu = 0;
    static consteval auto schema() {
        return wirecraft::schema<"nd_mtu">(field<"reserved", &nd_mtu::reserved>(), field<"mtu", &nd_mtu::mtu>());
    }
};
struct nd_redirected_header {  // 4: as much of the redirected packet as fits
    std::vector<std::byte> reserved = std::vector<std::byte>(6);
    std::vector<std::byte> packet{};
    static consteval auto schema() {
        return wirecraft::schema<"nd_redirected_header">(
            field<"reserved", &nd_redirected_header::reserved>(bytes).sized_by(constant_expr{6}),
            field<"packet", &nd_redirected_header::packet>(rest));
    }
};
struct nd_recursive_dns_server {  // 25 (RFC 8106)
    std::uint16_t reserved = 0;
    std::uint32_t lifetime = 0;
    std::vector<ipv6_address> servers{};
    static consteval auto schema() {
        return wirecraft::schema<"nd_recursive_dns_server">(
            field<"reserved", &nd_recursive_dns_server::reserved>(),
            field<"lifetime", &nd_recursive_dns_server::lifetime>(),
            field<"servers", &nd_recursive_dns_server::servers>(repeated(octets_codec<ipv6_address>{})));
    }
};
struct nd_dns_search_list {  // 31 (RFC 8106): domain names in DNS wire format, zero-padded
    std::uint16_t reserved = 0;
    std::uint32_t lifetime = 0;
    std::vector<std::byte> domain_names{};
    static consteval auto schema() {
        return wirecraft::schema<"nd_dns_search_list">(
            field<"reserved", &nd_dns_search_list::reserved>(),
            field<"lifetime", &nd_dns_search_list::lifetime>(),
            field<"domain_names", &nd_dns_search_list::domain_names>(rest));
    }
};

// Which body parses which option's data (the tree printer shows their fields).
constexpr auto tlv_bodies(nd_option_type) {
    using t = nd_option_type;
    return tlv_body_list<tlv_body<t::source_link_address, nd_link_address>, tlv_body<t::target_link_address, nd_link_address>,
                         tlv_body<t::prefix_information, nd_prefix_information>, tlv_body<t::mtu, nd_mtu>,
                         tlv_body<t::redirected_header, nd_redirected_header>, tlv_body<t::recursive_dns_server, nd_recursive_dns_server>,
                         tlv_body<t::dns_search_list, nd_dns_search_list>>{};
}

template <protocol Body>
constexpr result<nd_option> make_nd_option(nd_option_type type, const Body& body) {
    auto data = to_bytes(body);
    if (!data) return data.error();
    return nd_option{type, std::move(*data)};
}

}  // namespace wirecraft
