// UDP (RFC 768). The checksum covers the pseudo-header from the IP layer below.
//
//   | source port (16) | destination port (16) | length (16) | checksum (16) |
#pragma once
#include <cstdint>
#include <optional>

#include "../checksum/rules.hpp"
#include "../schema.hpp"

namespace wirecraft {

struct udp {
    std::uint16_t source_port = 0;
    std::uint16_t destination_port = 0;
    std::optional<std::uint16_t> length{};    // header and payload, in bytes
    std::optional<std::uint16_t> checksum{};  // 0 on the wire: no checksum (IPv4 only)

    static consteval auto schema() {
        return wirecraft::schema<"udp">(
            field<"source_port", &udp::source_port>(),
            field<"destination_port", &udp::destination_port>(),
            field<"length", &udp::length>().computed(header_size + payload_size),
            field<"checksum", &udp::checksum>().checksum(checksum_over::pseudo_header_and_pdu(17, true)))
            .total_size(ref<"length">);
    }
};

}  // namespace wirecraft
