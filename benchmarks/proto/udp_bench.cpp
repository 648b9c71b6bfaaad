// UDP carrying a DNS response.
#include "../bench_support.hpp"

[[maybe_unused]] const bool udp_dns = wcbench::register_layer<wirecraft::udp>("udp/dns", "pcapplusplus/Dns.pcap", 1, 34);
