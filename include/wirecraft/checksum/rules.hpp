// Checksum rules for schemas: which bytes a checksum field covers. They adapt the checksum
// functions to the engine's checksum_input; protocols pick one with `.checksum(rule)`.
//
// A rule is an object with
//   operator()(in)      the value to write, over bytes where the checksum field is zero;
//   verify(in, stored)  whether bytes holding `stored` in the field are correct;
//   expected(in, stored) the value that should be there (for error messages);
//   needs_pseudo_header whether the layer below must supply a pseudo-header sum.
#pragma once
#include "../schema/field.hpp"
#include "internet.hpp"

namespace wirecraft::checksum_over {

// A pointer to one of checksum_input's spans (header or pdu), naming what a rule covers.
using checksum_input_span = wirecraft::detail::bytes_view checksum_input::*;

namespace detail {
// Over bytes that hold `stored` in the checksum field, what a sender computes with the field
// zero: adding ~stored subtracts it in ones'-complement arithmetic (RFC 1624 section 3).
constexpr std::uint16_t without_field(std::uint64_t sum_with_field, std::uint16_t stored) {
    return static_cast<std::uint16_t>(~fold_checksum(sum_with_field + static_cast<std::uint16_t>(~stored)));
}
}  // namespace detail

// RFC 1071 over one span of the input, with no pseudo-header: the header or the whole PDU.
template <checksum_input_span Covered>
struct internet_checksum_over {
    static constexpr bool needs_pseudo_header = false;
    constexpr std::uint16_t operator()(const checksum_input& in) const { return internet_checksum(in.*Covered); }
    constexpr bool verify(const checksum_input& in, std::uint16_t) const { return internet_checksum(in.*Covered) == 0; }
    constexpr std::uint16_t expected(const checksum_input& in, std::uint16_t stored) const {
        return detail::without_field(checksum_sum(in.*Covered), stored);
    }
};
inline constexpr internet_checksum_over<&checksum_input::header> header{};  // IPv4: the header only
inline constexpr internet_checksum_over<&checksum_input::pdu> pdu{};        // ICMP: header and payload

// UDP, TCP, ICMPv6: the pseudo-header (the addresses, summed by the layer below; this layer's
// own protocol number and length), then the PDU. The protocol number is the upper layer's own,
// as Scapy does, so an IPv6 extension-header chain between the two does not change the sum.
// UDP: a computed zero is sent as 0xffff, and a zero on the wire means "no checksum"
// (RFC 768), which verifies.
struct pseudo_header_and_pdu_rule {
    std::uint8_t protocol = 0;
    bool zero_means_no_checksum = false;
    static constexpr bool needs_pseudo_header = true;

    constexpr std::uint64_t start(const checksum_input& in) const {
        return in.context.pseudo_header_sum + protocol + length_sum(in.pdu.size());
    }
    constexpr std::uint16_t operator()(const checksum_input& in) const {
        const std::uint16_t c = internet_checksum(in.pdu, start(in));
        return c == 0 && zero_means_no_checksum ? std::uint16_t{0xffff} : c;
    }
    constexpr bool verify(const checksum_input& in, std::uint16_t stored) const {
        return (stored == 0 && zero_means_no_checksum) || internet_checksum(in.pdu, start(in)) == 0;
    }
    constexpr std::uint16_t expected(const checksum_input& in, std::uint16_t stored) const {
        const std::uint16_t c = detail::without_field(checksum_sum(in.pdu, start(in)), stored);
        return c == 0 && zero_means_no_checksum ? std::uint16_t{0xffff} : c;
    }
};
constexpr pseudo_header_and_pdu_rule pseudo_header_and_pdu(std::uint8_t protocol, bool zero_means_no_checksum = false) {
    return {protocol, zero_means_no_checksum};
}

}  // namespace wirecraft::checksum_over
