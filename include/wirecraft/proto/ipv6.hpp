// IPv6 (RFC 8200) and its extension headers. Each extension header is a layer of its own, as
// in Scapy, so a packet is ipv6 / ipv6_hop_by_hop / ipv6_fragment / udp, and each names the
// next one in its next_header field. `dissect` bounds how many may follow each other.
//
//   | version (4) | traffic class (8) | flow label (20) |
//   | payload length (16) | next header (8) | hop limit (8) |
//   | source address (128) | destination address (128) |
//
// Extension headers (hop-by-hop, routing, destination options) share one frame: next header (8),
// header extension length (8, in 8-octet units not counting the first 8), then their body.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "../schema.hpp"
#include "ipv4.hpp"  // ip_protocol: one numbering for IPv4's protocol and IPv6's next header

namespace wirecraft {

struct ipv6 {
    std::uint8_t version = 6;
    std::uint8_t traffic_class = 0;  // DSCP (6 high bits) and ECN (2 low bits)
    std::uint32_t flow_label = 0;
    std::optional<std::uint16_t> payload_length{};  // everything after this header, extension headers included
    std::optional<ip_protocol> next_header{};         // empty: named by the layer stacked above
    std::uint8_t hop_limit = 64;
    ipv6_address source{};
    ipv6_address destination{};

    static consteval auto schema() {
        return wirecraft::schema<"ipv6">(
            field<"version", &ipv6::version>(bits<4>).must_be(6),
            field<"traffic_class", &ipv6::traffic_class>(),
            field<"flow_label", &ipv6::flow_label>(bits<20>),
            field<"payload_length", &ipv6::payload_length>().computed(payload_size),
            field<"next_header", &ipv6::next_header>().selects_next_layer(),
            field<"hop_limit", &ipv6::hop_limit>(),
            field<"source", &ipv6::source>(),
            field<"destination", &ipv6::destination>())
            // A jumbogram (RFC 2675) has payload length 0 and its real length, over 65,535, in a
            // hop-by-hop Jumbo Payload option: it takes every byte it is given.
            .total_size(if_else(ref<"payload_length"> == 0 && ref<"next_header"> == static_cast<int>(ip_protocol::hop_by_hop),
                                available_size, ref<"payload_length"> + 40));
    }

    // What the pseudo-header of TCP, UDP and ICMPv6 takes from this layer (RFC 8200 section 8.1).
    static constexpr std::uint64_t pseudo_header(const ipv6& ip) { return pseudo_header_sum(ip.source, ip.destination); }
    template <class View>
        requires requires(const View& v) { v.template get<"flow_label">(); }
    static constexpr std::uint64_t pseudo_header(const View& ip) {
        return pseudo_header_sum(ip.template get<"source">(), ip.template get<"destination">());
    }
};

// Hop-by-hop and destination options (RFC 8200 section 4.2): Pad1 is a single zero octet,
// every other option is type, length (of the data), data.
enum class ipv6_option_type : std::uint8_t {
    pad1 = 0, padn = 1, jumbo_payload = 0xc2, router_alert = 0x05, tunnel_encapsulation_limit = 0x04,
    home_address = 0xc9, calipso = 0x07, quick_start = 0x26, ioam = 0x31,
};
constexpr std::string_view enum_name(ipv6_option_type t) {
    switch (t) {
        case ipv6_option_type::pad1: return "pad1";
        case ipv6_option_type::padn: return "padn";
        case ipv6_option_type::jumbo_payload: return "jumbo_payload";
        case ipv6_option_type::router_alert: return "router_alert";
        case ipv6_option_type::tunnel_encapsulation_limit: return "tunnel_encapsulation_limit";
        case ipv6_option_type::home_address: return "home_address";
        case ipv6_option_type::calipso: return "calipso";
        case ipv6_option_type::quick_start: return "quick_start";
        case ipv6_option_type::ioam: return "ioam";
    }
    return {};
}
using ipv6_option = tlv_item<ipv6_option_type>;
inline constexpr tlv_format ipv6_option_format{.pad_kind = 0};

// Hop-by-hop and destination options headers share one layout; the name tells them apart (and
// makes them distinct types, so bindings can tell them apart too). Crafted options are padded
// to 8 octets with zeros, which are Pad1 options; to match a peer byte for byte, add the PadN
// yourself.
template <fixed_string Name>
struct ipv6_options_header {
    std::optional<ip_protocol> next_header{};
    std::optional<std::uint8_t> length{};  // in 8-octet units, not counting the first 8
    std::vector<ipv6_option> options{};

