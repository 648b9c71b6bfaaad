// TCP: the data offset against the bytes present, every option framed, and the option bodies
// the library types parsed again as their own schemas.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    auto tcp = round_trip<wc::tcp>(as_bytes(data, size));
    if (!tcp) return 0;
    for (const auto& option : tcp->get<"options">()) {
        switch (option.kind) {
            case wc::tcp_option_kind::maximum_segment_size: round_trip<wc::tcp_mss_option>(option.data); break;
            case wc::tcp_option_kind::window_scale: round_trip<wc::tcp_window_scale_option>(option.data); break;
            case wc::tcp_option_kind::sack: round_trip<wc::tcp_sack_option>(option.data); break;
            case wc::tcp_option_kind::timestamps: round_trip<wc::tcp_timestamps_option>(option.data); break;
            case wc::tcp_option_kind::fast_open: round_trip<wc::tcp_fast_open_option>(option.data); break;
            case wc::tcp_option_kind::user_timeout: round_trip<wc::tcp_user_timeout_option>(option.data); break;
            case wc::tcp_option_kind::authentication: round_trip<wc::tcp_authentication_option>(option.data); break;
            case wc::tcp_option_kind::multipath: round_trip<wc::tcp_mptcp_option>(option.data); break;
            case wc::tcp_option_kind::experimental_1:
            case wc::tcp_option_kind::experimental_2: round_trip<wc::tcp_experimental_option>(option.data); break;
            default: break;
        }
    }
    return 0;
}
