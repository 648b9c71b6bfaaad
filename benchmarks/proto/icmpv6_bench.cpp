// ICMPv6 router advertisement with three ND options.
#include "../bench_support.hpp"

[[maybe_unused]] const bool icmpv6_ra = wcbench::register_layer<wirecraft::icmpv6>("icmpv6/router-advertisement", "zeek/icmp6-nd-options.pcap", 3, 54);
