// DHCP: the fixed part, the magic cookie, options with PAD, END and padding after it, option
// overload into file and sname, and every typed option value (joined across instances).
#include "fuzz.hpp"

namespace {
namespace wc = wirecraft;
// Decodes every kind that has a typed body; each must give a value, nothing, or an error.
template <wc::dhcp_option_kind... Kinds>
void read_values(const wc::view<wc::dhcp>& v) {
    ((void)wc::dhcp_option_value<Kinds>(v), ...);
}
template <class... Entries>
void read_all_values(const wc::view<wc::dhcp>& v, wc::tlv_body_list<Entries...>) {
    read_values<Entries::kind...>(v);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    if (auto v = round_trip<wc::dhcp>(as_bytes(data, size))) {
        (void)wc::message_type_of(*v);
        read_all_values(*v, tlv_bodies(wc::dhcp_option_kind{}));
        layer_checker::sink out;
        wc::wireshark_fields(*v, out);
        (void)wc::summary(*v);
    }
    return 0;
}
