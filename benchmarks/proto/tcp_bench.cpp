// TCP with MSS, SACK-permitted, timestamps and window scale (a DNS-over-TCP SYN).
#include "../bench_support.hpp"

[[maybe_unused]] const bool tcp_syn = wcbench::register_layer<wirecraft::tcp>("tcp/syn-options", "tcpdump/dns_tcp.pcap", 1, 34);
