// ICMP, and the IPv4 header (with its transport ports) that an error message quotes.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    auto message = round_trip<wc::icmp>(as_bytes(data, size));
    if (!message) return 0;
    if (auto quoted = wc::icmp_quoted_ipv4(*message)) {
        if (!*quoted) check_error(quoted->error());
        round_trip<wc::ipv4>(message->payload(), {.allow_truncated_payload = true});
    }
    return 0;
}
