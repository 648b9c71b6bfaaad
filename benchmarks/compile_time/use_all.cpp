// Includes everything and instantiates parse, serialize, to_owned, equality and printing for
// every protocol: the cost a user pays in a TU that uses the whole library.
#include <wirecraft/wirecraft.hpp>
#include <cstdio>
namespace wc = wirecraft;
template <wc::protocol P>
std::size_t use(std::span<const std::byte> in) {
    auto v = wc::parse<P>(in);
    if (!v) return to_string(v.error()).size();
    auto owned = wc::to_owned(*v);
    auto bytes = wc::to_bytes(owned, v->payload());
    return wc::to_string(owned).size() + (bytes ? bytes->size() : 0) + (owned == owned) + wc::check_checksums(*v).has_value();
}
int main(int argc, char**) {
    std::array<std::byte, 64> b{};
    b[0] = std::byte(argc);
    return static_cast<int>(use<wc::ethernet>(b) + use<wc::vlan_tag>(b) + use<wc::arp>(b) + use<wc::ipv4>(b) + use<wc::icmp>(b) + use<wc::udp>(b) +
                            use<wc::linux_sll>(b) + use<wc::linux_sll2>(b) + use<wc::ipv4_route_option>(b) +
                            use<wc::ipv4_timestamp_option>(b) + use<wc::ipv4_router_alert_option>(b));
}
