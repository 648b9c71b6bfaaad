// ARP with any hardware and protocol address sizes.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    auto a = round_trip<wc::arp>(as_bytes(data, size));
    if (!a) return 0;
    (void)wc::arp_address<wc::mac_address>(a->get<"sender_hardware_address">());
    (void)wc::arp_address<wc::ipv4_address>(a->get<"target_protocol_address">());
    return 0;
}
