// DHCP: an OFFER with 7 options (tcpdump's dhcp-rfc3004.pcap #2), after Eth/IPv4/UDP.
#include "../bench_support.hpp"

[[maybe_unused]] const bool dhcp_offer = wcbench::register_layer<wirecraft::dhcp>("dhcp/offer", "tcpdump/dhcp-rfc3004.pcap", 2, 14 + 20 + 8);
