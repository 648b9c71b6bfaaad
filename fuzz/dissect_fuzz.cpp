// Whole frames through dissect: the first byte picks the link type, the rest is the frame.
// Every visited layer keeps the round-trip properties; the walk ends (bounded layers) with
// either an error that prints as one line or bytes no binding claims.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    if (size == 0) return 0;
    static constexpr std::uint32_t links[] = {wc::linktype_ethernet, wc::linktype_linux_sll, wc::linktype_linux_sll2,
                                              wc::linktype_ipv4, wc::linktype_ipv6};
    const std::uint32_t link = links[data[0] % std::size(links)];
    layer_checker check;
    const auto r = wc::dissect(as_bytes(data + 1, size - 1), link, check, wc::dissect_options{.cut_short = (data[0] & 0x80) != 0});
    if (r.failure) check_error(*r.failure);
    if (check.layers != r.layers || r.layers > wc::dissect_options{}.max_layers) fail("dissect counts the layers it visits", "");
    return 0;
}
