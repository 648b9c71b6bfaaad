// One 802.1Q / 802.1ad tag.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    wcfuzz::round_trip<wirecraft::vlan_tag>(wcfuzz::as_bytes(data, size));
    return 0;
}
