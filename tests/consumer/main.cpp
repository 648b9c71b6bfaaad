// A user's program: include the library, craft a packet, parse it back.
#include <wirecraft/wirecraft.hpp>

int main() {
    namespace wc = wirecraft;
    auto bytes = wc::to_bytes(wc::ipv4{.protocol = wc::ip_protocol::udp, .source = "10.0.0.1", .destination = "10.0.0.2"} /
        wc::udp{.source_port = 1, .destination_port = 2});
    if (!bytes) return 1;
    auto ip = wc::parse<wc::ipv4>(*bytes);
    return ip && ip->get<"total_length">() == 28 && wc::internet_checksum(ip->header()) == 0 ? 0 : 1;
}
