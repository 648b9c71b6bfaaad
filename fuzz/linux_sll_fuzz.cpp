// Linux cooked capture headers, v1 and v2.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    const auto in = as_bytes(data, size);
    if (auto sll = round_trip<wc::linux_sll>(in))
        (void)wc::sll_mac_address(sll->get<"address_type">(), sll->get<"address_length">(), sll->get<"address">());
    if (auto sll = round_trip<wc::linux_sll2>(in))
        (void)wc::sll_mac_address(sll->get<"address_type">(), sll->get<"address_length">(), sll->get<"address">());
    return 0;
}
