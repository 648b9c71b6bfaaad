// ICMPv6 with neighbour-discovery options; each option body the library types parsed again.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    auto message = round_trip<wc::icmpv6>(as_bytes(data, size));
    if (!message) return 0;
    if (auto options = message->get<"options">())
        for (const auto& option : *options) {
            switch (option.kind) {
                case wc::nd_option_type::source_link_address:
                case wc::nd_option_type::target_link_address: round_trip<wc::nd_link_address>(option.data); break;
                case wc::nd_option_type::prefix_information: round_trip<wc::nd_prefix_information>(option.data); break;
                case wc::nd_option_type::mtu: round_trip<wc::nd_mtu>(option.data); break;
                case wc::nd_option_type::redirected_header: round_trip<wc::nd_redirected_header>(option.data); break;
                case wc::nd_option_type::recursive_dns_server: round_trip<wc::nd_recursive_dns_server>(option.data); break;
                case wc::nd_option_type::dns_search_list: round_trip<wc::nd_dns_search_list>(option.data); break;
                default: break;
            }
        }
    return 0;
}
