// DHCP: the fixed part, the magic cookie, options with PAD, END and padding after it.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    if (auto v = round_trip<wc::dhcp>(as_bytes(data, size))) {
        (void)wc::message_type_of(*v);
        layer_checker::sink out;
        wc::wireshark_fields(*v, out);
        (void)wc::summary(*v);
    }
    return 0;
}
