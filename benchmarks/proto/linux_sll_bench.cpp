// Linux cooked capture headers, v1 and v2.
#include "../bench_support.hpp"

[[maybe_unused]] const bool linux_sll_v1 = wcbench::register_layer<wirecraft::linux_sll>("linux_sll/v1", "tcpdump/mptcp-v1.pcap", 1, 0);
[[maybe_unused]] const bool linux_sll2_v2 = wcbench::register_layer<wirecraft::linux_sll2>("linux_sll2/v2", "zeek/openjdk-25.0.2-zeek.org.pcap", 1, 0);
