// ICMP echo request.
#include "../bench_support.hpp"

[[maybe_unused]] const bool icmp_echo = wcbench::register_layer<wirecraft::icmp>("icmp/echo", "pcapplusplus/IcmpPackets.pcap", 1, 34);
