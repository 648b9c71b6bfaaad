// IPv4 without options and with 24 bytes of options.
#include "../bench_support.hpp"

[[maybe_unused]] const bool ipv4_no_options = wcbench::register_layer<wirecraft::ipv4>("ipv4/no_options", "pcapplusplus/Dns.pcap", 1, 14);
[[maybe_unused]] const bool ipv4_with_options = wcbench::register_layer<wirecraft::ipv4>("ipv4/with_options", "pcapplusplus/ipv4-options.pcap", 1, 14);
