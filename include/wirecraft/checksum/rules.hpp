// Checksum rules for schemas: which bytes a checksum field covers. They adapt the checksum
// functions to the engine's checksum_input; protocols pick one with `.checksum(rule)`.
#pragma once
#include "../schema/field.hpp"
#include "internet.hpp"

namespace wirecraft::checksum_over {

// IPv4 header checksum: the header only.
inline constexpr auto header = [](const checksum_input& in) -> std::uint16_t { return internet_checksum(in.header); };
// ICMP: the header and everything after it.
inline constexpr auto pdu = [](const checksum_input& in) -> std::uint16_t { return internet_checksum(in.pdu); };
// UDP, TCP, ICMPv6: the pseudo-header supplied by the layer below, then the PDU. A zero
// result is sent as 0xffff (RFC 768), since 0 means "no checksum" in UDP over IPv4.
inline constexpr auto pseudo_header_and_pdu = [](const checksum_input& in) -> std::uint16_t {
    const std::uint64_t start = in.context.pseudo_header_sum + length_sum(in.pdu.size());
    const std::uint16_t c = internet_checksum(in.pdu, start);
    return c == 0 ? std::uint16_t{0xffff} : c;
};

}  // namespace wirecraft::checksum_over
