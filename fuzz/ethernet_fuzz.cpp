// Ethernet II and the 802.1Q/802.1ad tags after it, as a frame arrives off the wire.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    auto eth = round_trip<wc::ethernet>(as_bytes(data, size));
    if (!eth) return 0;
    auto type = eth->get<"type">();
    auto payload = eth->payload();
    while (wc::is_vlan_tag(type)) {  // each tag consumes 4 bytes: the loop ends with the input
        auto tag = round_trip<wc::vlan_tag>(payload);
        if (!tag) return 0;
        type = tag->get<"type">();
        payload = tag->payload();
    }
    return 0;
}
