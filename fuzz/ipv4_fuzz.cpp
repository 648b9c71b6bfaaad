// IPv4 with options; each option the library types (route, timestamp, router alert) is parsed
// again as its own schema. The first input byte chooses whether a short payload is accepted,
// as it is for the header an ICMP error quotes.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    if (size == 0) return 0;
    const bool truncated_ok = data[0] & 1;
    auto ip = round_trip<wc::ipv4>(as_bytes(data + 1, size - 1), {.allow_truncated_payload = truncated_ok});
    if (!ip) return 0;
    for (const auto& option : ip->get<"options">()) {
        switch (option.kind) {
            case wc::ipv4_option_kind::record_route:
            case wc::ipv4_option_kind::loose_source_route:
            case wc::ipv4_option_kind::strict_source_route: round_trip<wc::ipv4_route_option>(option.data); break;
            case wc::ipv4_option_kind::timestamp: round_trip<wc::ipv4_timestamp_option>(option.data); break;
            case wc::ipv4_option_kind::router_alert: round_trip<wc::ipv4_router_alert_option>(option.data); break;
            default: break;
        }
    }
    return 0;
}