    static consteval auto schema() {
        return wirecraft::schema<Name>(
            field<"next_header", &ipv6_options_header::next_header>().selects_next_layer(),
            field<"length", &ipv6_options_header::length>().computed(header_size / 8 - 1),
            field<"options", &ipv6_options_header::options>(tlv_list<ipv6_option_type, ipv6_option_format>())
                .sized_by((ref<"length"> + 1) * 8 - 2),
            padding<"options_padding">(8));
    }
};
using ipv6_hop_by_hop = ipv6_options_header<"ipv6_hop_by_hop">;
using ipv6_destination_options = ipv6_options_header<"ipv6_destination_options">;

enum class ipv6_routing_type : std::uint8_t { source_route = 0, nimrod = 1, mobility = 2, rpl = 3, segment_routing = 4, crh16 = 5, crh32 = 6 };
constexpr std::string_view enum_name(ipv6_routing_type t) {
    switch (t) {
        case ipv6_routing_type::source_route: return "source_route";
        case ipv6_routing_type::nimrod: return "nimrod";
        case ipv6_routing_type::mobility: return "mobility";
        case ipv6_routing_type::rpl: return "rpl";
        case ipv6_routing_type::segment_routing: return "segment_routing";
        case ipv6_routing_type::crh16: return "crh16";
        case ipv6_routing_type::crh32: return "crh32";
    }
    return {};
}

// Routing header (RFC 8200 section 4.4); the type-specific data is kept as bytes, with typed
// bodies below for types 0/2 and 4.
struct ipv6_routing {
    std::optional<ip_protocol> next_header{};
    std::optional<std::uint8_t> length{};
    ipv6_routing_type routing_type{ipv6_routing_type::segment_routing};
    std::uint8_t segments_left = 0;
    std::vector<std::byte> data{};

    static consteval auto schema() {
        return wirecraft::schema<"ipv6_routing">(
            field<"next_header", &ipv6_routing::next_header>().selects_next_layer(),
            field<"length", &ipv6_routing::length>().computed(header_size / 8 - 1),
            field<"routing_type", &ipv6_routing::routing_type>(),
            field<"segments_left", &ipv6_routing::segments_left>(),
            field<"data", &ipv6_routing::data>(bytes).sized_by((ref<"length"> + 1) * 8 - 4),
            padding<"data_padding">(8));
    }

