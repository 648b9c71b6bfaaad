// IPv6 fixed header (an mDNS query over IPv6), and a hop-by-hop header with router alert.
#include "../bench_support.hpp"

[[maybe_unused]] const bool ipv6_udp = wcbench::register_layer<wirecraft::ipv6>("ipv6/udp", "pcapplusplus/Dns.pcap", 2, 14);
[[maybe_unused]] const bool ipv6_hop = wcbench::register_layer<wirecraft::ipv6_hop_by_hop>("ipv6_hop_by_hop/mld", "pcapplusplus/ipv6_options.pcap", 5, 54);
