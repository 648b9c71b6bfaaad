// ICMP for IPv4 (RFC 792, RFC 1191 for the next-hop MTU). The 4 bytes after the checksum
// depend on the type; the schema states which field is present when.
//
//   | type (8) | code (8) | checksum (16) |
//   | identifier (16) | sequence (16) |        echo, timestamp, information, address mask
//   | identifier (16) | sequence (8) | flags (8) |  extended echo (RFC 8335)
//   | gateway address (32) |                   redirect
//   | unused (16) | next-hop MTU (16) |        destination unreachable
//   | pointer (8) | unused (24) |              parameter problem
//   | rest of header (32) |                    everything else (time exceeded, source quench...)
//   | data ... |  echo data, or the quoted IP header + 8 bytes of an error
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "../checksum/rules.hpp"
#include "../schema.hpp"
#include "ipv4.hpp"

namespace wirecraft {

enum class icmp_type : std::uint8_t {
    echo_reply = 0, destination_unreachable = 3, source_quench = 4, redirect = 5, echo_request = 8,
    router_advertisement = 9, router_solicitation = 10, time_exceeded = 11, parameter_problem = 12,
    timestamp = 13, timestamp_reply = 14, information_request = 15, information_reply = 16,
    address_mask_request = 17, address_mask_reply = 18, extended_echo_request = 42, extended_echo_reply = 43,
};
constexpr std::string_view enum_name(icmp_type t) {
    switch (t) {
        case icmp_type::echo_reply: return "echo_reply";
        case icmp_type::destination_unreachable: return "destination_unreachable";
        case icmp_type::source_quench: return "source_quench";
        case icmp_type::redirect: return "redirect";
        case icmp_type::echo_request: return "echo_request";
        case icmp_type::router_advertisement: return "router_advertisement";
        case icmp_type::router_solicitation: return "router_solicitation";
        case icmp_type::time_exceeded: return "time_exceeded";
        case icmp_type::parameter_problem: return "parameter_problem";
        case icmp_type::timestamp: return "timestamp";
        case icmp_type::timestamp_reply: return "timestamp_reply";
        case icmp_type::information_request: return "information_request";
        case icmp_type::information_reply: return "information_reply";
        case icmp_type::address_mask_request: return "address_mask_request";
        case icmp_type::address_mask_reply: return "address_mask_reply";
        case icmp_type::extended_echo_request: return "extended_echo_request";
        case icmp_type::extended_echo_reply: return "extended_echo_reply";
    }
    return {};
}

struct icmp {
    icmp_type type{icmp_type::echo_request};
    std::uint8_t code = 0;
    std::optional<std::uint16_t> checksum{};
    std::uint16_t identifier = 0;
    std::uint16_t sequence = 0;
    ipv4_address gateway{};
    std::uint16_t unused = 0;
    std::uint16_t next_hop_mtu = 0;
    std::uint8_t pointer = 0;
    std::uint32_t rest_of_header = 0;
    std::uint8_t extended_sequence = 0;  // RFC 8335 extended echo
    std::uint8_t extended_flags = 0;

    static consteval auto schema() {
        constexpr auto t = ref<"type">;
        constexpr auto echo_like = one_of(t, 0, 8, 13, 14, 15, 16, 17, 18);
        constexpr auto extended_echo = one_of(t, 42, 43);
        return wirecraft::schema<"icmp">(
            field<"type", &icmp::type>(),
            field<"code", &icmp::code>(),
            field<"checksum", &icmp::checksum>().checksum(checksum_over::pdu),
            field<"identifier", &icmp::identifier>().when(echo_like || extended_echo),
            field<"sequence", &icmp::sequence>().when(echo_like),
            field<"extended_sequence", &icmp::extended_sequence>().when(extended_echo),
            field<"extended_flags", &icmp::extended_flags>().when(extended_echo),
            field<"gateway", &icmp::gateway>().when(t == 5),
            field<"unused", &icmp::unused>().when(t == 3),
            field<"next_hop_mtu", &icmp::next_hop_mtu>().when(t == 3),
            field<"pointer", &icmp::pointer>().when(t == 12),
            field<"pointer_unused", &icmp::rest_of_header>(bits<24>).when(t == 12),
            field<"rest_of_header", &icmp::rest_of_header>(be32)
                .when(!one_of(t, 0, 8, 13, 14, 15, 16, 17, 18, 42, 43, 5, 3, 12)));
    }
};

// Error messages quote the offending datagram's IP header and first bytes.
constexpr bool icmp_is_error(icmp_type t) {
    return t == icmp_type::destination_unreachable || t == icmp_type::source_quench || t == icmp_type::redirect ||
           t == icmp_type::time_exceeded || t == icmp_type::parameter_problem;
}

// The IP header an error message quotes. Its total length describes the original datagram,
// of which only the first bytes are quoted, so the payload may be short.
constexpr std::optional<result<view<ipv4>>> icmp_quoted_ipv4(const view<icmp>& message) {
    if (!icmp_is_error(message.get<"type">())) return std::nullopt;
    return parse<ipv4>(message.payload(), parse_options{.allow_truncated_payload = true});
}

}  // namespace wirecraft
