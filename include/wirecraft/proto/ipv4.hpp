// IPv4 (RFC 791), with options (RFC 791 section 3.1, RFC 2113 router alert).
//
//   | version (4) | IHL (4) | DSCP (6) | ECN (2) | total length (16)               |
//   | identification (16)             | R | DF | MF | fragment offset (13)       |
//   | TTL (8) | protocol (8) | header checksum (16)                              |
//   | source address (32) | destination address (32) | options (IHL*4 - 20)      |
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "../checksum/rules.hpp"
#include "../schema.hpp"

namespace wirecraft {

enum class ip_protocol : std::uint8_t {
    hop_by_hop = 0, icmp = 1, igmp = 2, ipv4 = 4, tcp = 6, udp = 17, ipv6 = 41, ipv6_routing = 43,
    ipv6_fragment = 44, gre = 47, esp = 50, ah = 51, icmpv6 = 58, ipv6_no_next = 59,
    ipv6_destination = 60, ospf = 89, sctp = 132,
};
constexpr std::string_view enum_name(ip_protocol p) {
    switch (p) {
        case ip_protocol::hop_by_hop: return "hop_by_hop";
        case ip_protocol::icmp: return "icmp";
        case ip_protocol::igmp: return "igmp";
        case ip_protocol::ipv4: return "ipv4";
        case ip_protocol::tcp: return "tcp";
        case ip_protocol::udp: return "udp";
        case ip_protocol::ipv6: return "ipv6";
        case ip_protocol::ipv6_routing: return "ipv6_routing";
        case ip_protocol::ipv6_fragment: return "ipv6_fragment";
        case ip_protocol::gre: return "gre";
        case ip_protocol::esp: return "esp";
        case ip_protocol::ah: return "ah";
        case ip_protocol::icmpv6: return "icmpv6";
        case ip_protocol::ipv6_no_next: return "ipv6_no_next";
        case ip_protocol::ipv6_destination: return "ipv6_destination";
        case ip_protocol::ospf: return "ospf";
        case ip_protocol::sctp: return "sctp";
    }
    return {};
}

// The whole option type octet: copied flag (1 bit), class (2), number (5).
enum class ipv4_option_kind : std::uint8_t {
    end_of_list = 0, no_operation = 1, record_route = 7, timestamp = 68, security = 130,
    loose_source_route = 131, cipso = 134, stream_id = 136, strict_source_route = 137, router_alert = 148,
};
constexpr std::string_view enum_name(ipv4_option_kind k) {
    switch (k) {
        case ipv4_option_kind::end_of_list: return "end_of_list";
        case ipv4_option_kind::no_operation: return "no_operation";
        case ipv4_option_kind::record_route: return "record_route";
        case ipv4_option_kind::timestamp: return "timestamp";
        case ipv4_option_kind::security: return "security";
        case ipv4_option_kind::loose_source_route: return "loose_source_route";
        case ipv4_option_kind::cipso: return "cipso";
        case ipv4_option_kind::stream_id: return "stream_id";
        case ipv4_option_kind::strict_source_route: return "strict_source_route";
        case ipv4_option_kind::router_alert: return "router_alert";
    }
    return {};
}

using ipv4_option = tlv_item<ipv4_option_kind>;
// Length counts the type and length octets; EOL ends the list (bytes after it are padding,
// kept as the EOL item's data so a header re-serializes exactly); NOP is a single octet.
inline constexpr tlv_format ipv4_option_format{.length_includes_header = true, .pad_kind = 1, .end_kind = 0};

struct ipv4 {
    std::uint8_t version = 4;
    std::optional<std::uint8_t> header_length{};  // IHL, in 32-bit words
    std::uint8_t dscp = 0;
    std::uint8_t ecn = 0;
    std::optional<std::uint16_t> total_length{};
    std::uint16_t identification = 0;
    bool reserved_flag = false;
    bool dont_fragment = false;
    bool more_fragments = false;
    std::uint16_t fragment_offset = 0;  // in 8-byte units
    std::uint8_t ttl = 64;
    std::optional<ip_protocol> protocol{};  // empty: named by the layer stacked above
    std::optional<std::uint16_t> checksum{};
    ipv4_address source{};
    ipv4_address destination{};
    std::vector<ipv4_option> options{};

    static constexpr std::size_t max_header_size = 60;

