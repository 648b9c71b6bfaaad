// DNS messages of the corpus, as a UDP frame's payload, and a message's bytes. Shared by
// tests/proto/dns_test.cpp and dns_name_test.cpp.
#pragma once
#include <string>
#include <vector>

#include <wirecraft/proto/dns.hpp>
#include <wirecraft/wirecraft.hpp>

#include "checks.hpp"

namespace wctest {

struct dns_frame {
    loaded_frame frame;
    wirecraft::detail::bytes_view payload;
};
inline dns_frame dns_of(const std::string& capture, int number) {
    dns_frame f{nth_frame(capture, number), {}};
    layer_finder<wirecraft::udp> visit;
    wirecraft::dissect(f.frame.packet.data, static_cast<std::uint32_t>(f.frame.packet.link), visit);
    REQUIRE(visit.layer);
    f.payload = visit.layer->payload();
    return f;
}
inline std::vector<std::byte> serialized(const wirecraft::dns& message) {
    auto bytes = wirecraft::to_bytes(message);
    REQUIRE(bytes);
    return *bytes;
}

}  // namespace wctest
