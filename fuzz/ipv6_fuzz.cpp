// IPv6 and its extension-header chain, walked through the bindings (so the chain's bound is
// exercised), every layer round-tripped; routing bodies parsed as their own schemas.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    struct visitor : layer_checker {
        using layer_checker::operator();
        void operator()(const wc::view<wc::ipv6_routing>& routing) {
            layer_checker::operator()(routing);
            round_trip<wc::ipv6_routing_addresses>(routing.get<"data">());
            round_trip<wc::ipv6_segment_routing>(routing.get<"data">());
            (void)wc::ipv6_routing::final_destination(wc::to_owned(routing));
        }
    } check;
    const auto r = wc::dissect_from<wc::standard_bindings, wc::ipv6>(as_bytes(data, size), check);
    if (r.failure) check_error(*r.failure);
    return 0;
}