    // Where the packet is finally going while segments are left: what TCP, UDP and ICMPv6
    // checksums use as the pseudo-header's destination (RFC 8200 section 8.1).
    static constexpr std::optional<ipv6_address> final_destination(const ipv6_routing& r);
};

// Types 0 (deprecated, RFC 5095) and 2 (Mobile IPv6): 4 reserved octets, then addresses.
struct ipv6_routing_addresses {
    std::uint32_t reserved = 0;
    std::vector<ipv6_address> addresses{};
    static consteval auto schema() {
        return wirecraft::schema<"ipv6_routing_addresses">(
            field<"reserved", &ipv6_routing_addresses::reserved>(),
            field<"addresses", &ipv6_routing_addresses::addresses>(repeated(octets_codec<ipv6_address>{})));
    }
};

// Type 4, the segment routing header (RFC 8754): segments in reverse order, then TLVs.
struct ipv6_segment_routing {
    std::uint8_t last_entry = 0;  // index of the last segment in the list
    std::uint8_t flags = 0;
    std::uint16_t tag = 0;
    std::vector<ipv6_address> segments{};
    std::vector<std::byte> tlvs{};
    static consteval auto schema() {
        return wirecraft::schema<"ipv6_segment_routing">(
            field<"last_entry", &ipv6_segment_routing::last_entry>(),
            field<"flags", &ipv6_segment_routing::flags>(),
            field<"tag", &ipv6_segment_routing::tag>(),
            field<"segments", &ipv6_segment_routing::segments>(repeated(octets_codec<ipv6_address>{}))
                .sized_by((ref<"last_entry"> + 1) * 16),
            field<"tlvs", &ipv6_segment_routing::tlvs>(rest));
    }
};

constexpr std::optional<ipv6_address> ipv6_routing::final_destination(const ipv6_routing& r) {
    if (r.segments_left == 0) return std::nullopt;
    const std::span<const std::byte> data(r.data);
    if (r.routing_type == ipv6_routing_type::source_route || r.routing_type == ipv6_routing_type::mobility) {
        auto body = parse<ipv6_routing_addresses>(data);
        if (!body) return std::nullopt;
        std::optional<ipv6_address> last;
        for (auto address : body->get<"addresses">()) last = address;
        return last;
    }
    if (r.routing_type == ipv6_routing_type::segment_routing) {  // segment list[0] is the last segment
        auto body = parse<ipv6_segment_routing>(data);
        if (!body) return std::nullopt;
        for (auto address : body->get<"segments">()) return address;
    }
    return std::nullopt;
}

// Fragment header (RFC 8200 section 4.5).
struct ipv6_fragment {
    std::optional<ip_protocol> next_header{};
    std::uint8_t reserved = 0;
    std::uint16_t fragment_offset = 0;  // in 8-octet units
    std::uint8_t reserved_bits = 0;
    bool more_fragments = false;
    std::uint32_t identification = 0;

    static consteval auto schema() {
        return wirecraft::schema<"ipv6_fragment">(
            field<"next_header", &ipv6_fragment::next_header>().selects_next_layer(),
            field<"reserved", &ipv6_fragment::reserved>(),
            field<"fragment_offset", &ipv6_fragment::fragment_offset>(bits<13>),
            field<"reserved_bits", &ipv6_fragment::reserved_bits>(bits<2>),
            field<"more_fragments", &ipv6_fragment::more_fragments>(),
            field<"identification", &ipv6_fragment::identification>());
    }
};

// Authentication header (RFC 4302, over IPv6 or IPv4), carried opaque: the integrity check value is kept as bytes.
// Its length counts 4-octet units, minus 2.
struct authentication_header {
    std::optional<ip_protocol> next_header{};
    std::optional<std::uint8_t> length{};
    std::uint16_t reserved = 0;
    std::uint32_t spi = 0;
    std::uint32_t sequence_number = 0;
    std::vector<std::byte> integrity_check_value{};

    static consteval auto schema() {
        return wirecraft::schema<"ah">(
            field<"next_header", &authentication_header::next_header>().selects_next_layer(),
            field<"length", &authentication_header::length>().computed(header_size / 4 - 2),
            field<"reserved", &authentication_header::reserved>(),
            field<"spi", &authentication_header::spi>(),
            field<"sequence_number", &authentication_header::sequence_number>(),
            field<"integrity_check_value", &authentication_header::integrity_check_value>(bytes)
                .sized_by((ref<"length"> + 2) * 4 - 12));
    }
};

// Encapsulating security payload (RFC 4303, over IPv6 or IPv4), carried opaque: what follows the sequence number
// is encrypted, so no next layer can be named and the walk ends here.
struct encapsulating_security_payload {
    std::uint32_t spi = 0;
    std::uint32_t sequence_number = 0;
    static consteval auto schema() {
        return wirecraft::schema<"esp">(field<"spi", &encapsulating_security_payload::spi>(), field<"sequence_number", &encapsulating_security_payload::sequence_number>());
    }
};

}  // namespace wirecraft