    static consteval auto schema() {
        return wirecraft::schema<"ipv4">(
            field<"version", &ipv4::version>(bits<4>).must_be(4),
            field<"header_length", &ipv4::header_length>(bits<4>).computed(header_size / 4).at_least(5),
            field<"dscp", &ipv4::dscp>(bits<6>),
            field<"ecn", &ipv4::ecn>(bits<2>),
            field<"total_length", &ipv4::total_length>().computed(header_size + payload_size),
            field<"identification", &ipv4::identification>(),
            field<"reserved_flag", &ipv4::reserved_flag>(),
            field<"dont_fragment", &ipv4::dont_fragment>(),
            field<"more_fragments", &ipv4::more_fragments>(),
            field<"fragment_offset", &ipv4::fragment_offset>(bits<13>),
            field<"ttl", &ipv4::ttl>(),
            field<"protocol", &ipv4::protocol>().selects_next_layer(),
            field<"checksum", &ipv4::checksum>().checksum(checksum_over::header),
            field<"source", &ipv4::source>(),
            field<"destination", &ipv4::destination>(),
            field<"options", &ipv4::options>(tlv_list<ipv4_option_kind, ipv4_option_format>())
                .sized_by(ref<"header_length"> * 4 - 20),
            padding<"options_padding">(4))  // crafted options are padded with zeros (EOL)
            .total_size(ref<"total_length">);
    }

    // What UDP and TCP pseudo-headers take from this layer: the addresses (their checksum
    // rules add their own protocol number and length).
    static constexpr std::uint64_t pseudo_header(const ipv4& ip) { return pseudo_header_sum(ip.source, ip.destination); }
    // The same from a parsed header, to check the checksums of the layer it carries.
    template <class View>
        requires requires(const View& v) { v.template get<"source">(); }
    static constexpr std::uint64_t pseudo_header(const View& ip) {
        return pseudo_header_sum(ip.template get<"source">(), ip.template get<"destination">());
    }
};

// Typed bodies of the options that carry structure: parse one from an option's data with
// parse<ipv4_route_option>(option.data), craft one and put its bytes in an ipv4_option.
struct ipv4_route_option {  // record route (7), loose (131) and strict (137) source route
    std::uint8_t pointer = 4;  // 1-based offset of the next free slot, counted from the type octet
    std::vector<ipv4_address> addresses{};
    static consteval auto schema() {
        return wirecraft::schema<"ipv4_route_option">(
            field<"pointer", &ipv4_route_option::pointer>().at_least(4),
            field<"addresses", &ipv4_route_option::addresses>(repeated(octets_codec<ipv4_address>{})));
    }
};

enum class ipv4_timestamp_flag : std::uint8_t { timestamps_only = 0, with_addresses = 1, prespecified = 3 };
struct ipv4_timestamp_option {  // timestamp (68), RFC 791 page 22
    std::uint8_t pointer = 5;
    std::uint8_t overflow = 0;
    ipv4_timestamp_flag flag{};
    std::vector<std::byte> data{};  // timestamps, or address/timestamp pairs, per `flag`
    static consteval auto schema() {
        return wirecraft::schema<"ipv4_timestamp_option">(
            field<"pointer", &ipv4_timestamp_option::pointer>().at_least(5),
            field<"overflow", &ipv4_timestamp_option::overflow>(bits<4>),
            field<"flag", &ipv4_timestamp_option::flag>(bits<4>),
            field<"data", &ipv4_timestamp_option::data>(rest));
    }
};

struct ipv4_router_alert_option {  // router alert (148), RFC 2113
    std::uint16_t value = 0;  // 0: routers shall examine packet
    static consteval auto schema() {
        return wirecraft::schema<"ipv4_router_alert_option">(field<"value", &ipv4_router_alert_option::value>());
    }
};

// Which body parses which option's data (the tree printer shows their fields).
constexpr auto tlv_bodies(ipv4_option_kind) {
    using k = ipv4_option_kind;
    return tlv_body_list<tlv_body<k::record_route, ipv4_route_option>, tlv_body<k::loose_source_route, ipv4_route_option>,
                         tlv_body<k::strict_source_route, ipv4_route_option>, tlv_body<k::timestamp, ipv4_timestamp_option>,
                         tlv_body<k::router_alert, ipv4_router_alert_option>>{};
}

// An option whose data is a typed body, ready to put into ipv4::options.
template <protocol Body>
constexpr result<ipv4_option> make_ipv4_option(ipv4_option_kind kind, const Body& body) {
    auto data = to_bytes(body);
    if (!data) return data.error();
    return ipv4_option{kind, std::move(*data)};
}

}  // namespace wirecraft
